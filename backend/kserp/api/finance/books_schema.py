"""The books in GraphQL: chart of accounts with balances, journals, trial balance, profit and
loss, balance sheet, consolidation; period locks, manual journals and FX rates."""

from __future__ import annotations

import datetime as dt
from typing import Annotated

import strawberry
import strawberry_django
from django.conf import settings
from django.db.models import QuerySet
from graphql import GraphQLError
from strawberry.types import Info
from strawberry_django.relay import DjangoListConnection

from kserp.api.core.lookup import by_id_or_code
from kserp.api.core.permissions import HasPerm, IsStaff, Perm, Require, viewer_access
from kserp.api.finance.books_types import (
    AccountBalance,
    BalanceSheet,
    Consolidation,
    FxRateType,
    GroupMember,
    JournalFilter,
    JournalType,
    PeriodLockType,
    ProfitAndLoss,
    TrialBalance,
    rows_of,
)
from kserp.api.finance.mutations.confirm_statement_line import confirm_statement_line_field
from kserp.api.finance.mutations.ignore_statement_line import ignore_statement_line_field
from kserp.api.finance.mutations.import_bank_statement import import_bank_statement_field
from kserp.api.finance.mutations.lock_period import lock_period_field
from kserp.api.finance.mutations.post_journal import post_journal_field
from kserp.api.finance.mutations.send_document import send_document_field
from kserp.api.finance.mutations.set_fx_rates import set_fx_rates_field
from kserp.api.finance.mutations.unlock_period import unlock_period_field
from kserp.api.finance.statement_types import BankStatementType
from kserp.api.finance.types import entities_visible
from kserp.base.models import Entity
from kserp.finance import selectors
from kserp.finance.models import BankStatement, FxRate, Journal, PeriodLock

VIEW_LEDGER = "finance.view_journal"
DateFrom = Annotated[dt.date, strawberry.argument(name="from", description="First day (inclusive).")]
DateTo = Annotated[dt.date, strawberry.argument(name="to", description="Last day (inclusive).")]


def entity_named(info: Info, value: strawberry.ID) -> Entity:
    found = by_id_or_code(entities_visible(viewer_access(info).entity_id), str(value), type_name="Entity")
    if found is None:
        raise GraphQLError(f"No entity {value!r}.", extensions={"code": "NOT_FOUND"})
    return found


def _ledger(description: str) -> dict:
    return {"description": description, "extensions": [Require(IsStaff(), HasPerm(VIEW_LEDGER))]}


