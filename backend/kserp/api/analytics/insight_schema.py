"""Insight (docs/analytics.md): margins by dimension and their trend, the 13-week cash flow with
scenarios, late payers and DSO, ageing drill-down, utilisation, redeployment, account performance,
the morning dashboard and notifications; live versions of the figures that change.

Margins, wages and oncosts are confidential: those fields carry `Require(Confidential())` and
refuse portal users and client-bound tokens with an error."""

from __future__ import annotations

import datetime as dt
from collections.abc import AsyncGenerator
from decimal import Decimal
from typing import Annotated

import strawberry
from channels.db import database_sync_to_async
from django.utils import timezone
from graphql import GraphQLError
from strawberry.extensions import FieldExtension
from strawberry.types import Info

from kserp.analytics import forecast as fc
from kserp.analytics import late_payers as lp
from kserp.analytics import margins as mg
from kserp.analytics import performance as pf
from kserp.analytics.events import notifications_group
from kserp.analytics.models import Notification as NotificationModel
from kserp.api.analytics.insight_types import (
    AccountPerformance,
    AgeingInvoice,
    CashFlow,
    CashFlowScenarioInput,
    ConsultantPerformance,
    DimensionMargin,
    DsoPoint,
    LatePayer,
    MarginAlert,
    MarginByDimension,
    MarginTrendPoint,
    MorningDashboard,
    Notification,
    PayFrequency,
    PlacementEnding,
    WorkerUtilisation,
)
from kserp.api.analytics.mutations.notification_read import notification_read_field
from kserp.api.analytics.schema import _client, _entity, _not_found
from kserp.api.core.context import current_user
from kserp.api.core.lookup import by_id_or_code
from kserp.api.core.permissions import Confidential, IsStaff, Require, viewer_access
from kserp.base.models import Entity
from kserp.finance.events import receivables_group
from kserp.identity.models import User
from kserp.orders.events import BILL_LINES_ALL
from kserp.orders.models import JobOrder, JobOrderStatus
from kserp.realtime.listen import listen, listen_read

_CONFIDENTIAL: list[FieldExtension] = [Require(Confidential())]
_STAFF: list[FieldExtension] = [Require(IsStaff())]
#: A placement below this gross margin percent last week is a margin alert.
MARGIN_ALERT_PERCENT = Decimal("10")

From = Annotated[dt.date, strawberry.argument(name="from", description="Weeks ending on or after.")]
To = Annotated[dt.date, strawberry.argument(name="to", description="Weeks ending on or before.")]


def _today() -> dt.date:
    return timezone.localdate()


def _window(date_from: dt.date, date_to: dt.date) -> mg.Window:
    if date_to < date_from:
        raise GraphQLError("`to` is before `from`.", extensions={"code": "DATE_ORDER", "field": "to"})
    if (date_to - date_from).days > 800:
        raise GraphQLError("At most about two years at once.", extensions={"code": "TOO_LONG", "field": "to"})
    return mg.Window(date_from, date_to)


def _filter(
    info: Info,
    entity: strawberry.ID | None,
    client: strawberry.ID | None,
    division: str | None,
    consultant: str | None,
) -> mg.MarginFilter:
    found_entity = _entity(info, entity, required=False)
    found_client = _client(client)
    consultant_id = None
    if consultant is not None:
        consultant_id = User.objects.filter(username=consultant).values_list("pk", flat=True).first()
        if consultant_id is None:
            raise _not_found("consultant", consultant)
    return mg.MarginFilter(
        entity_id=found_entity.pk if found_entity else None,
        client_id=found_client.pk if found_client else None,
        division=division,
        consultant_id=consultant_id,
    )


def _last_sunday(today: dt.date) -> dt.date:
    """The Sunday of the last whole week before today's."""
    return today - dt.timedelta(days=today.weekday() + 1)


