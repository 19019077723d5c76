from django.core.management.base import BaseCommand

from sharik.i18n import compile_catalogs


class Command(BaseCommand):
    help = "Compile the project's .po catalogs to .mo in pure Python (no GNU gettext needed)."

    def handle(self, *args, **options):
        for path in compile_catalogs():
            self.stdout.write(f"Compiled {path}")
