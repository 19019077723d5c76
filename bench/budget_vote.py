"""How long a participatory budget's tally takes, and in how many queries, with 100,000 ballots
over 60 projects in five envelopes (budgets/tally.py); and the anonymised export and its recount.

Runs against a throwaway test database (a ``test_…`` database when DATABASE_URL points at
PostgreSQL, as it should for figures worth quoting; in memory with SQLite otherwise):

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres .venv/bin/python bench/budget_vote.py [100000]

(its test database is then ``test_postgres``, dropped and made again each run: do not name a
database whose ``test_…`` one a test run may be using at the same time).

The ballots are written in bulk (one in twenty changed once, so only current versions count),
in one transaction, 20,000 at a time with the ids given by the script, each ballot naming its
current version as it is written: about 30 s for 100,000 on PostgreSQL (489 s before, when it
wrote 5,000 at a time and then set every ballot's current version by a correlated subquery).
Each measure is timed three times; the best is printed with its query count.
"""

import os
import random
import sys
import time
from pathlib import Path

import django

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "sharik.settings")
django.setup()

from django.core.management.color import no_style  # noqa: E402
from django.db import connection, transaction  # noqa: E402
from django.db.models import Max  # noqa: E402
from django.test.utils import CaptureQueriesContext, setup_test_environment  # noqa: E402
from django.utils import timezone  # noqa: E402
from wagtail.models import Page  # noqa: E402

from budgets import tally  # noqa: E402
from budgets.models import (  # noqa: E402
    Ballot,
    BallotChoice,
    BallotVersion,
    BudgetIndexPage,
    BudgetPage,
    BudgetProject,
    Envelope,
    Feasibility,
)
from participation.models import Arrondissement  # noqa: E402

BALLOTS = int(sys.argv[1]) if len(sys.argv) > 1 else 100_000
PROJECTS = 60
BATCH = 20_000


def budget_with_projects():
    day = timezone.timedelta(days=1)
    now = timezone.now()
    places = list(Arrondissement.objects.canonical().order_by("slug")[:5])
    if not places:
        sys.exit("No arrondissement: the migrations create Salé's five.")
    from django.contrib.auth import get_user_model

    author = get_user_model().objects.create(email="bench-author@bench.example")
    index = BudgetIndexPage(title="bench", slug="bench-budgets")
    Page.get_first_root_node().add_child(instance=index)
    budget = BudgetPage(
        title="bench budget",
        slug="bench-budget",
        summary="bench",
        total_amount=2_000_000 * len(places),
        ideas_start_at=now - 40 * day,
        review_start_at=now - 30 * day,
        vote_start_at=now - 20 * day,
        results_start_at=now - day,
        follow_up_start_at=now + 60 * day,
    )
    budget.envelopes = [
        Envelope(arrondissement=a, amount=2_000_000, population=200_000) for a in places
    ]
    index.add_child(instance=budget)
    budget = BudgetPage.objects.get(pk=budget.pk)
    rng = random.Random(1)
    projects = BudgetProject.objects.bulk_create(
        BudgetProject(
            budget=budget,
            author=author,
            title=f"project {n}",
            description="bench",
            arrondissement=places[n % len(places)],
            feasibility=Feasibility.FEASIBLE,
            official_cost=rng.randrange(50, 900) * 1_000,
            department="bench",
        )
        for n in range(PROJECTS)
    )
    return budget, projects


def first_free_ids(*models):
    """The first id after the rows each of ``models`` already has: the loader gives its rows
    their ids, so a ballot names its current version before that version is written."""
    return [(model.objects.aggregate(last=Max("pk"))["last"] or 0) + 1 for model in models]


