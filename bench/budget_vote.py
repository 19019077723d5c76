"""How long a participatory budget's tally takes, and in how many queries, with 100,000 ballots
over 60 projects in five envelopes (budgets/tally.py); and the anonymised export and its recount.

Runs against a throwaway test database (a ``test_…`` database when DATABASE_URL points at
PostgreSQL, as it should for figures worth quoting; in memory with SQLite otherwise):

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/sharik .venv/bin/python bench/budget_vote.py [100000]

The ballots are written in bulk (one in twenty changed once, so only current versions count).
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

from django.db import connection  # noqa: E402
from django.db.models import OuterRef, Subquery  # noqa: E402
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
BATCH = 5_000


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


def load_ballots(budget, projects):
    """``BALLOTS`` ballots spread over the envelopes, each choosing 1–4 of its projects; one in
    twenty changed once (a second version, the one counted)."""
    rng = random.Random(2)
    envelopes = budget.envelopes_by_arrondissement
    by_envelope = {}
    for project in projects:
        by_envelope.setdefault(budget.envelope_for(project.arrondissement).pk, []).append(project)
    envelope_list = [(e, by_envelope[e.pk]) for e in envelopes.values()]
    for start in range(0, BALLOTS, BATCH):
        size = min(BATCH, BALLOTS - start)
        picks = [envelope_list[rng.randrange(len(envelope_list))] for _ in range(size)]
        ballots = Ballot.objects.bulk_create(
            Ballot(envelope=envelope, arrondissement_id=envelope.arrondissement_id)
            for envelope, _projects in picks
        )
        changed = [rng.random() < 0.05 for _ in ballots]
        versions = BallotVersion.objects.bulk_create(
            [BallotVersion(ballot=ballot) for ballot in ballots]
            + [BallotVersion(ballot=b) for b, c in zip(ballots, changed, strict=True) if c]
        )
        owners = {}
        for version in versions:
            owners.setdefault(version.ballot_id, []).append(version)
        choices = []
        for ballot, (_envelope, candidates) in zip(ballots, picks, strict=True):
            for version in owners[ballot.pk]:
                for project in rng.sample(candidates, k=rng.randint(1, 4)):
                    choices.append(BallotChoice(version=version, project=project))
        BallotChoice.objects.bulk_create(choices, batch_size=BATCH)
    latest = BallotVersion.objects.filter(ballot=OuterRef("pk")).order_by("-pk").values("pk")[:1]
    Ballot.objects.filter(envelope__budget=budget).update(current_version=Subquery(latest))


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
