"""``manage.py send_staff_digests``: email each member of staff who chose it the counts of their
queues (sharik/staff_digest.py); run daily with the notification digests (deploy/systemd)."""

from django.core.management.base import BaseCommand

from sharik.staff_digest import send_staff_digests


class Command(BaseCommand):
    help = (
        "Email each member of staff who chose it what waits in their queues (at most once a day; "
        "run daily, see deploy/systemd/sharik-digest.service)."
    )

    def handle(self, *args, **options):
        sent = send_staff_digests()
        self.stdout.write(f"Staff digests queued: {sent}.")
