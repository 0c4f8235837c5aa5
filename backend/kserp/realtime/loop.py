"""Server start-up hooks that need daphne's running event loop."""

import asyncio
from collections.abc import Callable
from typing import Any

from django.conf import settings

from kserp.realtime.embedded_worker import start_embedded_worker
from kserp.realtime.events import register_main_loop

#: Started with the embedded worker, on the first connection (apps above realtime register here:
#: the billing scheduler, kserp/scheduling/apps.py).
_embedded_hooks: list[Callable[[], None]] = []


def on_embedded_start(hook: Callable[[], None]) -> None:
    if hook not in _embedded_hooks:
        _embedded_hooks.append(hook)


class ServerStartupMiddleware:
    """ASGI wrapper: registers the serving event loop (so worker threads can publish into the
    in-memory channel layer) and, in embedded mode, starts the in-process dramatiq worker on the
    first connection rather than at import time (management commands import this module too)."""

    def __init__(self, app: Any) -> None:
        self.app = app
        self.loop: asyncio.AbstractEventLoop | None = None

    async def __call__(self, scope: Any, receive: Any, send: Any) -> Any:
        loop = asyncio.get_running_loop()
        if loop is not self.loop:
            self.loop = loop
            register_main_loop(loop)
            if settings.EMBEDDED_WORKER:
                start_embedded_worker()
                for hook in _embedded_hooks:
                    hook()
        return await self.app(scope, receive, send)
