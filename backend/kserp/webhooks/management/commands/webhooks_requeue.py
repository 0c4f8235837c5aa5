"""Queue every due webhook delivery again (run it from cron, e.g. every 10 minutes): deliveries whose
message was lost (a broker outage, a worker killed mid-attempt) go out. Safe at any time."""

from django.core.management.base import BaseCommand

from kserp.webhooks.services import webhook_deliveries_requeue


class Command(BaseCommand):
    help = "Queue every due pending webhook delivery of an active endpoint again."

    def handle(self, *args, **options):
        self.stdout.write(f"{webhook_deliveries_requeue()} deliveries queued")
