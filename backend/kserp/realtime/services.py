"""Writes of the realtime domain."""

from django.db import transaction
from django.utils import timezone

from kserp.realtime.events import publish_on_commit

PINGS_GROUP = "kserp.pings"


def ping_publish(*, message: str) -> None:
    """Publish a ping to every `pings` subscriber (runs in a worker)."""
    publish_on_commit(PINGS_GROUP, {"message": message, "at": timezone.now().isoformat()})


def ping_request(*, message: str) -> None:
    """Ask a worker to publish `message` (sent after commit)."""
    # Function-local on purpose: the actor module imports this one (its body calls
    # `ping_publish`), so the two depend on each other; the actor is needed only when sending.
    from kserp.realtime.actors import ping_actor

    transaction.on_commit(lambda: ping_actor.send(message))
