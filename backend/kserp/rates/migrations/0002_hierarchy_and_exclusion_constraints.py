"""Seed the default hierarchy and add the PostgreSQL-only exclusion constraints.

The exclusion constraints (btree_gist) hold "never overlapping" validity in the database. They are
DEFERRABLE INITIALLY DEFERRED so a transaction may end-date one row and add its successor in any
order; they are checked at commit (or at `SET CONSTRAINTS ALL IMMEDIATE`). SQLite has no
equivalent: there the services' checks (`kserp.rates.services`) are the only guard, and they run on
every database anyway.
"""

from django.db import migrations

DEFAULT_LEVELS = ("country", "brand", "state", "client", "cost_centre", "payee", "job_order")

# (table, constraint name, columns compared with "=")
EXCLUSIONS = (
    ("rates_payagreement", "rates_payagreement_no_overlap_at_node", ("node_level", "node_value")),
    ("rates_billagreement", "rates_billagreement_no_overlap_at_node", ("node_level", "node_value")),
    ("rates_oncostvalue", "rates_oncostvalue_no_overlap", ("oncost_id",)),
    ("rates_payraterule", "rates_payraterule_no_overlap", ("agreement_id", "pay_code_id", "node_level", "node_value")),
    (
        "rates_billrateline",
        "rates_billrateline_one_rule_per_node_and_scope",
        ("agreement_id", "node_level", "node_value", "scope_kind", "scope_value"),
    ),
)


def seed_levels(apps, schema_editor):
    HierarchyLevel = apps.get_model("rates", "HierarchyLevel")
    if not HierarchyLevel.objects.exists():
        HierarchyLevel.objects.bulk_create(
            HierarchyLevel(name=name, position=position) for position, name in enumerate(DEFAULT_LEVELS)
        )


def add_exclusions(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("CREATE EXTENSION IF NOT EXISTS btree_gist")
    for table, name, columns in EXCLUSIONS:
        equal = ", ".join(f"{column} WITH =" for column in columns)
        schema_editor.execute(
            f"ALTER TABLE {table} ADD CONSTRAINT {name} EXCLUDE USING gist "
            f"({equal}, daterange(valid_from, valid_to, '[]') WITH &&) DEFERRABLE INITIALLY DEFERRED"
        )


def drop_exclusions(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for table, name, _ in EXCLUSIONS:
        schema_editor.execute(f"ALTER TABLE {table} DROP CONSTRAINT IF EXISTS {name}")


class Migration(migrations.Migration):
    dependencies = [("rates", "0001_initial")]

    operations = [
        migrations.RunPython(seed_levels, migrations.RunPython.noop),
        migrations.RunPython(add_exclusions, drop_exclusions),
    ]
