"""Delete the files of residents' data exports whose 7-day link has expired (law 09-08: kept no
longer than their purpose). Run daily by the ``sharik-digest.timer``."""

from django.core.management.base import BaseCommand

from participation.data_export_tasks import delete_expired_exports


class Command(BaseCommand):
    help = "Delete the files of data exports whose download link has expired."

    def handle(self, *args, **options):
        deleted = delete_expired_exports()
        self.stdout.write(f"{deleted} expired data export(s) deleted.")
