"""The summaries (`analytics_placementweek`, `analytics_clientsummary`), kept by PostgreSQL triggers.

One row per job order and week ending: sums of its bill lines, what of them is not yet invoiced,
and the credit notes against them (docs/analytics.md, "The summaries"). The triggers
are statement-level with transition tables, so a billing run or an approval that writes many lines
pays one grouped upsert per statement, in the same transaction as the lines: the summary can never
be seen out of step with them, and nothing needs a worker. Every change is a delta added by
`INSERT ... ON CONFLICT DO UPDATE` in key order (concurrent writers lock rows in the same order).

| table | on | changes |
|---|---|---|
| orders_billline | INSERT / DELETE (approval, re-opening) | lines, bill, wage, oncosts, margin, hours, unbilled |
| finance_invoiceline | INSERT / DELETE | unbilled (− / + the billed line's bill amount) |
| finance_creditnoteline | INSERT / DELETE | credits, credited_* (the credited lines' count and figures) |
| rates_paycode | INSERT / UPDATE of code or unit / DELETE | hours of the weeks with lines of that code |

and `analytics_clientsummary`, one row per client: `unbilled` (from the same bill- and invoice-line
triggers), and the payment history `payment_behaviour` reads (from `finance_receiptallocation`
INSERT, and `finance_receipt` UPDATE of status: a reversed receipt's allocations are taken out).

Bill lines, invoice lines and credit-note lines cannot be updated (kserp/base/immutability.py), so
there are no UPDATE triggers on them. `summary_drift()` recomputes everything from the lines and
returns the rows that differ (none, always; tests/analytics/test_placement_week_summary.py checks
it after billing, crediting, re-opening, receipts, a reversal and a pay run). PostgreSQL only: on
SQLite (embedded mode) the readers use the bill lines.
"""

from __future__ import annotations

from typing import Any

from django.db import connection

TABLE = "analytics_placementweek"
_DELTAS = (
    "lines",
    "bill_amount",
    "wage",
    "oncost_total",
    "gross_margin",
    "hours",
    "unbilled",
    "credits",
    "credited_lines",
    "credited_bill_amount",
    "credited_wage",
    "credited_oncost_total",
    "credited_gross_margin",
)
_COLUMNS = ("job_order_id", "week_ending", "entity_id", "client_id", *_DELTAS)


def _upsert(select: str) -> str:
    """`select` yields job_order_id, week_ending, entity_id, client_id and the deltas, grouped."""
    updates = ", ".join(f"{c} = s.{c} + EXCLUDED.{c}" for c in _DELTAS)
    return (
        f"INSERT INTO {TABLE} AS s ({', '.join(_COLUMNS)}) {select} ORDER BY 1, 2 "
        f"ON CONFLICT (job_order_id, week_ending) DO UPDATE SET {updates};"
    )


def _bill_lines(rows: str, sign: str) -> str:
    return f"""
        SELECT b.job_order_id, b.week_ending, min(b.entity_id), min(b.client_id), {sign}count(*),
          {sign}sum(b.bill_amount), {sign}sum(b.wage), {sign}sum(b.oncost_total), {sign}sum(b.gross_margin),
          {sign}coalesce(sum(b.quantity) FILTER (WHERE p.unit = 'HOUR'), 0), {sign}sum(b.bill_amount),
          0, 0, 0, 0, 0, 0
        FROM {rows} b LEFT JOIN rates_paycode p ON p.code = b.pay_code
        GROUP BY b.job_order_id, b.week_ending"""


def _invoice_lines(rows: str, sign: str) -> str:
    return f"""
        SELECT b.job_order_id, b.week_ending, min(b.entity_id), min(b.client_id), 0, 0, 0, 0, 0, 0,
          {sign}sum(b.bill_amount), 0, 0, 0, 0, 0, 0
        FROM {rows} i JOIN orders_billline b ON b.id = i.bill_line_id
        GROUP BY b.job_order_id, b.week_ending"""


def _credit_lines(rows: str, sign: str) -> str:
    return f"""
        SELECT b.job_order_id, b.week_ending, min(b.entity_id), min(b.client_id), 0, 0, 0, 0, 0, 0, 0,
          {sign}sum(c.amount), {sign}count(*), {sign}sum(b.bill_amount), {sign}sum(b.wage), {sign}sum(b.oncost_total),
          {sign}sum(b.gross_margin)
        FROM {rows} c JOIN finance_invoiceline i ON i.id = c.invoice_line_id
          JOIN orders_billline b ON b.id = i.bill_line_id
        GROUP BY b.job_order_id, b.week_ending"""


CLIENTS = "analytics_clientsummary"
_CLIENT_DELTAS = ("unbilled", "paid", "weighted_days", "weighted_late", "receipts")