def _cash_flow(
    info: Info,
    entity: strawberry.ID | None,
    group: bool,
    opening_balance: Decimal | None,
    scenario: CashFlowScenarioInput | None,
    pay_frequency: PayFrequency,
    pay_day_offset_days: int,
) -> CashFlow:
    if not 0 <= pay_day_offset_days <= 13:
        raise GraphQLError("Between 0 and 13 days.", extensions={"code": "INVALID", "field": "payDayOffsetDays"})
    delays: dict[int, int] = {}
    ends: dict[int, dt.date] = {}
    for i, delay in enumerate(scenario.client_delays if scenario else []):
        found = _client(delay.client)
        assert found is not None
        if not -90 <= delay.days <= 365:
            raise GraphQLError(
                "Between -90 and 365 days.", extensions={"code": "INVALID", "field": f"scenario.clientDelays[{i}].days"}
            )
        delays[found.pk] = delay.days
    for i, end in enumerate(scenario.placement_ends if scenario else []):
        job = by_id_or_code(JobOrder.objects.all(), str(end.job_order), type_name="JobOrder")
        if job is None:
            raise GraphQLError(
                f"No job order {end.job_order!r}.",
                extensions={"code": "NOT_FOUND", "field": f"scenario.placementEnds[{i}].jobOrder"},
            )
        ends[job.pk] = end.end
    what_if = fc.Scenario(client_delays=delays, placement_ends=ends)
    policy = fc.OutgoingsPolicy(pay_frequency=pay_frequency.value, pay_day_offset_days=pay_day_offset_days)
    if group:
        if viewer_access(info).entity_id is not None:
            raise GraphQLError("This API token is bound to one entity.", extensions={"code": "FORBIDDEN"})
        entities = list(Entity.objects.order_by("code"))
        forecasts = [(e, fc.cash_flow(entity=e, scenario=what_if, policy=policy)) for e in entities]
        fallback = entities[0].currency if entities else ""
        base = next((e.currency for e in entities if e.group_currency_rate == 1), fallback)
        return CashFlow.of(fc.group_cash_flow(forecasts=forecasts, currency=base))
    named = _entity(info, entity, required=True)
    assert named is not None
    return CashFlow.of(fc.cash_flow(entity=named, opening_balance=opening_balance, scenario=what_if, policy=policy))


def _late_payers(info: Info, entity: strawberry.ID | None) -> list[LatePayer]:
    found = _entity(info, entity, required=False)
    entities = [found] if found else list(Entity.objects.order_by("code"))
    return [LatePayer.of(p) for e in entities for p in lp.late_payers(entity=e, today=_today())]


def _margin_alerts() -> list[MarginAlert]:
    sunday = _last_sunday(_today())
    report = mg.margin_by(dimension=mg.Dimension.PLACEMENT, window=mg.Window(sunday - dt.timedelta(days=6), sunday))
    alerts = []
    for row in report.rows:
        percent = row.percent(row.margin_after_credits)
        if percent is None or percent < MARGIN_ALERT_PERCENT:
            client = row.label.rsplit("(", 1)[-1].rstrip(")")
            alert = MarginAlert(job_order=row.key, client=client, week_ending=sunday, gross_margin_percent=percent)
            alerts.append(alert)
    return alerts


def _notifications(info: Info, unread_only: bool) -> list[Notification]:
    user = current_user(info)
    rows = NotificationModel.objects.filter(user=user).select_related("client")
    if unread_only:
        rows = rows.filter(read_at__isnull=True)
    return [Notification.of(n) for n in rows[:50]]


