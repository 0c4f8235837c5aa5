"""The configuration document (docs/configuration.md, docs/design.md §9): read, check, store.

`configuration_import(document=..., dry_run=...)` is the one entry point (used by the
`importConfiguration` mutation and `manage.py import_config`).
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from typing import Any

from django.db import IntegrityError, connection, transaction

from kserp.configuration.checks import Checker
from kserp.configuration.document import read_document
from kserp.configuration.reader import Reader
from kserp.configuration.store import SectionCount, store_document
from kserp.errors import ServiceError, ValidationFailed
from kserp.identity.audit import audit_record_event


@dataclass
class ImportResult:
    ok: bool
    dry_run: bool
    sections: list[SectionCount] = field(default_factory=list)
    errors: list[ServiceError] = field(default_factory=list)

    @property
    def summary(self) -> str:
        if not self.ok:
            return f"Nothing stored: {len(self.errors)} error{'s' if len(self.errors) != 1 else ''}."
        body = "; ".join(str(s) for s in self.sections) or "nothing to import"
        return f"Dry run, nothing stored: {body}." if self.dry_run else f"Imported: {body}."


class _DryRun(Exception):
    pass


def configuration_import(*, document: str, dry_run: bool = False, actor: Any = None) -> ImportResult:
    """Check the whole document, then store all of it in one transaction, or nothing.

    With `dry_run`, everything runs (including the database's deferred constraints) and is then
    rolled back, so the counts are those a real import would report.

    A stored import writes one `configuration.import` audit event (docs/security.md): the counts per
    section and the document's SHA-256, in the same transaction.
    """
    reader = Reader()
    result = ImportResult(ok=False, dry_run=dry_run)
    try:
        with transaction.atomic():
            doc = read_document(document, reader)
            if doc is not None:
                Checker(doc, reader).run()
            if reader.errors or doc is None:
                result.errors = reader.reported()
                return result
            counts = store_document(doc, actor=actor)
            if connection.vendor == "postgresql":
                with connection.cursor() as cursor:  # surface deferred exclusion constraints now
                    cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
            result.ok, result.sections = True, list(counts.sections.values())
            if dry_run:
                raise _DryRun
            digest = hashlib.sha256(document.encode()).hexdigest()
            audit_record_event(
                actor=actor,
                action="configuration.import",
                object_type="rates.configuration",
                object_id=digest[:16],
                object_repr=result.summary,
                before=None,
                after={
                    "sha256": digest,
                    "bytes": len(document.encode()),
                    "sections": {
                        s.section: {"created": s.created, "changed": s.changed, "unchanged": s.unchanged}
                        for s in result.sections
                    },
                },
            )
    except _DryRun:
        pass
    except ValidationFailed as failed:  # the crm services' checks of a client, by its document path
        result.ok, result.sections, result.errors = False, [], failed.errors
    except IntegrityError as exc:  # a concurrent change slipped between the checks and the writes
        result.ok, result.sections = False, []
        result.errors = [ServiceError(code="CONFLICT", message=f"The database refused the change: {exc}".strip())]
    return result
