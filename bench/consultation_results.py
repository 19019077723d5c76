"""How long a consultation's results, its results page and its staff exports take, and how much
memory, for 2,000, 20,000 and 100,000 submitted responses (consultations/results.py, exports.py).

Runs against a throwaway test database (in memory with SQLite, or a ``test_…`` database when
DATABASE_URL points at PostgreSQL) seeded with the demo site, on the demo's participatory-budget
questionnaire (six questions: single and multiple choice with "other", a ranking, a scale, short
and long text).

    .venv/bin/python bench/consultation_results.py [2000 20000 …]

Each measure is timed without tracing, then traced once with tracemalloc for the peak of Python
allocations. The results page is rendered through the test client, with its query count.
"""

import os
import resource
import sys
import time
import tracemalloc
from functools import partial
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
from django.utils import translation  # noqa: E402

from consultations import exports  # noqa: E402
from consultations.models import (  # noqa: E402
    Answer,
)
from consultations.results import consultation_results  # noqa: E402
from demo.bench_data import consultation_with_responses  # noqa: E402

SIZES = [int(size) for size in sys.argv[1:]] or [2_000, 20_000, 100_000]


def results(page, questions, client):
    return consultation_results(page, questions, "ar").participants


def results_page(page, questions, client):
    connection.queries_log.clear()  # the seeding filled the log
    with CaptureQueriesContext(connection) as captured:
        response = client.get(page.url + "results/")
    assert response.status_code == 200
    return len(captured)


def export_csv(page, questions, client):
    return sum(len(chunk.encode()) for chunk in exports.responses_csv(page, questions))


def export_xlsx(page, questions, client):
    output = exports.responses_xlsx(page, questions, right_to_left=True)
    size = output.seek(0, 2)
    output.close()
    return size


def measure(function):
    started = time.perf_counter()
    result = function()
    elapsed = time.perf_counter() - started
    tracemalloc.start()
    function()
    _current, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return result, elapsed, peak


def main():
    setup_test_environment()
    settings.ALLOWED_HOSTS = ["*"]
    started = time.perf_counter()
    connection.creation.create_test_db(verbosity=0, autoclobber=True, serialize=False)
    call_command("seed_demo", stdout=open(os.devnull, "w"))  # noqa: SIM115
    print(
        f"test database and demo ready in {time.perf_counter() - started:.1f} s ({connection.vendor})"
    )
    client = Client()
    with translation.override("ar"):
        for responses in SIZES:
            started = time.perf_counter()
            page = consultation_with_responses(responses, slug=f"bench-{responses}")
            answers = Answer.objects.filter(response__consultation=page).count()
            print(
                f"\n{responses:,} responses, {answers:,} answer rows "
                f"(created in {time.perf_counter() - started:.1f} s)"
            )
            questions = page.questions

            for label, function, unit in [
                ("results (aggregation)", results, "participants"),
                ("results page", results_page, "queries"),
                ("staff export CSV", export_csv, "bytes"),
                ("staff export XLSX", export_xlsx, "bytes"),
            ]:
                result, elapsed, peak = measure(partial(function, page, questions, client))
                print(
                    f"  {label:<24} {elapsed:7.2f} s   peak Python heap "
                    f"{peak / 2**20:7.1f} MiB   {result:>12,} {unit}"
                )
    peak_rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"\npeak resident size of the whole run: {peak_rss:.0f} MiB")


if __name__ == "__main__":
    main()
