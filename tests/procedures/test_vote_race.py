"""Votes and answers under concurrency, on PostgreSQL with real threads: each resident clicks
"Digitalise this first" twice at the same instant as everyone else, and answers "Did this page
help?" from two tabs at once; the unique constraints keep one vote and one answer each."""

import threading
from concurrent.futures import ThreadPoolExecutor

import pytest
from django.db import connection

from procedures import services
from procedures.models import DigitalisationVote, ProcedureFeedback
from tests.participation.factories import ResidentFactory
from tests.procedures.factories import ProcedurePageFactory

RESIDENTS = 10


def at_once(work, residents):
    """Run ``work(resident)`` twice per resident, all threads released together."""
    callers = [resident for resident in residents for _click in range(2)]
    barrier = threading.Barrier(len(callers))
    errors = []

    def run(resident):
        try:
            barrier.wait(timeout=30)
            work(resident)
        except Exception as error:
            errors.append(error)
        finally:
            connection.close()

    with ThreadPoolExecutor(max_workers=len(callers)) as pool:
        list(pool.map(run, callers))
    return errors


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
@pytest.mark.usefixtures("transactional_db")
def test_double_clicks_at_the_same_instant_count_one_vote_each():
    procedure = ProcedurePageFactory()
    residents = [ResidentFactory() for _ in range(RESIDENTS)]
    errors = at_once(lambda resident: services.vote(resident, procedure), residents)
    assert errors == []
    voters = list(DigitalisationVote.objects.values_list("user_id", flat=True))
    assert sorted(voters) == sorted(resident.pk for resident in residents)


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
@pytest.mark.usefixtures("transactional_db")
def test_two_answers_at_the_same_instant_keep_one_per_resident():
    procedure = ProcedurePageFactory()
    residents = [ResidentFactory() for _ in range(RESIDENTS)]
    errors = at_once(
        lambda resident: services.give_feedback(procedure, True, user=resident), residents
    )
    assert errors == []
    assert ProcedureFeedback.objects.count() == RESIDENTS
