from django.core.management.base import BaseCommand

from petitions.services import close_ended_collections


class Command(BaseCommand):
    help = (
        "Close the petitions whose signature collection ended below the threshold (run daily, "
        "see deploy/systemd). Signing already stops at the end date; this records the step and "
        "tells signatories and followers."
    )

    def handle(self, *args, **options):
        closed = close_ended_collections()
        self.stdout.write(f"Petitions closed: {closed}.")