def _client_upsert(select: str) -> str:
    """`select` yields client_id, entity_id and the deltas of `analytics_clientsummary`, grouped."""
    updates = ", ".join(f"{c} = s.{c} + EXCLUDED.{c}" for c in _CLIENT_DELTAS)
    return (
        f"INSERT INTO {CLIENTS} AS s (client_id, entity_id, {', '.join(_CLIENT_DELTAS)}) {select} ORDER BY 1 "
        f"ON CONFLICT (client_id) DO UPDATE SET {updates};"
    )


def _client_unbilled(rows: str, sign: str, billed: bool) -> str:
    source = f"{rows} i JOIN orders_billline b ON b.id = i.bill_line_id" if billed else f"{rows} b"
    return _client_upsert(
        f"SELECT b.client_id, min(b.entity_id), {sign}sum(b.bill_amount), 0, 0, 0, 0 FROM {source} GROUP BY b.client_id"
    )


#: Allocations are never changed or deleted; a receipt counts once, with its first allocation.
_ALLOCATIONS = _client_upsert(
    """
    SELECT r.client_id, min(r.entity_id), 0, sum(n.amount), sum(n.amount * (n.allocated_on - v.issue_date)),
      coalesce(sum(n.amount * (n.allocated_on - v.due_date)) FILTER (WHERE n.allocated_on > v.due_date), 0),
      count(DISTINCT n.receipt_id) FILTER (WHERE NOT EXISTS (SELECT 1 FROM finance_receiptallocation a
        WHERE a.receipt_id = n.receipt_id AND a.id NOT IN (SELECT id FROM new_rows)))
    FROM new_rows n JOIN finance_receipt r ON r.id = n.receipt_id AND r.status = 'ACTIVE'
      JOIN finance_invoice v ON v.id = n.invoice_id
    GROUP BY r.client_id"""
)

_RECEIPT_SELECT = """
    SELECT NEW.client_id, NEW.entity_id, 0, k * sum(a.amount), k * sum(a.amount * (a.allocated_on - v.issue_date)),
      k * coalesce(sum(a.amount * (a.allocated_on - v.due_date)) FILTER (WHERE a.allocated_on > v.due_date), 0), k
    FROM finance_receiptallocation a JOIN finance_invoice v ON v.id = a.invoice_id
    WHERE a.receipt_id = NEW.id HAVING count(*) > 0"""

#: A receipt reversed (or made active again) takes its allocations out of (or back into) the history.
_RECEIPT_FUNCTION = f"""
CREATE OR REPLACE FUNCTION kserp_cs_receipt() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE k integer;
BEGIN
  IF NEW.status = OLD.status THEN RETURN NULL; END IF;
  k := CASE WHEN NEW.status = 'ACTIVE' THEN 1 WHEN OLD.status = 'ACTIVE' THEN -1 ELSE 0 END;
  IF k = 0 THEN RETURN NULL; END IF;
  {_client_upsert(_RECEIPT_SELECT)}
  RETURN NULL;
END $$;"""

_EMPTY_ROWS = f"""
    DELETE FROM {TABLE} s USING (SELECT DISTINCT job_order_id, week_ending FROM old_rows) o
    WHERE s.job_order_id = o.job_order_id AND s.week_ending = o.week_ending AND s.lines = 0;"""

#: (trigger name, table, event, transition table, body)
_TRIGGERS = (
    (
        "billline_ins",
        "orders_billline",
        "INSERT",
        "NEW TABLE AS new_rows",
        _upsert(_bill_lines("new_rows", "")) + _client_unbilled("new_rows", "", billed=False),
    ),
    (
        "billline_del",
        "orders_billline",
        "DELETE",
        "OLD TABLE AS old_rows",
        _upsert(_bill_lines("old_rows", "-")) + _EMPTY_ROWS + _client_unbilled("old_rows", "-", billed=False),
    ),
    (
        "invline_ins",
        "finance_invoiceline",
        "INSERT",
        "NEW TABLE AS new_rows",
        _upsert(_invoice_lines("new_rows", "-")) + _client_unbilled("new_rows", "-", billed=True),
    ),
    (
        "invline_del",
        "finance_invoiceline",
        "DELETE",
        "OLD TABLE AS old_rows",
        _upsert(_invoice_lines("old_rows", "")) + _client_unbilled("old_rows", "", billed=True),
    ),
    ("alloc_ins", "finance_receiptallocation", "INSERT", "NEW TABLE AS new_rows", _ALLOCATIONS),
    ("credit_ins", "finance_creditnoteline", "INSERT", "NEW TABLE AS new_rows", _upsert(_credit_lines("new_rows", ""))),
    (
        "credit_del",
        "finance_creditnoteline",
        "DELETE",
        "OLD TABLE AS old_rows",
        _upsert(_credit_lines("old_rows", "-")),
    ),
)

