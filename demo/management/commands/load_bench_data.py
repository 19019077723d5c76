"""``manage.py load_bench_data``: what the benchmarks need (the demo site and one open
discussion); prints the discussion's thread key for ``bench/ws_fanout.py``."""

from django.core.management import call_command
from django.core.management.base import BaseCommand

from cms.models import HomePage, StandardPage


class Command(BaseCommand):
    help = "Create the data the benchmarks use and print the benchmark thread's key."

    def handle(self, *args, **options):
        call_command("seed_demo", stdout=self.stderr)
        page = StandardPage.objects.filter(slug="bench-discussion").first()
        if page is None:
            home = HomePage.objects.get(locale__language_code="ar")
            page = StandardPage(
                title="نقاش قياس الأداء", slug="bench-discussion", comments_enabled=True
            )
            home.add_child(instance=page)
            page.save_revision().publish()
        self.stdout.write(page.specific.thread_key)
