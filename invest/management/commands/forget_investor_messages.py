from django.core.management.base import BaseCommand

from invest.services import forget_old_messages


class Command(BaseCommand):
    help = (
        "Delete the investors' messages older than their retention period (law 09-08), as the "
        "contact form's notice promises (daily)."
    )

    def handle(self, *args, **options):
        self.stdout.write(f"Deleted {forget_old_messages()} investor messages.")
