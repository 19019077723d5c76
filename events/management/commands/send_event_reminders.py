from django.core.management.base import BaseCommand

from events.services import send_reminders


class Command(BaseCommand):
    help = "Remind residents of the events they registered for that take place tomorrow (daily)."

    def handle(self, *args, **options):
        self.stdout.write(f"Reminded {send_reminders()} registered residents.")
