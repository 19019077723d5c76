from django.core.management.base import BaseCommand

from consultations.services import announce_open_phases, forget_participant_addresses


class Command(BaseCommand):
    help = (
        "Announce the consultation phases that have opened (debate, questionnaire, results, "
        "report) to followers and participants, and erase the addresses of participants "
        "without an account once kept long enough. Run every few minutes (systemd timer)."
    )

    def handle(self, *args, **options):
        count = len(announce_open_phases())
        erased = forget_participant_addresses()
        self.stdout.write(f"Announced {count} phase(s); erased {erased} address(es).")
