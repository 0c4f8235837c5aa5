"""Arguments checked before any resolver runs, each refused with an error naming it
(docs/security.md, "Numbers and dates"):

- `after`/`before` cursors must be ones the API hands out (`arrayconnection:<offset>`, offset
  below 10^9), not whatever fails deep in the pagination code;
- a global ID argument (`ID`) naming one of the schema's types must carry an ASCII number as its
  key: `Invoice:²` or `Invoice:١٢` is refused rather than reaching the database;
- no text anywhere in an argument (literal or variable, however nested) may hold a NUL character,
  which PostgreSQL cannot store or compare.

IDs inside input objects go through `core/lookup.py`, which answers NOT_FOUND at their path.
"""

from __future__ import annotations

import base64
import binascii
from collections.abc import Iterator
from typing import Any

from graphql import (
    ArgumentNode,
    GraphQLError,
    ListValueNode,
    ObjectValueNode,
    StringValueNode,
    ValueNode,
    VariableNode,
    get_named_type,
)
from graphql.validation import ValidationRule
from strawberry.extensions import SchemaExtension
from strawberry.relay.types import PREFIX

MAX_OFFSET = 10**9
MAX_KEY_DIGITS = 18  # bigint


def _decoded(value: str) -> str | None:
    try:
        return base64.b64decode(value.encode("ascii"), validate=True).decode("utf-8")
    except (UnicodeError, binascii.Error, ValueError):
        return None


#: Cursors with their own decoder and error (keyset pagination of the partner sync lists) are left
#: to it: only offset cursors are checked here.
OWN_DECODER_PREFIXES = ("keyset:",)


def cursor_is_valid(value: str) -> bool:
    text = _decoded(value)
    if text is not None and text.startswith(OWN_DECODER_PREFIXES):
        return True
    prefix, _, offset = (text or "").partition(":")
    return prefix == PREFIX and offset.isascii() and offset.isdigit() and int(offset) < MAX_OFFSET


def key_is_valid(key: str) -> bool:
    return key.isascii() and key.isdigit() and len(key) <= MAX_KEY_DIGITS


class ArgumentChecks(SchemaExtension):
    def on_operation(self) -> Iterator[None]:
        context = self.execution_context
        rules = context.validation_rules
        context.validation_rules = (*rules, _rule(context.variables or {}))
        yield


def nul_path(value: Any, variables: dict[str, Any]) -> str | None:
    """The path (`.entries[2].payCode`) of the first text holding a NUL character in an argument's
    value (AST nodes and variables' values alike), or None."""
    stack: list[tuple[Any, str]] = [(value, "")]
    while stack:
        item, path = stack.pop()
        if isinstance(item, VariableNode):
            item = variables.get(item.name.value)
        if isinstance(item, StringValueNode):
            item = item.value
        if isinstance(item, str):
            if "\x00" in item:
                return path
        elif isinstance(item, ObjectValueNode):
            stack.extend((field.value, f"{path}.{field.name.value}") for field in item.fields)
        elif isinstance(item, ListValueNode):
            stack.extend((child, f"{path}[{i}]") for i, child in enumerate(item.values))
        elif isinstance(item, dict):
            stack.extend((child, f"{path}.{key}") for key, child in item.items())
        elif isinstance(item, list):
            stack.extend((child, f"{path}[{i}]") for i, child in enumerate(item))
    return None


def _rule(variables: dict[str, Any]) -> type[ValidationRule]:
    class ArgumentRule(ValidationRule):
        def enter_argument(self, node: ArgumentNode, *_args: Any) -> None:
            where = nul_path(node.value, variables)
            if where is not None:
                message = f"Argument '{node.name.value}' holds a NUL character (at '{where or '.'}')."
                self._refuse(node, message, "BAD_TEXT")
                return
            value: Any = None
            if isinstance(node.value, StringValueNode):
                value = node.value.value
            elif isinstance(node.value, VariableNode):
                value = variables.get(node.value.name.value)
            if not isinstance(value, str):
                return
            name = node.name.value
            if name in ("after", "before"):
                if not cursor_is_valid(value):
                    self._refuse(node, f"Argument '{name}' is not a cursor this API gave out.", "BAD_CURSOR")
                return
            argument = self.context.get_argument()
            if argument is None or getattr(get_named_type(argument.type), "name", None) != "ID":
                return
            type_name, _, key = (_decoded(value) or "").partition(":")
            if type_name and self.context.schema.get_type(type_name) is not None and not key_is_valid(key):
                self._refuse(node, f"Argument '{name}' is not a valid {type_name} ID.", "BAD_ID")

        def _refuse(self, node: ArgumentNode | ValueNode, message: str, code: str) -> None:
            self.report_error(GraphQLError(message, node, extensions={"code": code}))

    return ArgumentRule
