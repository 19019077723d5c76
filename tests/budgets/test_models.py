"""The budget page: its calendar (with a frozen clock), its envelopes and where projects
compete."""

import datetime

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.utils import timezone, translation
from wagtail.models import Locale

from budgets.models import BallotKind, BudgetPage, BudgetPhase, Envelope
from tests.budgets.factories import (
    PHASE_FIELDS,
    BudgetPageFactory,
    BudgetProjectFactory,
    arrondissement,
)

pytestmark = pytest.mark.django_db
START = datetime.datetime(2026, 3, 1, 9, tzinfo=datetime.UTC)


def calendar(**overrides):
    fields = {name: START + datetime.timedelta(days=10 * i) for i, name in enumerate(PHASE_FIELDS)}
    return {**fields, **overrides}


@pytest.mark.parametrize(
    ("moment", "phase"),
    [
        (START - datetime.timedelta(seconds=1), BudgetPhase.UPCOMING),
        (START, BudgetPhase.IDEAS),
        (START + datetime.timedelta(days=10), BudgetPhase.REVIEW),
        (START + datetime.timedelta(days=20, hours=3), BudgetPhase.VOTE),
        (START + datetime.timedelta(days=30), BudgetPhase.RESULTS),
        (START + datetime.timedelta(days=400), BudgetPhase.FOLLOW_UP),
    ],
)
def test_the_phase_follows_the_calendar_under_a_frozen_clock(moment, phase):
    budget = BudgetPageFactory(**calendar())
    assert budget.phase_at(moment) == phase
    with time_machine.travel(moment, tick=False):
        assert budget.phase == phase


def test_a_translation_follows_the_original_calendar():
    budget = BudgetPageFactory(phase=BudgetPhase.VOTE)
    french = budget.copy_for_translation(
        Locale.objects.get(language_code="fr"), copy_parents=True
    ).specific
    later = timezone.now() + datetime.timedelta(days=3)
    BudgetPage.objects.filter(pk=french.pk).update(vote_start_at=later)
    french = BudgetPage.objects.get(pk=french.pk)
    assert french.original.pk == budget.pk
    assert french.phase == BudgetPhase.VOTE


def _unsaved(envelopes, total, **fields):
    budget = BudgetPage(
        title="b", slug="b", summary="s", total_amount=total, **calendar(), **fields
    )
    budget.envelopes = [Envelope(arrondissement=a, amount=m) for a, m in envelopes]
    return budget


@pytest.mark.parametrize(
    ("envelopes", "total", "message"),
    [
        ([("bab-lamrissa", 100), (None, 100)], 300, "add up"),
        ([(None, 100), (None, 200)], 300, "whole commune"),
        ([("bettana", 100), ("bettana", 200)], 300, "at most one envelope"),
    ],
)
def test_envelopes_are_checked(envelopes, total, message):
    budget = _unsaved([(arrondissement(s), m) for s, m in envelopes], total)
    with translation.override("en"), pytest.raises(ValidationError, match=message):
        budget.clean()


def test_phases_come_in_order_and_approval_needs_a_number_of_choices():
    order = _unsaved([(None, 10)], 10, **{})
    order.results_start_at = order.vote_start_at
    with translation.override("en"), pytest.raises(ValidationError, match="each starts after"):
        order.clean()
    approval = _unsaved([(None, 10)], 10, ballot_kind=BallotKind.APPROVAL)
    with pytest.raises(ValidationError):
        approval.clean()
    approval.max_choices = 3
    approval.clean()


def test_minimum_age_comes_from_the_setting(settings):
    settings.SHARIK_BUDGET_MINIMUM_AGE = 18
    assert _unsaved([(None, 10)], 10).minimum_age == 18


def test_a_project_competes_in_its_arrondissement_or_the_commune_wide_envelope():
    budget = BudgetPageFactory()
    envelopes = {e.arrondissement_id: e for e in budget.envelopes.all()}
    local = BudgetProjectFactory(budget=budget)
    elsewhere = BudgetProjectFactory(budget=budget, arrondissement=arrondissement("bettana"))
    commune = BudgetProjectFactory(budget=budget, arrondissement=None)
    assert local.envelope == envelopes[arrondissement("bab-lamrissa").pk]
    assert elsewhere.envelope == envelopes[None]  # Bettana has no envelope of its own
    assert commune.envelope == envelopes[None]


def test_a_proposal_knows_the_projects_made_of_it(resident):
    from proposals.models import Proposal, ProposalCategory

    proposal = Proposal.objects.create(
        title="t",
        body="b",
        author=resident,
        category=ProposalCategory.objects.canonical().first(),
        arrondissement=arrondissement("bettana"),
    )
    project = BudgetProjectFactory(proposal=proposal)
    assert list(proposal.budget_projects.all()) == [project]
