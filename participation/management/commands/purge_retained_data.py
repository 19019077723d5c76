"""Purge what the law kept of deleted accounts once its period is over (the signatures on
petitions filed with the council: ``SHARIK_SIGNATURE_RETENTION_DAYS``). Run daily
(deploy/systemd/sharik-digest.service); safe to run again."""

from django.core.management.base import BaseCommand

from participation.account_deletion import purge_retained


class Command(BaseCommand):
    help = "Purge the data of deleted accounts that the law kept, once its period is over."

    def handle(self, *args, **options):
        purged = purge_retained()
        for relation, rows in sorted(purged.items()):
            self.stdout.write(f"{relation}: {rows} purged")