#: Hours of every week with lines of a pay code whose unit or code changed, recomputed.
_PAYCODE_FUNCTION = f"""
CREATE OR REPLACE FUNCTION kserp_pw_paycode() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE codes text[];
BEGIN
  IF TG_OP = 'UPDATE' THEN
    IF NEW.code = OLD.code AND NEW.unit = OLD.unit THEN RETURN NULL; END IF;
    codes := ARRAY[OLD.code, NEW.code];
  ELSIF TG_OP = 'INSERT' THEN codes := ARRAY[NEW.code];
  ELSE codes := ARRAY[OLD.code];
  END IF;
  UPDATE {TABLE} s SET hours = coalesce((
      SELECT sum(b.quantity) FROM orders_billline b JOIN rates_paycode p ON p.code = b.pay_code AND p.unit = 'HOUR'
      WHERE b.job_order_id = s.job_order_id AND b.week_ending = s.week_ending), 0)
  FROM (SELECT DISTINCT job_order_id, week_ending FROM orders_billline WHERE pay_code = ANY(codes)) w
  WHERE s.job_order_id = w.job_order_id AND s.week_ending = w.week_ending;
  RETURN NULL;
END $$;"""

#: Every row, from scratch (the backfill, and the reference `summary_drift` compares with).
FROM_SCRATCH = """
    SELECT b.job_order_id, b.week_ending, min(b.entity_id) AS entity_id, min(b.client_id) AS client_id,
      count(*) AS lines, sum(b.bill_amount) AS bill_amount, sum(b.wage) AS wage,
      sum(b.oncost_total) AS oncost_total, sum(b.gross_margin) AS gross_margin,
      coalesce(sum(b.quantity) FILTER (WHERE p.unit = 'HOUR'), 0) AS hours,
      coalesce(sum(b.bill_amount) FILTER (WHERE i.id IS NULL), 0) AS unbilled,
      coalesce(sum(c.amount), 0) AS credits, count(c.id) AS credited_lines,
      coalesce(sum(b.bill_amount) FILTER (WHERE c.id IS NOT NULL), 0) AS credited_bill_amount,
      coalesce(sum(b.wage) FILTER (WHERE c.id IS NOT NULL), 0) AS credited_wage,
      coalesce(sum(b.oncost_total) FILTER (WHERE c.id IS NOT NULL), 0) AS credited_oncost_total,
      coalesce(sum(b.gross_margin) FILTER (WHERE c.id IS NOT NULL), 0) AS credited_gross_margin
    FROM orders_billline b LEFT JOIN rates_paycode p ON p.code = b.pay_code
      LEFT JOIN finance_invoiceline i ON i.bill_line_id = b.id
      LEFT JOIN finance_creditnoteline c ON c.invoice_line_id = i.id
    GROUP BY b.job_order_id, b.week_ending"""


#: Every client row from scratch (rows of zeros are left out on both sides when comparing).
CLIENTS_FROM_SCRATCH = """
    WITH u AS (
      SELECT b.client_id, min(b.entity_id) AS entity_id,
        coalesce(sum(b.bill_amount) FILTER (WHERE i.id IS NULL), 0) AS unbilled
      FROM orders_billline b LEFT JOIN finance_invoiceline i ON i.bill_line_id = b.id GROUP BY b.client_id),
    p AS (
      SELECT r.client_id, min(r.entity_id) AS entity_id, sum(a.amount) AS paid,
        sum(a.amount * (a.allocated_on - v.issue_date)) AS weighted_days,
        coalesce(sum(a.amount * (a.allocated_on - v.due_date)) FILTER (WHERE a.allocated_on > v.due_date), 0)
          AS weighted_late,
        count(DISTINCT a.receipt_id) AS receipts
      FROM finance_receiptallocation a JOIN finance_receipt r ON r.id = a.receipt_id AND r.status = 'ACTIVE'
        JOIN finance_invoice v ON v.id = a.invoice_id GROUP BY r.client_id)
    SELECT coalesce(u.client_id, p.client_id) AS client_id, coalesce(u.entity_id, p.entity_id) AS entity_id,
      coalesce(u.unbilled, 0) AS unbilled, coalesce(p.paid, 0) AS paid, coalesce(p.weighted_days, 0) AS weighted_days,
      coalesce(p.weighted_late, 0) AS weighted_late, coalesce(p.receipts, 0) AS receipts
    FROM u FULL JOIN p ON p.client_id = u.client_id"""
_CLIENT_COLUMNS = ("client_id", "entity_id", *_CLIENT_DELTAS)


def _function(name: str) -> str:
    return f"kserp_pw_{name}"


