"""Ideas, the technical review, merges and ballots (knapsack and approval), as the services
apply them."""

import pytest
from django.utils import timezone, translation

from budgets import services
from budgets.models import (
    Ballot,
    BallotKind,
    BallotVersion,
    BudgetPhase,
    BudgetProject,
    Feasibility,
    VoterRule,
)
from participation.models import AuditLogEntry, Follow, Notification
from participation.services import ParticipationError, follow
from tests.budgets.factories import (
    BudgetPageFactory,
    BudgetProjectFactory,
    VoterFactory,
    arrondissement,
    counter_agent,
    declared_voter,
    reviewer,
)
from tests.participation.factories import ResidentFactory

pytestmark = pytest.mark.django_db


def local_envelope(budget):
    return budget.envelopes.get(arrondissement=arrondissement("bab-lamrissa"))


# --- Ideas and review -----------------------------------------------------------------------------


def test_ideas_are_submitted_during_the_ideas_phase_only(resident):
    open_budget = BudgetPageFactory(phase=BudgetPhase.IDEAS)
    project = services.submit_idea(
        resident, open_budget, title="ملعب", description="ملعب قرب", estimated_cost=5000
    )
    assert project.feasibility == Feasibility.PENDING
    assert Follow.objects.filter(user=resident, object_id=project.pk).exists()
    for phase in (BudgetPhase.UPCOMING, BudgetPhase.REVIEW, BudgetPhase.VOTE):
        with pytest.raises(ParticipationError):
            services.submit_idea(
                resident, BudgetPageFactory(phase=phase), title="t", description="d"
            )


def test_the_same_idea_form_sent_twice_creates_one_project(resident):
    import uuid

    budget = BudgetPageFactory(phase=BudgetPhase.IDEAS)
    key = uuid.uuid4()
    first = services.submit_idea(resident, budget, title="ملعب", description="د", submission=key)
    again = services.submit_idea(resident, budget, title="ملعب", description="د", submission=key)
    other = services.submit_idea(resident, budget, title="ملعب", description="د")
    assert again == first and other != first
    assert BudgetProject.objects.filter(author=resident).count() == 2


def test_staff_turn_a_proposal_into_an_idea(django_capture_on_commit_callbacks):
    from proposals.models import Proposal, ProposalCategory

    author = ResidentFactory()
    proposal = Proposal.objects.create(
        title="إنارة",
        body="إنارة الشارع",
        author=author,
        category=ProposalCategory.objects.canonical().first(),
        arrondissement=arrondissement("bettana"),
    )
    budget = BudgetPageFactory(phase=BudgetPhase.REVIEW)
    staff = reviewer()
    with django_capture_on_commit_callbacks(execute=True):
        project = services.idea_from_proposal(staff, budget, proposal)
    assert (project.author, project.proposal, project.title) == (author, proposal, "إنارة")
    assert proposal.budget_projects.get() == project
    assert AuditLogEntry.objects.filter(action="budget_project.from_proposal").exists()
    assert Notification.objects.filter(recipient=author).count() == 1


def test_review_feasible_or_not_tells_author_and_followers(django_capture_on_commit_callbacks):
    budget = BudgetPageFactory(phase=BudgetPhase.REVIEW)
    project = BudgetProjectFactory(
        budget=budget, feasibility=Feasibility.PENDING, official_cost=None
    )
    follower = ResidentFactory()
    follow(project.author, project)
    follow(follower, project)
    staff = reviewer()
    with pytest.raises(ParticipationError):
        services.review(staff, project, feasible=True, official_cost=None, department="x")
    with pytest.raises(ParticipationError):
        services.review(staff, project, feasible=False, reason=" ")
    with django_capture_on_commit_callbacks(execute=True):
        services.review(staff, project, feasible=True, official_cost=80_000, department="الأشغال")
    project.refresh_from_db()
    assert (project.feasibility, project.official_cost, project.reviewed_by) == (
        Feasibility.FEASIBLE,
        80_000,
        staff,
    )
    assert Notification.objects.filter(recipient__in=[project.author, follower]).count() == 2
    with django_capture_on_commit_callbacks(execute=True):
        services.review(staff, project, feasible=False, reason="خارج اختصاص الجماعة")
    project.refresh_from_db()
    assert (project.feasibility, project.official_cost) == (Feasibility.UNFEASIBLE, None)
    assert AuditLogEntry.objects.filter(action="budget_project.unfeasible").count() == 1


