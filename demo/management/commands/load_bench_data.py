"""``manage.py load_bench_data``: what the benchmarks need (the demo site and one open
discussion); prints the discussion's thread key for ``bench/ws_fanout.py``."""

from django.core.management import call_command
from django.core.management.base import BaseCommand

from cms.models import HomePage, StandardPage
from consultations.counts import record_participant_count
from demo import bench_data


class Command(BaseCommand):
    help = "Create the data the benchmarks use and print the benchmark thread's key."

    def add_arguments(self, parser):
        parser.add_argument(
            "--large",
            action="store_true",
            help="Also a petition with 1,000,000 signatures and a consultation with 100,000 "
            "responses (PostgreSQL; made once).",
        )

    def handle(self, *args, large=False, **options):
        call_command("seed_demo", stdout=self.stderr)
        if large:
            bench_data.petition_with_signatures()
            record_participant_count(bench_data.consultation_with_responses().pk)
        page = StandardPage.objects.filter(slug="bench-discussion").first()
        if page is None:
            home = HomePage.objects.get(locale__language_code="ar")
            page = StandardPage(
                title="نقاش قياس الأداء", slug="bench-discussion", comments_enabled=True
            )
            home.add_child(instance=page)
            page.save_revision().publish()
        self.stdout.write(page.specific.thread_key)
