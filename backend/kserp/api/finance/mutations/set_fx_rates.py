from __future__ import annotations

import strawberry
from strawberry.types import Info

from kserp.api.core.context import current_user
from kserp.api.core.errors import ValidationFailed, user_errors
from kserp.api.core.permissions import HasPerm, IsStaff, Require
from kserp.api.finance.books_types import FxRateInput, FxRatesPayload, FxRateType
from kserp.finance.books import RateIn, fx_rates_parse_csv, fx_rates_set


def set_fx_rates_mutation(info: Info, rates: list[FxRateInput] | None = None, csv: str | None = None) -> FxRatesPayload:
    try:
        given = [
            RateIn(date=r.date, base=r.base.strip().upper(), quote=r.quote.strip().upper(), rate=r.rate)
            for r in rates or []
        ]
        if csv:
            given += fx_rates_parse_csv(csv)
        stored = fx_rates_set(rates=given, source="import" if csv else "entered", actor=current_user(info))
    except ValidationFailed as failed:
        return FxRatesPayload(rates=[], errors=user_errors(failed.errors))
    return FxRatesPayload(
        rates=[FxRateType(date=r.date, base=r.base, quote=r.quote, rate=r.rate, source=r.source) for r in stored],
        errors=[],
    )


set_fx_rates_field = strawberry.mutation(
    resolver=set_fx_rates_mutation,
    description="Enter or replace dated FX rates, as a list or a CSV document (`date,base,quote,rate`).",
    extensions=[Require(IsStaff(), HasPerm("finance.add_fxrate"))],
)
