from django.core.management.base import BaseCommand

from cms.amazigh import mirror_arabic_pages


class Command(BaseCommand):
    help = (
        "Give every Arabic page missing from the Amazigh site an Amazigh alias (cms/amazigh.py). "
        "Safe to run again: pages already mirrored or translated are left alone."
    )

    def handle(self, *args, **options):
        made = mirror_arabic_pages()
        self.stdout.write(f"Amazigh aliases made: {made}.")
