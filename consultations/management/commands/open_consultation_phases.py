from django.core.management.base import BaseCommand

from consultations.services import announce_open_phases


class Command(BaseCommand):
    help = (
        "Announce the consultation phases that have opened (debate, questionnaire, results, "
        "report) to followers and participants. Run every few minutes (systemd timer or cron)."
    )

    def handle(self, *args, **options):
        count = len(announce_open_phases())
        self.stdout.write(f"Announced {count} phase(s).")
