"""The schema stays compatible with the last released one (docs/schema/released.graphql): a
breaking change (a removed field, type or enum value, a new required argument, a changed type...)
fails here unless it is listed in docs/schema/deliberate-breaking-changes.txt."""

from __future__ import annotations

from pathlib import Path

from graphql import build_schema, find_breaking_changes, find_dangerous_changes
from strawberry.printer import print_schema

from kserp.api.schema import schema

SCHEMA_DIR = Path(__file__).resolve().parents[2] / "docs" / "schema"


def _deliberate() -> set[str]:
    lines = (SCHEMA_DIR / "deliberate-breaking-changes.txt").read_text().splitlines()
    return {line.strip() for line in lines if line.strip() and not line.startswith("#")}


def _changes(finder) -> set[str]:  # type: ignore[no-untyped-def]
    released = build_schema((SCHEMA_DIR / "released.graphql").read_text())
    current = build_schema(print_schema(schema))
    return {f"{change.type.name}: {change.description}" for change in finder(released, current)}


def test_no_breaking_change_but_the_deliberate_ones():
    unexpected = sorted(_changes(find_breaking_changes) - _deliberate())
    assert unexpected == [], (
        "Breaking changes to the GraphQL schema (see docs/partners.md, deprecation policy; list a deliberate "
        "one in docs/schema/deliberate-breaking-changes.txt):\n" + "\n".join(unexpected)
    )


def test_every_listed_deliberate_change_still_happens():
    assert sorted(_deliberate() - _changes(find_breaking_changes)) == []


def test_the_comparison_sees_a_removed_field():
    released = build_schema("type Query { a: Int, b: String }")
    current = build_schema("type Query { a: Int }")
    assert [f"{c.type.name}: {c.description}" for c in find_breaking_changes(released, current)] == [
        "FIELD_REMOVED: Field Query.b was removed."
    ]
    assert find_dangerous_changes(released, current) == []