def test_no_review_once_the_vote_is_open():
    project = BudgetProjectFactory(budget=BudgetPageFactory(phase=BudgetPhase.VOTE))
    with pytest.raises(ParticipationError):
        services.review(reviewer(), project, feasible=False, reason="r")


def test_merge_takes_projects_off_the_ballot_and_tells_authors(
    django_capture_on_commit_callbacks,
):
    budget = BudgetPageFactory(phase=BudgetPhase.REVIEW)
    into, first, second = (BudgetProjectFactory(budget=budget) for _ in range(3))
    with django_capture_on_commit_callbacks(execute=True):
        services.merge(reviewer(), [first, second, into], into)
    first.refresh_from_db()
    assert first.merged_into == into and not first.is_on_ballot
    assert Notification.objects.filter(recipient__in=[first.author, second.author]).count() == 2
    with pytest.raises(ParticipationError):
        services.merge(reviewer(), [into], into)


# --- Ballots ----------------------------------------------------------------------------------


@pytest.fixture
def knapsack():
    """A vote-phase budget; Bab Lamrissa's envelope (600,000) has projects of 300,000, 250,000
    and 100,000 MAD."""
    budget = BudgetPageFactory()
    costs = (300_000, 250_000, 100_000)
    projects = [BudgetProjectFactory(budget=budget, official_cost=cost) for cost in costs]
    return budget, local_envelope(budget), projects


def chosen(ballot):
    ballot.refresh_from_db()
    return set(ballot.current_version.projects.values_list("pk", flat=True))


def test_a_knapsack_ballot_within_the_amount(knapsack):
    _budget, envelope, (a, b, _c) = knapsack
    voter = VoterFactory()
    ballot = services.cast_ballot(voter, envelope, [a.pk, b.pk])
    assert chosen(ballot) == {a.pk, b.pk}
    assert ballot.arrondissement == arrondissement("bab-lamrissa")


def _refused(voter, envelope, ids, match):
    with pytest.raises(ParticipationError, match=match):
        services.cast_ballot(voter, envelope, ids)
    assert not Ballot.objects.filter(voter=voter).exists()


@pytest.mark.usefixtures("english")
def test_knapsack_refusals(knapsack):
    budget, envelope, (a, b, c) = knapsack
    voter = VoterFactory()
    _refused(voter, envelope, [a.pk, b.pk, c.pk], "more than the envelope")
    _refused(voter, envelope, [], "at least one")
    unfeasible = BudgetProjectFactory(
        budget=budget, feasibility=Feasibility.UNFEASIBLE, official_cost=None
    )
    _refused(voter, envelope, [unfeasible.pk], "feasible projects of this envelope")
    merged = BudgetProjectFactory(budget=budget, merged_into=a)
    _refused(voter, envelope, [merged.pk], "feasible projects of this envelope")
    commune_wide = BudgetProjectFactory(budget=budget, arrondissement=None)
    _refused(voter, envelope, [commune_wide.pk], "feasible projects of this envelope")
    other_budget = BudgetProjectFactory()
    _refused(voter, envelope, [other_budget.pk], "feasible projects of this envelope")


@pytest.mark.usefixtures("english")
def test_a_project_of_another_arrondissement_is_not_on_this_ballot():
    budget = BudgetPageFactory(envelope_amounts=(("bab-lamrissa", 500), ("bettana", 500)))
    envelope = local_envelope(budget)
    bettana = BudgetProjectFactory(
        budget=budget, arrondissement=arrondissement("bettana"), official_cost=100
    )
    _refused(VoterFactory(), envelope, [bettana.pk], "feasible projects of this envelope")


