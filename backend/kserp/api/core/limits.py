"""Limits applied to every GraphQL operation before any resolver runs, and error masking.

- depth (QueryDepthLimiter), aliases counted through fragments (MaxAliasesLimiter), tokens
  (MaxTokensLimiter, enforced by the parser); parsed documents and validation results are cached
  per process, keyed by the text and the rules (the token-scope rule included);
- in production (KSERP_PRODUCTION=1): unexpected errors are masked, and introspection is refused
  to everyone but signed-in staff;
- API tokens: `read` scope for queries and subscriptions, `write` for mutations (TokenScopes);
- a document with several operations needs `operationName` (OperationNameRequired; GraphQL over
  HTTP: refused rather than running the first).
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterator
from typing import Any

from django.conf import settings
from graphql import DocumentNode, GraphQLError, OperationDefinitionNode, OperationType
from graphql.validation import NoSchemaIntrospectionCustomRule, ValidationRule
from strawberry.extensions import (
    AddValidationRules,
    MaskErrors,
    MaxAliasesLimiter,
    MaxTokensLimiter,
    ParserCache,
    QueryDepthLimiter,
    SchemaExtension,
    ValidationCache,
)

from kserp.api.core.arguments import ArgumentChecks
from kserp.api.core.context import request_attribute

MAX_DEPTH = 12
MAX_ALIASES = 50
MAX_TOKENS = 5_000


class ExpectedError(Exception):
    """An error whose message is meant for the caller (permission refusals and the like):
    never masked."""


class IntrospectionForStaffOnly(SchemaExtension):
    """In production, introspection is refused to anyone but signed-in staff."""

    def on_operation(self) -> Iterator[None]:
        if settings.PRODUCTION and not _is_staff(self.execution_context.context):
            rules = self.execution_context.validation_rules
            self.execution_context.validation_rules = (*rules, NoSchemaIntrospectionCustomRule)
        yield


class TokenScopes(SchemaExtension):
    """An API token needs the `read` scope for queries and subscriptions and `write` for
    mutations; refused before anything runs (fields ask for `billing`/`config` with HasScope)."""

    def on_operation(self) -> Iterator[None]:
        token = _api_token(self.execution_context.context)
        if token is not None:
            rules = self.execution_context.validation_rules
            self.execution_context.validation_rules = (*rules, _scope_rule(frozenset(token.scopes or ())))
        yield


class OperationNameRequired(SchemaExtension):
    """A document with several operations and no `operationName` is refused before anything runs."""

    def on_operation(self) -> Iterator[None]:
        if not self.execution_context.operation_name:
            rules = self.execution_context.validation_rules
            self.execution_context.validation_rules = (*rules, _SingleOperationRule)
        yield


class _SingleOperationRule(ValidationRule):
    def enter_document(self, node: DocumentNode, *_args: Any) -> None:
        operations = [d for d in node.definitions if isinstance(d, OperationDefinitionNode)]
        if len(operations) > 1:
            message = "The document has several operations: say which to run with `operationName`."
            self.report_error(GraphQLError(message, operations, extensions={"code": "OPERATION_NAME_REQUIRED"}))


@functools.cache
def _scope_rule(scopes: frozenset[str]) -> type[ValidationRule]:
    """One rule class per set of scopes (not per request), so validation results can be cached."""

    class TokenScopeRule(ValidationRule):
        def enter_operation_definition(self, node: OperationDefinitionNode, *_args: Any) -> None:
            needed = "write" if node.operation == OperationType.MUTATION else "read"
            if needed not in scopes:
                message = f"This API token lacks the `{needed}` scope."
                self.report_error(GraphQLError(message, node, extensions={"code": "FORBIDDEN"}))

    return TokenScopeRule


def _api_token(context: Any) -> Any:
    request = context.get("request") if isinstance(context, dict) else getattr(context, "request", None)
    token = getattr(request, "api_token", None)
    return token if token is not None else (getattr(request, "scope", None) or {}).get("api_token")


def _is_staff(context: Any) -> bool:
    user = request_attribute(context, "user")
    return bool(user is not None and user.is_authenticated and user.is_staff)


def _should_mask(error: GraphQLError) -> bool:
    if not settings.PRODUCTION:
        return False
    original = error.original_error
    # Validation and parse errors, and errors meant for the caller, are shown as they are.
    return original is not None and not isinstance(original, GraphQLError | ExpectedError | PermissionError)


# The rule classes are made once: a document validated against the same rules is validated once
# per process (ValidationCache below; docs/performance.md).
_DEPTH_RULES = QueryDepthLimiter(max_depth=MAX_DEPTH).validation_rules
_ALIAS_RULES = MaxAliasesLimiter(max_alias_count=MAX_ALIASES).validation_rules
# Distinct query texts kept parsed and validated per process (partners repeat the same few).
DOCUMENT_CACHE_SIZE = 512


def security_extensions() -> list[Callable[[], SchemaExtension] | type[SchemaExtension]]:
    return [
        lambda: MaxTokensLimiter(max_token_count=MAX_TOKENS),
        lambda: ParserCache(maxsize=DOCUMENT_CACHE_SIZE),
        lambda: AddValidationRules(_DEPTH_RULES),
        lambda: AddValidationRules(_ALIAS_RULES),
        lambda: ValidationCache(maxsize=DOCUMENT_CACHE_SIZE),
        IntrospectionForStaffOnly,
        TokenScopes,
        OperationNameRequired,
        ArgumentChecks,
        lambda: MaskErrors(should_mask_error=_should_mask, error_message="Unexpected error."),
    ]
