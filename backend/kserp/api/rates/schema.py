import strawberry

from kserp.api.rates.mutations.bill_agreement_create import create_bill_agreement_field
from kserp.api.rates.mutations.bill_agreement_end import end_bill_agreement_field
from kserp.api.rates.mutations.bill_rule_add import add_bill_rate_rule_field
from kserp.api.rates.mutations.bill_rule_change_rate import change_bill_rate_field
from kserp.api.rates.mutations.configuration_import import import_configuration_field
from kserp.api.rates.queries import RatesQuery


@strawberry.type
class RatesMutation:
    import_configuration = import_configuration_field
    create_bill_agreement = create_bill_agreement_field
    end_bill_agreement = end_bill_agreement_field
    add_bill_rate_rule = add_bill_rate_rule_field
    change_bill_rate = change_bill_rate_field


__all__ = ["RatesMutation", "RatesQuery"]
