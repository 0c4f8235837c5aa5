import strawberry

from kserp.api.rates.mutations.bill_agreement_create import create_bill_agreement_field
from kserp.api.rates.mutations.bill_agreement_end import end_bill_agreement_field
from kserp.api.rates.mutations.bill_rule_add import add_bill_rate_rule_field
from kserp.api.rates.mutations.bill_rule_change_rate import change_bill_rate_field
from kserp.api.rates.mutations.bill_rule_end import end_bill_rate_line_field, end_bill_rate_rule_field
from kserp.api.rates.mutations.configuration_import import import_configuration_field
from kserp.api.rates.mutations.oncost_value_change import change_oncost_value_field
from kserp.api.rates.mutations.pay_rate_change import change_pay_rate_field
from kserp.api.rates.previews import RatePreviewQuery
from kserp.api.rates.queries import RatesQuery


@strawberry.type
class RatesMutation:
    import_configuration = import_configuration_field
    create_bill_agreement = create_bill_agreement_field
    end_bill_agreement = end_bill_agreement_field
    add_bill_rate_rule = add_bill_rate_rule_field
    change_bill_rate = change_bill_rate_field
    end_bill_rate_rule = end_bill_rate_rule_field
    end_bill_rate_line = end_bill_rate_line_field
    change_pay_rate = change_pay_rate_field
    change_oncost_value = change_oncost_value_field


__all__ = ["RatePreviewQuery", "RatesMutation", "RatesQuery"]
