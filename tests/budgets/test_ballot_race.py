"""Casting ballots under concurrency, on PostgreSQL with real threads: 20 voters, each sending
their ballot from several threads at once (double submits, second tabs), make 20 ballots of one
version each, never more."""

import threading
from concurrent.futures import ThreadPoolExecutor

import pytest
from django.db import connection

from budgets import services
from budgets.models import Ballot, BallotVersion
from tests.budgets.factories import (
    BudgetPageFactory,
    BudgetProjectFactory,
    VoterFactory,
    arrondissement,
)

VOTERS = 20
THREADS = 64


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
@pytest.mark.usefixtures("transactional_db")
def test_sixty_four_threads_for_twenty_voters_make_twenty_ballots():
    budget = BudgetPageFactory()
    envelope = budget.envelopes.get(arrondissement=arrondissement("bab-lamrissa"))
    project = BudgetProjectFactory(budget=budget)
    voters = [VoterFactory() for _ in range(VOTERS)]
    barrier = threading.Barrier(THREADS)
    errors = []

    def cast(index):
        try:
            barrier.wait(timeout=30)
            services.cast_ballot(voters[index % VOTERS], envelope, [project.pk])
        except Exception as error:
            errors.append(error)
        finally:
            connection.close()

    with ThreadPoolExecutor(max_workers=THREADS) as pool:
        list(pool.map(cast, range(THREADS)))
    assert errors == []
    assert Ballot.objects.count() == VOTERS
    assert Ballot.objects.filter(current_version__isnull=True).count() == 0
    assert BallotVersion.objects.count() == VOTERS
