from __future__ import annotations

import strawberry
from strawberry.types import Info

from kserp.api.core.errors import user_errors
from kserp.api.core.permissions import staff_errors
from kserp.api.rates.types import ImportConfigurationPayload, ImportSection
from kserp.rates.services import configuration_import


def import_configuration_mutation(info: Info, document: str, dry_run: bool = False) -> ImportConfigurationPayload:
    denied = staff_errors(info)
    if denied:
        return ImportConfigurationPayload(
            ok=False, dry_run=dry_run, summary="Nothing stored.", sections=[], errors=denied
        )
    result = configuration_import(document=document, dry_run=dry_run)
    return ImportConfigurationPayload(
        ok=result.ok,
        dry_run=result.dry_run,
        summary=result.summary,
        sections=[
            ImportSection(section=s.section, created=s.created, changed=s.changed, unchanged=s.unchanged)
            for s in result.sections
        ],
        errors=user_errors(result.errors),
    )


import_configuration_field = strawberry.mutation(
    resolver=import_configuration_mutation,
    description="Load a configuration document (CONFIG_FORMAT.md): all of it or nothing; dryRun stores nothing.",
)
