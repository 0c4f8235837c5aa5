"""Whether a pay or bill agreement applies to a job order: the one rule, used by the services, the
configuration import and the API alike (docs/design.md §4.1 and §4.4).

An agreement header applies when its node is on the job order's path and its validity covers the
job order's dates (an open-ended job order is covered only by an open-ended header). The rule itself
is the pure engine's (`engine.applicable`); this module builds the path, explains a refusal in
words and expresses the same rule as a SQL filter.

A job order is taken by shape (`JobOrderLike`), so rates needs nothing from orders.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any, Protocol

from django.db.models import Q

from kserp.rates import engine
from kserp.rates.validity import describe, node_label


class _EntityLike(Protocol):
    country: str
    brand: str


class _CodeLike(Protocol):
    code: str


class JobOrderLike(Protocol):
    """What applicability needs of a job order (a `kserp.orders.models.JobOrder` with its entity,
    client and payee loaded)."""

    code: str
    path: Any
    start: dt.date
    end: dt.date | None

    @property
    def entity(self) -> _EntityLike: ...

    @property
    def client(self) -> _CodeLike: ...

    @property
    def payee(self) -> _CodeLike: ...


def path_of(
    *, levels: Iterable[str], country: str, brand: str, client: str, payee: str, code: str, values: dict[str, str]
) -> dict[str, str]:
    """A job order's path from its parts, restricted to the hierarchy's levels."""
    full = {"country": country, "brand": brand, "client": client, "payee": payee, "job_order": code, **values}
    return {level: full[level] for level in levels if level in full}


def job_order_path(job_order: JobOrderLike, levels: Iterable[str]) -> dict[str, str]:
    """A stored job order's path (needs `entity`, `client` and `payee` loaded)."""
    return path_of(
        levels=levels,
        country=job_order.entity.country,
        brand=job_order.entity.brand,
        client=job_order.client.code,
        payee=job_order.payee.code,
        code=job_order.code,
        values=job_order.path or {},
    )


def applies(header: Any, levels: tuple[str, ...], path: dict[str, str], start: dt.date, end: dt.date | None) -> bool:
    """Whether the header applies to a job order with this path and these dates."""
    return engine.applicable(header, levels, path, start, end)


def why_not(
    header: Any, levels: tuple[str, ...], path: dict[str, str], start: dt.date, end: dt.date | None
) -> str | None:
    """None when the header applies to a job order with this path and these dates, else why not."""
    if applies(header, levels, path, start, end):
        return None
    if not engine.is_on_path(header.node, levels, path):
        return f"its node {node_label(header.node)} is not on the job order's path"
    validity = describe(header.valid_from, header.valid_to)
    return f"its validity {validity} does not cover the job order's dates {describe(start, end)}"


def applicable_filter(job_order: JobOrderLike, levels: tuple[str, ...]) -> Q:
    """The same rule as `applies`, as a filter on agreement headers (`node_level`, `node_value`,
    `valid_from`, `valid_to`)."""
    on_path = Q(pk__in=[])
    for level, value in job_order_path(job_order, levels).items():
        on_path |= Q(node_level=level, node_value=value)
    ends = Q(valid_to__isnull=True)
    if job_order.end is not None:
        ends |= Q(valid_to__gte=job_order.end)
    return on_path & Q(valid_from__lte=job_order.start) & ends
