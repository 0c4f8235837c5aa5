from __future__ import annotations

import strawberry
from strawberry.types import Info

from kserp.api.core.context import current_user
from kserp.api.core.errors import user_errors
from kserp.api.core.permissions import HasPerm, HasScope, IsStaff, Perm, Require
from kserp.api.rates.types import ImportConfigurationPayload, ImportSection
from kserp.configuration.services import configuration_import


def import_configuration_mutation(info: Info, document: str, dry_run: bool = False) -> ImportConfigurationPayload:
    result = configuration_import(document=document, dry_run=dry_run, actor=current_user(info))
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
    description="Load a configuration document (docs/configuration.md): all of it or nothing; dryRun stores nothing.",
    extensions=[
        Require(
            IsStaff(),
            HasPerm(Perm.IMPORT_CONFIGURATION),
            HasScope("config"),
            refuse=lambda errors: ImportConfigurationPayload(
                ok=False, dry_run=False, summary="Nothing stored.", sections=[], errors=errors
            ),
        )
    ],
)