@pytest.mark.usefixtures("english")
def test_approval_ballot_counts_choices_not_costs():
    budget = BudgetPageFactory(ballot_kind=BallotKind.APPROVAL, max_choices=2)
    envelope = local_envelope(budget)
    projects = [BudgetProjectFactory(budget=budget, official_cost=500_000) for _ in range(3)]
    voter = VoterFactory()
    _refused(voter, envelope, [p.pk for p in projects], "at most 2")
    ballot = services.cast_ballot(voter, envelope, [projects[0].pk, projects[1].pk])
    assert len(chosen(ballot)) == 2


def test_changing_a_ballot_keeps_its_versions(knapsack):
    _budget, envelope, (a, b, c) = knapsack
    voter = VoterFactory()
    first = services.cast_ballot(voter, envelope, [a.pk])
    again = services.cast_ballot(voter, envelope, [a.pk])  # a double submit
    assert again.pk == first.pk and first.versions.count() == 1
    services.cast_ballot(voter, envelope, [b.pk, c.pk])
    assert Ballot.objects.filter(voter=voter).count() == 1
    assert first.versions.count() == 2
    assert chosen(first) == {b.pk, c.pk}


def test_a_counter_agent_records_a_ballot(knapsack):
    _budget, envelope, (a, _b, _c) = knapsack
    voter, agent = VoterFactory(), counter_agent()
    with pytest.raises(ParticipationError):
        services.cast_ballot(voter, envelope, [a.pk], at_counter_by=ResidentFactory())
    ballot = services.cast_ballot(voter, envelope, [a.pk], at_counter_by=agent)
    version = BallotVersion.objects.get(ballot=ballot)
    assert (version.at_counter, version.cast_by) == (True, agent)
    assert AuditLogEntry.objects.filter(action="budget_ballot.at_counter").exists()


def test_one_ballot_per_national_id_under_the_identity_rule():
    budget = BudgetPageFactory(voter_rule=VoterRule.IDENTITY)
    envelope = local_envelope(budget)
    project = BudgetProjectFactory(budget=budget)
    first = declared_voter(cin="AB123456")
    services.cast_ballot(first, envelope, [project.pk])
    assert Ballot.objects.get().cin_digest == first.identity.cin_digest
    # A second account whose declaration carries the same card (the declarations' own unique
    # constraint aside, e.g. the first account deleted and declared again).
    second = VoterFactory()
    Ballot.objects.update(voter=None)
    from participation.models import IdentityDeclaration

    declaration = IdentityDeclaration.objects.get(user=first)
    declaration.user = second
    declaration.save()
    with translation.override("en"), pytest.raises(ParticipationError, match="national ID"):
        services.cast_ballot(second, envelope, [project.pk])
    assert Ballot.objects.count() == 1


def test_no_ballot_outside_the_vote(knapsack):
    budget, envelope, (a, _b, _c) = knapsack
    type(budget).objects.filter(pk=budget.pk).update(results_start_at=timezone.now())
    envelope.budget = type(budget).objects.get(pk=budget.pk)
    with pytest.raises(ParticipationError):
        services.cast_ballot(VoterFactory(), envelope, [a.pk])


def test_a_vote_ends_cached_pages_once_through_the_refresh_not_each_save(
    django_capture_on_commit_callbacks,
):
    """Ballots are not shown on pages: a new voter ends the cached pages through the queued
    refresh (the voters so far change), a changed ballot ends none (budgets/counts.py)."""
    from participation import pagecache

    budget = BudgetPageFactory(phase=BudgetPhase.VOTE)
    local = budget.envelopes.get(arrondissement=arrondissement("bab-lamrissa"))
    first, second = (BudgetProjectFactory(budget=budget, official_cost=cost) for cost in (100, 200))
    voter = VoterFactory()
    before = pagecache.current_generation()
    with django_capture_on_commit_callbacks(execute=True) as new_vote:
        services.cast_ballot(voter, local, [first.pk])
    after_new = pagecache.current_generation()
    assert after_new != before
    with django_capture_on_commit_callbacks(execute=True) as changed_vote:
        ballot = services.cast_ballot(voter, local, [second.pk])
    assert ballot.change == services.BallotChange.CHANGED
    assert pagecache.current_generation() == after_new
    assert len(new_vote) == 1 and changed_vote == []
