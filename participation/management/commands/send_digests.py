from django.core.management.base import BaseCommand

from participation.notifications import send_daily_digests


class Command(BaseCommand):
    help = "Queue the daily email digest of notifications (run once a day, see deploy/systemd)."

    def handle(self, *args, **options):
        result = send_daily_digests.enqueue()
        self.stdout.write(f"Daily digests queued ({result.id}).")