def install(apps: Any, schema_editor: Any) -> None:
    """Create the trigger functions and triggers, then fill the table from the existing lines."""
    if schema_editor.connection.vendor != "postgresql":
        return
    for name, table, event, transition, body in _TRIGGERS:
        schema_editor.execute(
            f"CREATE OR REPLACE FUNCTION {_function(name)}() RETURNS trigger LANGUAGE plpgsql AS $$\n"
            f"BEGIN\n{body}\nRETURN NULL;\nEND $$;",
            params=None,  # no placeholders: % would be plpgsql's
        )
        schema_editor.execute(f"DROP TRIGGER IF EXISTS {_function(name)} ON {table}")
        schema_editor.execute(
            f"CREATE TRIGGER {_function(name)} AFTER {event} ON {table} REFERENCING {transition} "
            f"FOR EACH STATEMENT EXECUTE FUNCTION {_function(name)}()"
        )
    schema_editor.execute(_PAYCODE_FUNCTION, params=None)
    schema_editor.execute("DROP TRIGGER IF EXISTS kserp_pw_paycode ON rates_paycode")
    schema_editor.execute(
        "CREATE TRIGGER kserp_pw_paycode AFTER INSERT OR UPDATE OR DELETE ON rates_paycode "
        "FOR EACH ROW EXECUTE FUNCTION kserp_pw_paycode()"
    )
    schema_editor.execute(_RECEIPT_FUNCTION, params=None)
    schema_editor.execute("DROP TRIGGER IF EXISTS kserp_cs_receipt ON finance_receipt")
    schema_editor.execute(
        "CREATE TRIGGER kserp_cs_receipt AFTER UPDATE OF status ON finance_receipt "
        "FOR EACH ROW EXECUTE FUNCTION kserp_cs_receipt()"
    )
    schema_editor.execute(f"DELETE FROM {TABLE}")
    schema_editor.execute(f"INSERT INTO {TABLE} ({', '.join(_COLUMNS)}) {FROM_SCRATCH}", params=None)
    schema_editor.execute(f"DELETE FROM {CLIENTS}")
    schema_editor.execute(f"INSERT INTO {CLIENTS} ({', '.join(_CLIENT_COLUMNS)}) {CLIENTS_FROM_SCRATCH}", params=None)


def uninstall(apps: Any, schema_editor: Any) -> None:
    if schema_editor.connection.vendor != "postgresql":
        return
    for name, table, *_ in _TRIGGERS:
        schema_editor.execute(f"DROP TRIGGER IF EXISTS {_function(name)} ON {table}")
        schema_editor.execute(f"DROP FUNCTION IF EXISTS {_function(name)}()")
    schema_editor.execute("DROP TRIGGER IF EXISTS kserp_pw_paycode ON rates_paycode")
    schema_editor.execute("DROP FUNCTION IF EXISTS kserp_pw_paycode()")
    schema_editor.execute("DROP TRIGGER IF EXISTS kserp_cs_receipt ON finance_receipt")
    schema_editor.execute("DROP FUNCTION IF EXISTS kserp_cs_receipt()")


def in_use() -> bool:
    """The summary is kept (PostgreSQL); otherwise readers sum the bill lines."""
    return connection.vendor == "postgresql"


def summary_drift() -> list[tuple[Any, ...]]:
    """Rows where the summary and a from-scratch computation differ (either side missing counts)."""
    columns = ", ".join(_COLUMNS)
    with connection.cursor() as cursor:
        cursor.execute(
            f"(SELECT 'summary', {columns} FROM {TABLE} EXCEPT SELECT 'summary', {columns} FROM ({FROM_SCRATCH}) f)"
            f" UNION ALL (SELECT 'scratch', {columns} FROM ({FROM_SCRATCH}) f EXCEPT SELECT 'scratch', {columns}"
            f" FROM {TABLE}) ORDER BY 2, 3"
        )
        rows = list(cursor.fetchall())
        columns = ", ".join(_CLIENT_COLUMNS)
        nonzero = "WHERE NOT (unbilled = 0 AND paid = 0 AND weighted_days = 0 AND weighted_late = 0 AND receipts = 0)"
        cursor.execute(
            f"(SELECT 'clients', {columns} FROM {CLIENTS} {nonzero} EXCEPT SELECT 'clients', {columns}"
            f" FROM ({CLIENTS_FROM_SCRATCH}) f {nonzero}) UNION ALL (SELECT 'clients scratch', {columns} FROM"
            f" ({CLIENTS_FROM_SCRATCH}) f {nonzero} EXCEPT SELECT 'clients scratch', {columns}"
            f" FROM {CLIENTS} {nonzero})"
        )
        return rows + list(cursor.fetchall())
