"""The tally on known data: ranking, ties, greedy winners, votes per arrondissement, turnout,
the anonymised export and its recount, and a query count that does not grow with ballots."""

import datetime

import pytest
from django.utils import timezone

from budgets import services, tally
from budgets.models import Ballot, BudgetPage, BudgetPhase
from tests.budgets.factories import (
    BudgetPageFactory,
    BudgetProjectFactory,
    VoterFactory,
    arrondissement,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def vote():
    """Bab Lamrissa's envelope of 600,000 MAD and five projects submitted a minute apart:
    A 300,000 · B 250,000 · C 200,000 · D 100,000 · E 50,000 (never chosen)."""
    budget = BudgetPageFactory()
    start = timezone.now() - datetime.timedelta(days=30)
    costs = {"A": 300_000, "B": 250_000, "C": 200_000, "D": 100_000, "E": 50_000}
    projects = {
        name: BudgetProjectFactory(
            budget=budget,
            title=name,
            official_cost=cost,
            created_at=start + datetime.timedelta(minutes=i),
        )
        for i, (name, cost) in enumerate(costs.items())
    }
    envelope = budget.envelopes.get(arrondissement=arrondissement("bab-lamrissa"))
    return budget, envelope, projects


def cast(envelope, projects, *choices):
    for names in choices:
        services.cast_ballot(VoterFactory(), envelope, [projects[n].pk for n in names])


def test_ranking_ties_and_greedy_winners(vote):
    budget, envelope, p = vote
    # A 3 votes, B 2, C 2, D 2, E 0. B, C and D tie: the cheaper first (D, C, B).
    cast(envelope, p, "AB", "AC", "AD", "BC", "D")
    result = tally.tally(budget)[envelope.pk]
    assert [pid for pid, _votes in result.ranking] == [p[n].pk for n in "ADCBE"]
    assert dict(result.ranking)[p["A"].pk] == 3
    # A (300k) + D (100k) = 400k; C (200k) fits exactly; B (250k) no longer fits; E has no vote.
    assert result.winners == [p["A"].pk, p["D"].pk, p["C"].pk]
    assert result.voters == 5
    assert result.turnout == 5 / 1000
    bab = arrondissement("bab-lamrissa").pk
    assert result.votes_by_arrondissement[bab][p["A"].pk] == 3


def test_a_tie_at_equal_cost_goes_to_the_earlier_submission(vote):
    budget, envelope, p = vote
    later = BudgetProjectFactory(budget=budget, official_cost=300_000)
    services.cast_ballot(VoterFactory(), envelope, [later.pk])
    cast(envelope, p, "A")
    ranking = tally.tally(budget)[envelope.pk].ranking
    assert [pid for pid, _votes in ranking[:2]] == [p["A"].pk, later.pk]


def test_a_project_that_does_not_fit_is_skipped_and_the_next_still_wins(vote):
    budget, envelope, p = vote
    cast(envelope, p, "AB", "AB", "AB", "AC", "AC", "D")
    # A 300k (5) then B 250k (3) → 550k; C 200k (2) no longer fits; D 100k (1) fits? 650k: no.
    # E never voted. Only A and B win.
    assert tally.tally(budget)[envelope.pk].winners == [p["A"].pk, p["B"].pk]


def test_only_the_current_version_counts(vote):
    budget, envelope, p = vote
    voter = VoterFactory()
    services.cast_ballot(voter, envelope, [p["A"].pk])
    services.cast_ballot(voter, envelope, [p["B"].pk])
    result = tally.tally(budget)[envelope.pk]
    assert dict(result.ranking)[p["A"].pk] == 0
    assert dict(result.ranking)[p["B"].pk] == 1
    assert result.voters == 1


def test_recount_of_the_anonymised_export_equals_the_tally(vote):
    budget, envelope, p = vote
    cast(envelope, p, "AB", "AC", "AD", "BC", "D", "E")
    commune = budget.envelopes.get(arrondissement=None)
    wide = BudgetProjectFactory(budget=budget, arrondissement=None, official_cost=10)
    services.cast_ballot(VoterFactory(), commune, [wide.pk])
    document, digest = tally.anonymised_ballots(budget)
    assert len(digest) == 64 and digest == tally.digest(document)
    voters = {str(pk) for pk in Ballot.objects.values_list("voter_id", flat=True)}
    assert all(row["token"] not in voters for row in document["ballots"])
    assert tally.recount(document) == tally.tally(budget)
    # The export read back from its JSON gives the same result.
    import json

    assert tally.recount(json.loads(tally.canonical_json(document))) == tally.tally(budget)


def test_the_tally_is_public_once_the_vote_is_over(vote):
    budget, envelope, p = vote
    cast(envelope, p, "A")
    assert tally.voter_count(budget) == {envelope.pk: 1}  # always public
    assert tally.public_tally(budget) is None
    BudgetPage.objects.filter(pk=budget.pk).update(results_start_at=timezone.now())
    closed = BudgetPage.objects.get(pk=budget.pk)
    assert closed.phase == BudgetPhase.RESULTS
    assert tally.public_tally(closed)[envelope.pk].winners == [p["A"].pk]


def test_the_tally_s_queries_do_not_grow_with_ballots(vote, django_assert_num_queries):
    budget, envelope, p = vote
    cast(envelope, p, "A")
    budget = BudgetPage.objects.get(pk=budget.pk)
    with django_assert_num_queries(5):
        tally.tally(budget)
    cast(envelope, p, *(["AB", "CD", "BD", "E"] * 5))
    budget = BudgetPage.objects.get(pk=budget.pk)
    with django_assert_num_queries(5):
        tally.tally(budget)
