"""``manage.py build_fonts``: the site's web font as WOFF2 subsets (sharik/fonts.py)."""

from django.core.management.base import BaseCommand

from sharik.fonts import build_web_fonts


class Command(BaseCommand):
    help = "Build the site's web font as light WOFF2 subsets (run before collectstatic)."

    def add_arguments(self, parser):
        parser.add_argument("--force", action="store_true", help="build even if up to date")

    def handle(self, *args, force=False, **options):
        built = build_web_fonts(force=force)
        for path in built:
            self.stdout.write(f"Built {path} ({path.stat().st_size // 1024} KB)")
        if not built:
            self.stdout.write("The web fonts are up to date.")
