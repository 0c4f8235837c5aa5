"""What /graphql accepts before strawberry sees a request, and the media type of its answer
(docs/security.md, "Request bodies").

- a body of at most `settings.KSERP_MAX_BODY_BYTES` (413 otherwise, checked on Content-Length
  before the body is read);
- a JSON body in UTF-8, without `NaN`/`Infinity`, nested at most `MAX_JSON_DEPTH` deep (400);
- every refusal is GraphQL-shaped JSON: `{"errors": [{"message": ..., "extensions": {"code": ...}}]}`;
- `application/graphql-response+json` when the client prefers it (GraphQL over HTTP): request
  errors (parse, validation: no `data` was produced) are then answered with 400 and no `data`.
"""

from __future__ import annotations

import json
from typing import Any

from django.conf import settings
from django.core.exceptions import RequestDataTooBig
from django.http import HttpRequest, HttpResponse, HttpResponseBase, JsonResponse

MAX_JSON_DEPTH = 32
GRAPHQL_RESPONSE_JSON = "application/graphql-response+json"
_NOT_PARSED = object()


def graphql_error(status: int, message: str, code: str) -> JsonResponse:
    return JsonResponse({"errors": [{"message": message, "extensions": {"code": code}}]}, status=status)


def _refuse_constant(name: str) -> Any:
    raise ValueError(f"{name} is not a JSON number")


def _depth(value: Any) -> int:
    """How deep lists and objects nest in `value` (iterative: no recursion to exhaust)."""
    deepest, stack = 0, [(value, 1)]
    while stack:
        item, level = stack.pop()
        children = item.values() if isinstance(item, dict) else item if isinstance(item, list) else None
        if children is None:
            continue
        deepest = max(deepest, level)
        if deepest > MAX_JSON_DEPTH:
            return deepest
        stack.extend((child, level + 1) for child in children)
    return deepest


def read_json_body(request: HttpRequest) -> tuple[Any, JsonResponse | None]:
    """(the decoded JSON body, None), or (None, the refusal to answer). Bodies that are not JSON
    (multipart uploads) are left to strawberry: the first value is then `_NOT_PARSED`."""
    limit = int(settings.KSERP_MAX_BODY_BYTES)
    too_big = graphql_error(413, f"The request body is over {limit // (1024 * 1024)} MB.", "BODY_TOO_LARGE")
    try:
        declared = int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        return None, graphql_error(400, "Content-Length is not a number.", "BAD_REQUEST")
    if declared > limit:
        return None, too_big
    try:
        body = request.body
    except RequestDataTooBig:
        return None, too_big
    if len(body) > limit:
        return None, too_big
    if request.content_type != "application/json":
        return _NOT_PARSED, None
    try:
        text = body.decode("utf-8")
    except UnicodeDecodeError:
        return None, graphql_error(400, "The request body is not UTF-8.", "BAD_REQUEST")
    try:
        data = json.loads(text, parse_constant=_refuse_constant)
    except RecursionError:
        data = None
        nested = True
    except ValueError as exc:  # JSONDecodeError is a ValueError, as are NaN/Infinity
        return None, graphql_error(400, f"Unable to parse request body as JSON: {exc}", "BAD_REQUEST")
    else:
        nested = _depth(data) > MAX_JSON_DEPTH
    if nested:
        return None, graphql_error(400, f"The JSON body nests deeper than {MAX_JSON_DEPTH} levels.", "BAD_REQUEST")
    return data, None


def was_parsed(value: Any) -> bool:
    return value is not _NOT_PARSED


def wants_graphql_response_json(request: HttpRequest) -> bool:
    if "accept" not in request.headers:
        return False
    return request.get_preferred_type(["application/json", GRAPHQL_RESPONSE_JSON]) == GRAPHQL_RESPONSE_JSON


def negotiate(request: HttpRequest, response: HttpResponseBase) -> HttpResponseBase:
    """Answer in `application/graphql-response+json` when the client prefers it; any refusal
    strawberry wrote as plain text becomes GraphQL-shaped JSON."""
    content_type = response.get("Content-Type", "")
    if response.status_code >= 400 and content_type.startswith("text/plain") and isinstance(response, HttpResponse):
        response = graphql_error(response.status_code, response.content.decode(errors="replace"), "BAD_REQUEST")
        content_type = response["Content-Type"]
    if not content_type.startswith("application/json") or not wants_graphql_response_json(request):
        return response
    if response.status_code == 200 and isinstance(response, HttpResponse):
        body = json.loads(response.content)
        errors = body.get("errors") if isinstance(body, dict) else None
        if errors and body.get("data") is None and all("path" not in error for error in errors):
            # A request error: nothing was executed (GraphQL over HTTP: 4xx, no `data`).
            del body["data"]
            response.content = json.dumps(body, separators=(",", ":")).encode()
            response.status_code = 400
    response["Content-Type"] = f"{GRAPHQL_RESPONSE_JSON}; charset=utf-8"
    return response