@strawberry.type
class InsightQuery:
    @strawberry.field(
        description="Margins of the weeks ending in from..to by placement, client, division, consultant or entity: "
        "gross, net of credits and of allocated overhead (confidential).",
        extensions=_CONFIDENTIAL,
    )
    def margin_by(
        self,
        info: Info,
        dimension: mg.Dimension,
        date_from: From,
        date_to: To,
        entity: strawberry.ID | None = None,
        client: strawberry.ID | None = None,
        division: str | None = None,
        consultant: str | None = None,
    ) -> MarginByDimension:
        where = _filter(info, entity, client, division, consultant)
        return MarginByDimension.of(mg.margin_by(dimension=dimension, window=_window(date_from, date_to), where=where))

    @strawberry.field(
        description="Weekly margins of the last `weeks` whole weeks up to `to` (default: last week), 1 to 104 "
        "(13 and 52 are the usual) (confidential).",
        extensions=_CONFIDENTIAL,
    )
    def margin_trend(
        self,
        info: Info,
        weeks: int = 13,
        date_to: Annotated[dt.date | None, strawberry.argument(name="to")] = None,
        entity: strawberry.ID | None = None,
        client: strawberry.ID | None = None,
        division: str | None = None,
        consultant: str | None = None,
    ) -> list[MarginTrendPoint]:
        if not 1 <= weeks <= 104:
            raise GraphQLError("Between 1 and 104 weeks.", extensions={"code": "INVALID", "field": "weeks"})
        last = date_to or _last_sunday(_today())
        last = last + dt.timedelta(days=6 - last.weekday())
        where = _filter(info, entity, client, division, consultant)
        return [
            MarginTrendPoint(week_ending=p.week_ending, figures=DimensionMargin.of(p.figures))
            for p in mg.margin_trend(weeks=weeks, last_week_ending=last, where=where)
        ]

    @strawberry.field(
        description="13-week cash flow of an entity (or the group, in the group currency): receipts, payments, the "
        "balance week by week, the lowest point, the week the gap opens, the items behind each bar; with what-ifs "
        "(confidential: it shows payroll).",
        extensions=_CONFIDENTIAL,
    )
    def cash_flow(
        self,
        info: Info,
        entity: strawberry.ID | None = None,
        group: bool = False,
        opening_balance: Decimal | None = None,
        scenario: CashFlowScenarioInput | None = None,
        pay_frequency: PayFrequency = PayFrequency.WEEKLY,
        pay_day_offset_days: int = 3,
    ) -> CashFlow:
        return _cash_flow(info, entity, group, opening_balance, scenario, pay_frequency, pay_day_offset_days)

    @strawberry.field(
        description="Clients' recent days to pay against terms, DSO, late flags (staff).", extensions=_STAFF
    )
    def late_payers(self, info: Info, entity: strawberry.ID | None = None) -> list[LatePayer]:
        return _late_payers(info, entity)

    @strawberry.field(description="DSO week by week, of a client or of the entity (staff).", extensions=_STAFF)
    def dso_trend(
        self, info: Info, entity: strawberry.ID | None = None, client: strawberry.ID | None = None, points: int = 13
    ) -> list[DsoPoint]:
        found_client = _client(client)
        found = _entity(info, entity, required=found_client is None) or (found_client.entity if found_client else None)
        assert found is not None
        if not 1 <= points <= 52:
            raise GraphQLError("Between 1 and 52 points.", extensions={"code": "INVALID", "field": "points"})
        trend = lp.dso_trend(
            entity=found, today=_today(), client_id=found_client.pk if found_client else None, points=points
        )
        return [DsoPoint(date=d, dso=v) for d, v in trend]

    @strawberry.field(description="Open invoices behind ageing figures, oldest due first (staff).", extensions=_STAFF)
    def ageing_invoices(
        self,
        info: Info,
        entity: strawberry.ID | None = None,
        client: strawberry.ID | None = None,
        bucket: str | None = None,
    ) -> list[AgeingInvoice]:
        found_client = _client(client)
        found = _entity(info, entity, required=found_client is None) or (found_client.entity if found_client else None)
        assert found is not None
        rows = lp.open_invoices(
            entity=found, today=_today(), client_id=found_client.pk if found_client else None, bucket=bucket
        )
        return [
            AgeingInvoice(
                number=r.number,
                client=r.client,
                issue_date=r.issue_date,
                due_date=r.due_date,
                total=r.total,
                amount_due=r.amount_due,
                days_overdue=max(0, r.days_overdue),
                bucket=r.bucket,
            )
            for r in rows
        ]

    @strawberry.field(
        description="Per consultant: placements, hours, revenue and margins of the period (confidential).",
        extensions=_CONFIDENTIAL,
    )
    def consultant_performance(
        self, info: Info, date_from: From, date_to: To, entity: strawberry.ID | None = None
    ) -> list[ConsultantPerformance]:
        where = _filter(info, entity, None, None, None)
        report = mg.margin_by(dimension=mg.Dimension.CONSULTANT, window=_window(date_from, date_to), where=where)
        active = pf.active_placements()
        return [
            ConsultantPerformance(
                consultant=r.key, active_placements=active.get(r.key, 0), figures=DimensionMargin.of(r)
            )
            for r in report.rows
        ]

    @strawberry.field(description="Workers' hours billed over hours available (staff).", extensions=_STAFF)
    def worker_utilisation(
        self, info: Info, date_from: From, date_to: To, entity: strawberry.ID | None = None
    ) -> list[WorkerUtilisation]:
        found = _entity(info, entity, required=False)
        rows = pf.worker_utilisation(window=_window(date_from, date_to), entity_id=found.pk if found else None)
        return [WorkerUtilisation.of(u) for u in rows]

    @strawberry.field(description="Placements ending in the next `days` days (4 weeks): workers to redeploy (staff).",
                      extensions=_STAFF)  # fmt: skip
    def redeployment(self, days: int = pf.REDEPLOY_DAYS) -> list[PlacementEnding]:
        if not 0 <= days <= 366:
            raise GraphQLError("Between 0 and 366 days.", extensions={"code": "INVALID", "field": "days"})
        return [PlacementEnding.of(e) for e in pf.placements_ending(today=_today(), days=days)]

    @strawberry.field(
        description="A client's revenue, margins (confidential), payment habit, DSO trend, open job orders and "
        "timesheets awaiting approval (staff).",
        extensions=_STAFF,
    )
    def account_performance(
        self, client: strawberry.ID, date_from: From | None = None, date_to: To | None = None
    ) -> AccountPerformance:
        found = _client(client)
        assert found is not None
        last = date_to or _last_sunday(_today())
        first = date_from or last - dt.timedelta(weeks=13) + dt.timedelta(days=1)
        window = _window(first, last)
        report = mg.margin_by(dimension=mg.Dimension.CLIENT, window=window, where=mg.MarginFilter(client_id=found.pk))
        payers = lp.late_payers(entity=found.entity, today=_today())
        payment = next((p for p in payers if p.client_id == found.pk), None)
        trend = lp.dso_trend(entity=found.entity, today=_today(), client_id=found.pk)
        return AccountPerformance(
            client=found.code,
            name=found.name,
            date_from=first,
            date_to=last,
            figures=DimensionMargin.of(report.totals),
            payment=LatePayer.of(payment) if payment else None,
            dso_trend=[DsoPoint(date=d, dso=v) for d, v in trend],
            open_job_orders=JobOrder.objects.filter(client=found).exclude(status=JobOrderStatus.DRAFT).count(),
            timesheets_awaiting_approval=pf.timesheets_to_approve(client_id=found.pk),
        )

    @strawberry.field(
        description="What needs you today: timesheets to approve, placements ending in 4 weeks, overdue or late "
        "clients, margin alerts (confidential) and unread notifications (staff). `mine`: only your job orders.",
        extensions=_STAFF,
    )
    def morning_dashboard(self, info: Info, mine: bool = False) -> MorningDashboard:
        user = current_user(info)
        consultant_id = user.pk if mine else None
        payers = [p for p in _late_payers(info, None) if p.late or p.overdue > 0]
        return MorningDashboard(
            timesheets_to_approve=pf.timesheets_to_approve(consultant_id=consultant_id),
            placements_ending=[
                PlacementEnding.of(e) for e in pf.placements_ending(today=_today(), consultant_id=consultant_id)
            ],
            overdue_clients=payers,
            margin_alerts=_margin_alerts(),
            unread_notifications=NotificationModel.objects.filter(user=user, read_at__isnull=True).count(),
        )

    @strawberry.field(description="Your latest 50 notifications (staff).", extensions=_STAFF)
    def notifications(self, info: Info, unread_only: bool = False) -> list[Notification]:
        return _notifications(info, unread_only)


