"""Serves the built SPA (frontend/dist/index.html) for every front-end route."""

from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.views.decorators.csrf import ensure_csrf_cookie

MISSING_BUILD = (
    "<!doctype html><title>KS-ERP</title><h1>KS-ERP</h1>"
    "<p>The web app is not built yet: run <code>make run</code> (or <code>make frontend</code>).</p>"
    '<p>The API is at <a href="/graphql">/graphql</a>.</p>'
)


@ensure_csrf_cookie
def spa_index(request: HttpRequest) -> HttpResponse:
    index = settings.FRONTEND_DIST / "index.html"
    if not index.exists():
        return HttpResponse(MISSING_BUILD)
    response = HttpResponse(index.read_bytes(), content_type="text/html; charset=utf-8")
    response["Cache-Control"] = "no-cache"
    return response
