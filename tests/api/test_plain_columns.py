"""Plain column fields skip the per-field machinery (kserp/api/core/plain_fields.py): their
resolver reads the loaded value, and the optimizer's resolver middleware does not wrap it."""

from strawberry.extensions import SchemaExtension
from strawberry_django.optimizer import DjangoOptimizerExtension

from kserp.api.schema import schema


def _field(type_name: str, field_name: str):
    return schema._schema.type_map[type_name].fields[field_name]


def test_plain_columns_have_the_reading_resolver_and_relations_and_custom_ones_do_not():
    assert getattr(_field("Invoice", "number").resolve, "plain_column", None) == "number"
    assert getattr(_field("InvoiceLine", "unitPrice").resolve, "plain_column", None) == "unit_price"
    assert not hasattr(_field("Invoice", "client").resolve, "plain_column")  # a relation
    assert not hasattr(_field("Invoice", "amountDue").resolve, "plain_column")  # a custom resolver


def test_the_optimizer_middleware_wraps_every_resolver_but_the_plain_columns():
    manager = schema._get_middleware_manager([DjangoOptimizerExtension()])
    plain = _field("Invoice", "number").resolve
    custom = _field("Invoice", "amountDue").resolve
    assert manager.get_field_resolver(plain) is plain
    assert manager.get_field_resolver(custom) is not custom


def test_another_resolving_extension_keeps_every_field_wrapped():
    class Other(SchemaExtension):
        def resolve(self, _next, root, info, *args, **kwargs):
            return _next(root, info, *args, **kwargs)

    manager = schema._get_middleware_manager([DjangoOptimizerExtension(), Other()])
    plain = _field("Invoice", "number").resolve
    assert manager.get_field_resolver(plain) is not plain