@strawberry.type
class InsightSubscription:
    @strawberry.subscription(
        description="`marginBy` again after each timesheet approved or re-opened (confidential).",
        extensions=_CONFIDENTIAL,
    )
    async def margin_by_changed(
        self,
        info: Info,
        dimension: mg.Dimension,
        date_from: From,
        date_to: To,
        entity: strawberry.ID | None = None,
        client: strawberry.ID | None = None,
        division: str | None = None,
        consultant: str | None = None,
    ) -> AsyncGenerator[MarginByDimension, None]:
        where = await database_sync_to_async(_filter)(info, entity, client, division, consultant)
        window = _window(date_from, date_to)

        def read(payload: dict) -> MarginByDimension | None:
            if where.entity_id is not None and payload.get("entityId") != where.entity_id:
                return None
            if where.client_id is not None and payload.get("clientId") != where.client_id:
                return None
            return MarginByDimension.of(mg.margin_by(dimension=dimension, window=window, where=where))

        # Read once per event for every subscriber of this process with the same arguments (access
        # was checked by `_filter`, which binds an entity-bound viewer's entity into `where`).
        async for report in listen_read(info, [BILL_LINES_ALL], read, key=(dimension, window, where)):
            if report is not None:
                yield report

    @strawberry.subscription(
        description="The entity's `cashFlow` again after approvals, invoices and receipts (confidential).",
        extensions=_CONFIDENTIAL,
    )
    async def cash_flow_changed(
        self, info: Info, entity: strawberry.ID | None = None, opening_balance: Decimal | None = None
    ) -> AsyncGenerator[CashFlow, None]:
        found = await database_sync_to_async(_entity)(info, entity, required=True)
        assert found is not None
        async for payload in listen(info, [BILL_LINES_ALL, receivables_group(found.pk)]):
            if payload.get("entityId") != found.pk:
                continue
            yield await database_sync_to_async(
                lambda: CashFlow.of(fc.cash_flow(entity=found, opening_balance=opening_balance))
            )()

    @strawberry.subscription(description="Your notifications as they arrive (staff).", extensions=_STAFF)
    async def notification_added(self, info: Info) -> AsyncGenerator[Notification, None]:
        user = await database_sync_to_async(current_user)(info)
        async for _ in listen(info, [notifications_group(user.pk)]):
            latest = await database_sync_to_async(
                lambda: [
                    Notification.of(n) for n in NotificationModel.objects.filter(user=user).select_related("client")[:1]
                ]
            )()
            for n in latest:
                yield n


@strawberry.type
class InsightMutation:
    notification_read = notification_read_field