@strawberry.type
class BooksQuery:
    @strawberry.field(
        **_ledger(
            "An entity's chart of accounts with each account's debits, credits and balance "
            "of the journals dated in the period (open ends: all)."
        )
    )
    def account_balances(
        self,
        info: Info,
        entity: strawberry.ID,
        date_from: Annotated[dt.date | None, strawberry.argument(name="from")] = None,
        date_to: Annotated[dt.date | None, strawberry.argument(name="to")] = None,
    ) -> list[AccountBalance]:
        rows = selectors.account_balances(entity=entity_named(info, entity), date_from=date_from, date_to=date_to)
        return [AccountBalance.of(row) for row in rows]

    @strawberry.field(**_ledger("An entity's trial balance on a date."))
    def trial_balance(self, info: Info, entity: strawberry.ID, as_of: dt.date) -> TrialBalance:
        found = entity_named(info, entity)
        report = selectors.trial_balance(entity=found, as_of=as_of)
        return TrialBalance(
            entity=found,  # type: ignore[arg-type]
            as_of=as_of,
            currency=report.currency,
            debit_total=report.debit_total,
            credit_total=report.credit_total,
            rows=rows_of(report.rows),
        )

    @strawberry.field(**_ledger("An entity's profit and loss for a period."))
    def profit_and_loss(self, info: Info, entity: strawberry.ID, date_from: DateFrom, date_to: DateTo) -> ProfitAndLoss:
        return ProfitAndLoss.of(
            selectors.profit_and_loss(entity=entity_named(info, entity), date_from=date_from, date_to=date_to)
        )

    @strawberry.field(**_ledger("An entity's balance sheet on a date."))
    def balance_sheet(self, info: Info, entity: strawberry.ID, as_of: dt.date) -> BalanceSheet:
        return BalanceSheet.of(selectors.balance_sheet(entity=entity_named(info, entity), as_of=as_of))

    @strawberry.field(
        **_ledger(
            "The group's reports in the group currency (default: the `KSERP_GROUP_CURRENCY` setting): every "
            "entity's balances at its closing rate, intercompany balances eliminated; with `translation: AVERAGE` the "
            "period's profit and loss at its average rate and the difference in the translation reserve."
        )
    )
    def consolidation(
        self,
        info: Info,
        as_of: dt.date,
        currency: str | None = None,
        entities: list[strawberry.ID] | None = None,
        date_from: Annotated[dt.date | None, strawberry.argument(name="from")] = None,
        translation: Annotated[str, strawberry.argument(description="CLOSING (default) | AVERAGE")] = "CLOSING",
    ) -> Consolidation:
        if translation not in selectors.TRANSLATION_METHODS:
            raise GraphQLError(
                f"translation is one of {', '.join(selectors.TRANSLATION_METHODS)}.",
                extensions={"code": "INVALID", "field": "translation"},
            )
        members = (
            [entity_named(info, e) for e in entities]
            if entities
            else list(entities_visible(viewer_access(info).entity_id).order_by("code"))
        )
        group_currency = (currency or settings.KSERP_GROUP_CURRENCY).upper()
        try:
            report = selectors.consolidate(
                entities=members, currency=group_currency, as_of=as_of, date_from=date_from, translation=translation
            )
        except selectors.MissingRate as missing:
            raise GraphQLError(str(missing), extensions={"code": "FX_RATE_MISSING"}) from missing
        return Consolidation(
            currency=report.currency,
            as_of=report.as_of,
            entities=[
                GroupMember(code=m.code, currency=m.currency, rate=m.rate, average_rate=m.average_rate)
                for m in report.entities
            ],
            debit_total=sum((r.debit for r in report.trial_balance), selectors.ZERO),
            credit_total=sum((r.credit for r in report.trial_balance), selectors.ZERO),
            rows=rows_of(report.trial_balance),
            profit_and_loss=ProfitAndLoss.of(report.profit_and_loss),
            balance_sheet=BalanceSheet.of(report.balance_sheet),
            eliminated=report.eliminated,
            translation=report.translation,
            translation_reserve=report.translation_reserve,
        )

    @strawberry_django.connection(
        DjangoListConnection[JournalType],
        filters=JournalFilter,
        description="Journals, newest first, with the document each posts (staff with ledger access).",
        extensions=[Require(IsStaff(), HasPerm(VIEW_LEDGER))],
    )
    def journals(self, info: Info) -> QuerySet[Journal]:
        return Journal.objects.order_by("-date", "-id")

    @strawberry_django.connection(
        DjangoListConnection[BankStatementType],
        description="Imported bank statements, newest first, with their lines and suggested matches.",
        extensions=[Require(IsStaff(), HasPerm(Perm.RECORD_PAYMENT))],
    )
    def bank_statements(self, info: Info) -> QuerySet[BankStatement]:
        return BankStatement.objects.order_by("-imported_at", "-id")

    @strawberry_django.field(description="Every entity's period lock.", extensions=[Require(IsStaff())])
    def period_locks(self, info: Info) -> list[PeriodLockType]:
        entities = entities_visible(viewer_access(info).entity_id)
        return PeriodLock.objects.filter(entity__in=entities).order_by("entity__code")  # type: ignore[return-value]

    @strawberry.field(description="FX rates, newest first.", extensions=[Require(IsStaff())])
    def fx_rates(self, info: Info, base: str | None = None, quote: str | None = None) -> list[FxRateType]:
        rates = FxRate.objects.order_by("-date", "base", "quote")
        if base:
            rates = rates.filter(base=base.upper())
        if quote:
            rates = rates.filter(quote=quote.upper())
        return [FxRateType(date=r.date, base=r.base, quote=r.quote, rate=r.rate, source=r.source) for r in rates[:500]]


@strawberry.type
class BooksMutation:
    lock_period = lock_period_field
    unlock_period = unlock_period_field
    post_journal = post_journal_field
    set_fx_rates = set_fx_rates_field
    import_bank_statement = import_bank_statement_field
    confirm_statement_line = confirm_statement_line_field
    ignore_statement_line = ignore_statement_line_field
    send_document = send_document_field
