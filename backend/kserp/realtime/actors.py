"""Background jobs of the realtime domain: the `ping` round trip proving worker and socket."""

import dramatiq

from kserp.realtime import services


@dramatiq.actor(queue_name="default", max_retries=3, time_limit=30_000)
def ping_actor(message: str) -> None:
    services.ping_publish(message=message)
