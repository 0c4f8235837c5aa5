"""WebSocket Origin check.

Browsers always send `Origin` on a WebSocket handshake; it must name one of ALLOWED_HOSTS (or a
CSRF_TRUSTED_ORIGINS entry, checked again by strawberry's consumer). A handshake without `Origin`
comes from a non-browser client (a partner system authenticating with a token in
`connection_init`), which carries no ambient browser credentials to abuse, so it is let through.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import ParseResult

from channels.security.websocket import OriginValidator
from django.conf import settings


class BrowserOriginValidator(OriginValidator):
    def valid_origin(self, parsed_origin: ParseResult | None) -> bool:
        if parsed_origin is None:
            return True
        return super().valid_origin(parsed_origin)


def browser_origin_validator(application: Any) -> BrowserOriginValidator:
    allowed = list(settings.ALLOWED_HOSTS)
    if settings.DEBUG and not allowed:
        allowed = ["localhost", "127.0.0.1", "[::1]"]
    return BrowserOriginValidator(application, allowed)
