"""Issued documents and priced lines cannot be changed in the database (PostgreSQL triggers).

The services never change them: corrections are credit notes and re-bills, and a re-opened
timesheet deletes its unbilled lines and prices them again. These triggers make that a property
of the database too, against any other path (a shell, a script, a future bug):

- invoices: only `amount_paid`, `amount_credited`, `status` and `updated_at` change (receipts and
  credits); an invoice is never deleted;
- receipts: only their cash state (`unapplied`, `refunded`, `status`, `reversed_on`,
  `reversal_reason`, `updated_at`) changes; receipt allocations, invoice lines, credit notes and
  their lines, journals and journal lines: never changed, never deleted;
- bill lines, their provenance and pay lines: never changed (deleted only while unbilled, by a
  re-open: an invoiced bill line is PROTECTed by its invoice line's foreign key).

A refused change raises SQLSTATE 23001 (restrict_violation): Django's IntegrityError. The
triggers fire on UPDATE and DELETE only, so inserting (a billing run) costs nothing extra. TRUNCATE
is not a row change and is not refused. SQLite (embedded mode) has no triggers here: there, the
services are the only guard.
"""

from __future__ import annotations

from typing import Any

FUNCTION = """
CREATE OR REPLACE FUNCTION kserp_refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    allowed text[];
BEGIN
    IF TG_OP = 'DELETE' THEN
        RAISE EXCEPTION '% rows cannot be deleted', TG_TABLE_NAME USING ERRCODE = 'restrict_violation';
    END IF;
    -- The trigger's arguments name the columns that may change (TG_ARGV is NULL without any).
    allowed := coalesce(TG_ARGV, '{}'::text[]);
    IF (to_jsonb(NEW) - allowed) IS DISTINCT FROM (to_jsonb(OLD) - allowed) THEN
        RAISE EXCEPTION '% rows cannot be changed%', TG_TABLE_NAME,
            CASE WHEN TG_NARGS > 0 THEN ' except ' || array_to_string(TG_ARGV, ', ') ELSE '' END
            USING ERRCODE = 'restrict_violation';
    END IF;
    RETURN NEW;
END $$;
"""

#: table → (operations refused, columns that may change)
FINANCE: dict[str, tuple[str, tuple[str, ...]]] = {
    "finance_invoice": ("UPDATE OR DELETE", ("amount_paid", "amount_credited", "status", "updated_at")),
    "finance_invoiceline": ("UPDATE OR DELETE", ()),
    "finance_creditnote": ("UPDATE OR DELETE", ()),
    "finance_creditnoteline": ("UPDATE OR DELETE", ()),
    "finance_receipt": ("UPDATE OR DELETE", ()),
    "finance_journal": ("UPDATE OR DELETE", ()),
    "finance_journalline": ("UPDATE OR DELETE", ()),
}
#: Receipts since cash application (migration 0006): a receipt's cash state moves (allocations
#: of unapplied cash, refunds, a reversal); its allocations never change.
CASH: dict[str, tuple[str, tuple[str, ...]]] = {
    "finance_receipt": (
        "UPDATE OR DELETE",
        ("unapplied", "refunded", "status", "reversed_on", "reversal_reason", "updated_at"),
    ),
    "finance_receiptallocation": ("UPDATE OR DELETE", ()),
}
ORDERS: dict[str, tuple[str, tuple[str, ...]]] = {
    "orders_billline": ("UPDATE", ()),
    "orders_payline": ("UPDATE", ()),
}
BILL_LINE_PROVENANCE: dict[str, tuple[str, tuple[str, ...]]] = {
    "orders_billlineprovenance": ("UPDATE", ()),
}


def _trigger(table: str) -> str:
    return f"{table}_immutable"


def install(tables: dict[str, tuple[str, tuple[str, ...]]]) -> Any:
    """A RunPython function creating the triggers (PostgreSQL only)."""

    def forwards(apps: Any, schema_editor: Any) -> None:
        if schema_editor.connection.vendor != "postgresql":
            return
        schema_editor.execute(FUNCTION, params=None)  # no placeholders: % is plpgsql here
        for table, (operations, allowed) in tables.items():
            args = ", ".join(f"'{column}'" for column in allowed)
            schema_editor.execute(f"DROP TRIGGER IF EXISTS {_trigger(table)} ON {table}")
            schema_editor.execute(
                f"CREATE TRIGGER {_trigger(table)} BEFORE {operations} ON {table} "
                f"FOR EACH ROW EXECUTE FUNCTION kserp_refuse_change({args})"
            )

    return forwards


def uninstall(tables: dict[str, tuple[str, tuple[str, ...]]]) -> Any:
    def backwards(apps: Any, schema_editor: Any) -> None:
        if schema_editor.connection.vendor != "postgresql":
            return
        for table in tables:
            schema_editor.execute(f"DROP TRIGGER IF EXISTS {_trigger(table)} ON {table}")

    return backwards
