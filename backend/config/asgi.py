"""ASGI entry point (daphne): HTTP through Django, GraphQL WebSocket through Channels.

In embedded mode (no REDIS_URL) a dramatiq worker thread runs inside this process and drains
the StubBroker (started on the first connection), so `make run` needs one process only.
"""

import gc
import os

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

from django.core.asgi import get_asgi_application

django_asgi_app = get_asgi_application()

from channels.auth import AuthMiddlewareStack  # noqa: E402
from channels.routing import ProtocolTypeRouter, URLRouter  # noqa: E402
from django.urls import path  # noqa: E402

from kserp.api.consumers import graphql_ws_consumer  # noqa: E402
from kserp.api.origin import browser_origin_validator  # noqa: E402
from kserp.realtime.loop import ServerStartupMiddleware  # noqa: E402

# A GraphQL page allocates hundreds of thousands of short-lived objects: collect the youngest
# generation less often, and leave the objects made at start-up (modules, the schema) out of
# every full collection. About a tenth of the page's CPU time (docs/performance.md).
if os.environ.get("KSERP_GC_TUNING", "1") != "0":
    gc.freeze()
    gc.set_threshold(50_000, 20, 100)

application = ServerStartupMiddleware(
    ProtocolTypeRouter(
        {
            "http": django_asgi_app,
            "websocket": browser_origin_validator(
                AuthMiddlewareStack(URLRouter([path("graphql", graphql_ws_consumer())]))
            ),
        }
    )
)
