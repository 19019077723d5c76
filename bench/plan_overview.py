"""How long the action plan's pages take with many projects: the overview (dashboards by axis
and arrondissement, the map's points), the filtered list and the open data, for 200, 2,000 and
10,000 projects beyond the demo's 25 (plan/figures.py, plan/views.py).

Runs against a throwaway test database (in memory with SQLite, or a ``test_…`` database when
DATABASE_URL points at PostgreSQL) seeded with the demo site.

    .venv/bin/python bench/plan_overview.py [200 2000 …]

Each page is requested three times through the test client; the best time and the query count
are printed.
"""

import os
import sys
import time
from datetime import date
from decimal import Decimal
from pathlib import Path

import django

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "sharik.settings")
django.setup()

from django.conf import settings  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext, setup_test_environment  # noqa: E402

from participation.models import Arrondissement  # noqa: E402
from plan.models import ActionPlanPage, AxisPage, ProjectPage, ProjectProgress, ProjectStatus  # noqa: E402

SIZES = [int(size) for size in sys.argv[1:]] or [200, 2_000, 10_000]


def add_projects(plan, count, offset):
    axis = AxisPage(title=f"محور {count}", slug=f"bench-axis-{count}")
    plan.add_child(instance=axis)
    arrondissements = list(Arrondissement.objects.canonical())
    statuses = ProjectStatus.values
    for number in range(count):
        project = ProjectPage(
            title=f"مشروع {offset + number}",
            slug=f"bench-{offset + number}",
            objective="هدف",
            budget_planned=Decimal(100_000 + number),
            latitude=Decimal("34.02") + Decimal(number % 500) / 10_000,
            longitude=Decimal("-6.83") + Decimal(number % 700) / 10_000,
            starts_on=date(2024, 1, 1),
        )
        project.arrondissements = arrondissements[number % 5 : number % 5 + 1 + number % 2]
        axis.add_child(instance=project)
        ProjectProgress.objects.create(
            project=project,
            status=statuses[number % len(statuses)],
            percent=number % 101,
            budget_spent=Decimal(number * 10),
        )


def measure(client, url):
    best = None
    for _attempt in range(3):
        connection.queries_log.clear()
        with CaptureQueriesContext(connection) as captured:
            started = time.perf_counter()
            response = client.get(url)
            if hasattr(response, "streaming_content"):
                size = sum(len(chunk) for chunk in response.streaming_content)
            else:
                size = len(response.content)
            elapsed = time.perf_counter() - started
        assert response.status_code == 200, url
        best = elapsed if best is None else min(best, elapsed)
    return best, len(captured), size


def main():
    setup_test_environment()
    settings.ALLOWED_HOSTS = ["*"]
    started = time.perf_counter()
    connection.creation.create_test_db(verbosity=0, autoclobber=True, serialize=False)
    call_command("seed_demo", stdout=open(os.devnull, "w"))  # noqa: SIM115
    print(
        f"test database and demo ready in {time.perf_counter() - started:.1f} s ({connection.vendor})"
    )
    plan = ActionPlanPage.objects.get(locale__language_code="ar")
    client = Client()
    total = ProjectPage.objects.count()
    offset = 0
    for size in SIZES:
        started = time.perf_counter()
        add_projects(plan, size - offset if size > offset else 0, offset)
        offset = max(offset, size)
        total = ProjectPage.objects.filter(locale__language_code="ar").count()
        print(
            f"\n{total:,} projects in the Arabic plan (added in {time.perf_counter() - started:.1f} s)"
        )
        for label, url in [
            ("overview (dashboards, map)", plan.url),
            ("list, first page", plan.url + "projects/"),
            ("list, one status", plan.url + "projects/?status=delayed"),
            ("open data CSV", plan.url + "open-data/csv/"),
        ]:
            elapsed, queries, size_bytes = measure(client, url)
            print(
                f"  {label:<28} {elapsed:7.3f} s   {queries:3d} queries   {size_bytes:>11,} bytes"
            )


if __name__ == "__main__":
    main()
