"""Who may vote in which envelope: voter rule, age, arrondissement and phase, as a matrix."""

import datetime

import pytest
from allauth.account.models import EmailAddress
from django.utils import timezone

from budgets.models import BudgetPhase, VoterRule
from budgets.rules import may_vote, voting_refusal
from tests.budgets.factories import (
    BudgetPageFactory,
    VoterFactory,
    arrondissement,
    declared_voter,
)

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]
THIS_YEAR = timezone.now().year


def envelopes(budget):
    by_place = {e.arrondissement_id: e for e in budget.envelopes.all()}
    return by_place[arrondissement("bab-lamrissa").pk], by_place[None]


@pytest.mark.parametrize(
    ("changes", "allowed"),
    [
        ({}, True),
        ({"birth_year": THIS_YEAR - 16}, True),  # turns 16 this year
        ({"birth_year": THIS_YEAR - 15}, False),
        ({"birth_year": None}, False),  # age unknown: refused, asked to give it
        ({"arrondissement": None}, False),
        ({"is_active": False}, False),
    ],
)
def test_email_rule(changes, allowed):
    budget = BudgetPageFactory()
    local, commune = envelopes(budget)
    voter = VoterFactory(**changes)
    assert may_vote(voter, budget, local) is allowed
    assert may_vote(voter, budget, commune) is allowed


def test_an_unconfirmed_email_may_not_vote():
    budget = BudgetPageFactory()
    voter = VoterFactory()
    EmailAddress.objects.filter(user=voter).update(verified=False)
    assert "Confirm" in str(voting_refusal(voter, budget, envelopes(budget)[0]))


def test_a_resident_votes_in_their_arrondissement_and_the_commune_only():
    budget = BudgetPageFactory(envelope_amounts=(("bab-lamrissa", 10), ("bettana", 10)))
    by_place = {e.arrondissement.slug: e for e in budget.envelopes.select_related("arrondissement")}
    voter = VoterFactory()  # Bab Lamrissa
    assert may_vote(voter, budget, by_place["bab-lamrissa"])
    assert not may_vote(voter, budget, by_place["bettana"])


def test_the_minimum_age_is_the_budget_s():
    budget = BudgetPageFactory(minimum_age=18)
    voter = VoterFactory(birth_year=THIS_YEAR - 17)
    assert not may_vote(voter, budget, envelopes(budget)[0])


@pytest.mark.parametrize(
    "phase",
    [BudgetPhase.UPCOMING, BudgetPhase.IDEAS, BudgetPhase.REVIEW, BudgetPhase.RESULTS],
)
def test_only_during_the_vote(phase):
    budget = BudgetPageFactory(phase=phase)
    assert not may_vote(VoterFactory(), budget, envelopes(budget)[0])


def test_the_vote_closes_when_results_start():
    budget = BudgetPageFactory()
    local = envelopes(budget)[0]
    voter = VoterFactory()
    assert may_vote(voter, budget, local, now=budget.results_start_at - datetime.timedelta(1))
    assert not may_vote(voter, budget, local, now=budget.results_start_at)


def test_identity_rule_needs_a_declaration_and_uses_its_arrondissement():
    budget = BudgetPageFactory(voter_rule=VoterRule.IDENTITY)
    local, commune = envelopes(budget)
    undeclared = VoterFactory()
    assert "Declare your identity" in str(voting_refusal(undeclared, budget, local))
    declared = declared_voter()
    assert may_vote(declared, budget, local) and may_vote(declared, budget, commune)
    # Living in Bettana by the declaration, whatever the profile says.
    elsewhere = declared_voter(arrondissement=arrondissement("bettana"))
    assert not may_vote(elsewhere, budget, local)
    assert may_vote(elsewhere, budget, commune)
    too_young = declared_voter()
    too_young.birth_year = THIS_YEAR - 14
    assert not may_vote(too_young, budget, commune)


def test_the_permission_asks_the_same_rule():
    budget = BudgetPageFactory()
    local = envelopes(budget)[0]
    assert VoterFactory().has_perm("budgets.vote", local)
    assert not VoterFactory(birth_year=None).has_perm("budgets.vote", local)


def test_editors_review_projects_and_residents_do_not():
    from tests.participation.factories import EditorFactory

    assert EditorFactory().has_perm("budgets.review_project")
    assert not VoterFactory().has_perm("budgets.review_project")