def load_ballots(budget, projects):
    """``BALLOTS`` ballots spread over the envelopes, each choosing 1–4 of its projects; one in
    twenty changed once (a second version, the one counted).

    Written in one transaction, ``BATCH`` ballots at a time, with their ids given here: each
    ballot points at its current version as it is written (the foreign key is checked at
    commit), so no pass over the ballots afterwards; Django inserts each batch on PostgreSQL
    as one ``INSERT … SELECT * FROM UNNEST(…)`` per table. The sequences are moved past the
    ids used at the end."""
    rng = random.Random(2)
    by_envelope = {}
    for project in projects:
        by_envelope.setdefault(budget.envelope_for(project.arrondissement).pk, []).append(project)
    envelope_list = [
        (e.pk, e.arrondissement_id, [p.pk for p in by_envelope[e.pk]])
        for e in budget.envelopes_by_arrondissement.values()
    ]
    ballot_id, version_id, choice_id = first_free_ids(Ballot, BallotVersion, BallotChoice)
    now = timezone.now()
    with transaction.atomic():
        for start in range(0, BALLOTS, BATCH):
            ballots, versions, choices = [], [], []
            for _ in range(min(BATCH, BALLOTS - start)):
                envelope_id, arrondissement_id, candidates = envelope_list[
                    rng.randrange(len(envelope_list))
                ]
                for _version in range(2 if rng.random() < 0.05 else 1):
                    versions.append(
                        BallotVersion(id=version_id, ballot_id=ballot_id, created_at=now)
                    )
                    for project_id in rng.sample(candidates, k=rng.randint(1, 4)):
                        choices.append(
                            BallotChoice(id=choice_id, version_id=version_id, project_id=project_id)
                        )
                        choice_id += 1
                    version_id += 1
                ballots.append(
                    Ballot(
                        id=ballot_id,
                        envelope_id=envelope_id,
                        arrondissement_id=arrondissement_id,
                        token=f"{rng.getrandbits(128):032x}",
                        current_version_id=version_id - 1,
                    )
                )
                ballot_id += 1
            Ballot.objects.bulk_create(ballots)
            BallotVersion.objects.bulk_create(versions)
            BallotChoice.objects.bulk_create(choices)
        with connection.cursor() as cursor:
            for statement in connection.ops.sequence_reset_sql(
                no_style(), [Ballot, BallotVersion, BallotChoice]
            ):
                cursor.execute(statement)


def measure(label, function, unit, budget_id=None):
    """``function`` timed three times, given a freshly read budget (outside the count) if
    ``budget_id``; the best time and the query count."""
    best, queries, result = None, None, None
    for _ in range(3):
        argument = BudgetPage.objects.get(pk=budget_id) if budget_id else None
        with CaptureQueriesContext(connection) as captured:
            started = time.perf_counter()
            result = function(argument)
            elapsed = time.perf_counter() - started
        best = elapsed if best is None else min(best, elapsed)
        queries = len(captured)
    print(f"  {label:<32} {best * 1000:9.1f} ms   {queries:3d} queries   {unit(result)}")
    return result


def main():
    setup_test_environment()
    started = time.perf_counter()
    connection.creation.create_test_db(verbosity=0, autoclobber=True, serialize=False)
    print(f"test database ready in {time.perf_counter() - started:.1f} s ({connection.vendor})")
    started = time.perf_counter()
    budget, projects = budget_with_projects()
    load_ballots(budget, projects)
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("ANALYZE")
    choices = BallotChoice.objects.count()
    print(
        f"\n{Ballot.objects.count():,} ballots, {BallotVersion.objects.count():,} versions, "
        f"{choices:,} choices over {len(projects)} projects in "
        f"{budget.envelopes.count()} envelopes (loaded in {time.perf_counter() - started:.1f} s)"
    )

    results = measure(
        "tally()",
        tally.tally,
        lambda r: (
            f"{sum(e.voters for e in r.values()):,} voters, "
            f"{sum(len(e.winners) for e in r.values())} winners"
        ),
        budget.pk,
    )
    document, _digest = measure(
        "anonymised_ballots()",
        tally.anonymised_ballots,
        lambda r: f"{len(r[0]['ballots']):,} ballots exported",
        budget.pk,
    )
    recounted = measure(
        "recount(export)", lambda _none: tally.recount(document), lambda r: f"{len(r)} envelopes"
    )
    same = all(recounted[k].winners == results[k].winners for k in results)
    print(f"\nthe recount gives the official winners: {'yes' if same else 'NO'}")


if __name__ == "__main__":
    main()
