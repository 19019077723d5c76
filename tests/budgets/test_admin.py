"""The staff side of participatory budgets in the admin: the queue of ideas, the review page
(review and merge through the services, so audited and told), and a proposal turned into an idea.
"""

import pytest
from django.urls import NoReverseMatch, reverse

from budgets.models import BudgetPhase, BudgetProject, Feasibility
from participation.models import AuditLogEntry
from participation.services import follow
from tests.budgets.factories import BudgetPageFactory, BudgetProjectFactory, arrondissement
from tests.participation.factories import EditorFactory, ModeratorFactory, ResidentFactory
from tests.proposals.factories import ProposalFactory

pytestmark = pytest.mark.django_db

QUEUE = "/staff/budgets/"


def review_url(project):
    return reverse("budgets_budgetproject:review", args=[project.pk])


@pytest.fixture
def budget():
    return BudgetPageFactory(phase=BudgetPhase.REVIEW)


@pytest.fixture
def idea(budget):
    """A pending idea its author follows (as services.submit_idea leaves it)."""
    project = BudgetProjectFactory(
        budget=budget, feasibility=Feasibility.PENDING, official_cost=None, department=""
    )
    follow(project.author, project)
    return project


@pytest.fixture
def editor():
    return EditorFactory()


USERS = {
    "anonymous": lambda: None,
    "resident": ResidentFactory,
    "moderator": ModeratorFactory,
    "editor": EditorFactory,
}


@pytest.mark.parametrize(
    ("who", "allowed"),
    [("anonymous", False), ("resident", False), ("moderator", False), ("editor", True)],
)
def test_who_reviews_budget_projects(client, idea, who, allowed):
    user = USERS[who]()
    if user is not None:
        client.force_login(user)
    for url in (QUEUE, review_url(idea), reverse("budget_project_from_proposal")):
        response = client.get(url)
        assert (response.status_code == 200) is allowed, (who, url, response.status_code)
        if not allowed:
            assert response.status_code in {302, 403}
    response = client.post(
        review_url(idea), {"action": "review", "feasible": "no", "reason": "خارج الاختصاص"}
    )
    idea.refresh_from_db()
    assert (idea.feasibility == Feasibility.UNFEASIBLE) is allowed


def test_no_screen_adds_edits_or_deletes_a_residents_idea(client, idea, admin_user):
    client.force_login(admin_user)
    response = client.get(QUEUE)
    assert response.status_code == 200
    assert f'href="{QUEUE}new/' not in response.content.decode()
    with pytest.raises(NoReverseMatch):  # no add view at all (participation/admin_review.py)
        reverse("budgets_budgetproject:add")
    for name in ("edit", "delete"):
        response = client.get(reverse(f"budgets_budgetproject:{name}", args=[idea.pk]))
        assert response.status_code in {302, 403}
    assert BudgetProject.objects.filter(pk=idea.pk).exists()


def test_the_queue_puts_pending_ideas_first_and_filters(
    client, editor, budget, django_assert_max_num_queries
):
    reviewed = BudgetProjectFactory(budget=budget, title="أولا")
    pending = [
        BudgetProjectFactory(
            budget=budget,
            title=f"انتظار {n}",
            feasibility=Feasibility.PENDING,
            official_cost=None,
            arrondissement=None if n % 2 else arrondissement("bab-lamrissa"),
        )
        for n in range(6)
    ]
    client.force_login(editor)
    with django_assert_max_num_queries(40):
        html = client.get(QUEUE).content.decode()
    assert html.index(pending[0].title) < html.index(reviewed.title)
    html = client.get(QUEUE, {"feasibility": "feasible"}).content.decode()
    assert reviewed.title in html and pending[0].title not in html
    html = client.get(QUEUE, {"arrondissement": "null"}).content.decode()
    assert pending[1].title in html and pending[0].title not in html
    html = client.get(QUEUE, {"budget": budget.pk}).content.decode()
    assert pending[0].title in html
    assert client.get(QUEUE, {"budget": "nope", "feasibility": "x"}).status_code == 200


def test_a_feasible_review_is_audited_and_told(
    client, editor, idea, django_capture_on_commit_callbacks
):
    client.force_login(editor)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            review_url(idea),
            {
                "action": "review",
                "feasible": "yes",
                "official_cost": "250000",
                "department": "مصلحة الأشغال",
            },
        )
    assert response.status_code == 302
    idea.refresh_from_db()
    assert (idea.feasibility, idea.official_cost, idea.reviewed_by) == (
        Feasibility.FEASIBLE,
        250_000,
        editor,
    )
    assert AuditLogEntry.objects.filter(
        actor=editor, action="budget_project.feasible", object_id=idea.pk
    ).exists()
    assert idea.author.notifications.exists()
    page = client.get(review_url(idea)).content.decode()
    assert "مصلحة الأشغال" in page


@pytest.mark.parametrize(
    "data",
    [
        {"action": "review", "feasible": "yes"},  # no cost, no department
        {"action": "review", "feasible": "yes", "official_cost": "-3", "department": "x"},
        {"action": "review", "feasible": "yes", "official_cost": "abc", "department": "x"},
        {"action": "review", "feasible": "no", "reason": "   "},
        {"action": "review", "feasible": "maybe"},
        {"action": "merge", "into": "999999"},
        {"action": "merge", "into": "abc"},
        {"action": "merge"},
        {"action": "unknown"},
        {},
    ],
)
def test_bad_input_shows_the_page_again(client, editor, idea, data):
    client.force_login(editor)
    response = client.post(review_url(idea), data)
    assert response.status_code == 200
    idea.refresh_from_db()
    assert idea.feasibility == Feasibility.PENDING and idea.merged_into is None
    assert not AuditLogEntry.objects.filter(object_id=idea.pk).exists()


def test_an_unknown_project_is_a_404(client, editor):
    client.force_login(editor)
    assert client.get(f"/ar{review_url(BudgetProject(pk=999999))}").status_code == 404


def test_a_merge_is_audited_and_the_author_told(
    client, editor, budget, idea, django_capture_on_commit_callbacks
):
    into = BudgetProjectFactory(budget=budget)
    elsewhere = BudgetProjectFactory(budget=BudgetPageFactory(phase=BudgetPhase.REVIEW))
    client.force_login(editor)
    response = client.post(review_url(idea), {"action": "merge", "into": elsewhere.pk})
    assert response.status_code == 200  # not a project of this budget: not offered
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(review_url(idea), {"action": "merge", "into": into.pk})
    assert response.status_code == 302
    idea.refresh_from_db()
    assert idea.merged_into == into
    entry = AuditLogEntry.objects.get(action="budget_project.merge", object_id=idea.pk)
    assert (entry.actor, entry.data) == (editor, {"into": into.pk})
    assert idea.author.notifications.exists()


def test_the_services_refusal_is_shown_not_raised(client, editor):
    voting = BudgetProjectFactory(budget=BudgetPageFactory(phase=BudgetPhase.VOTE))
    client.force_login(editor)
    response = client.post(
        review_url(voting), {"action": "review", "feasible": "no", "reason": "متأخر"}
    )
    assert response.status_code == 200
    voting.refresh_from_db()
    assert voting.feasibility == Feasibility.FEASIBLE


def test_a_proposal_becomes_an_idea(client, editor, budget, django_capture_on_commit_callbacks):
    proposal = ProposalFactory()
    url = reverse("budget_project_from_proposal")
    client.force_login(editor)
    assert client.get(url, {"proposal": proposal.pk}).status_code == 200
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, {"budget": budget.pk, "proposal": proposal.pk})
    assert response.status_code == 302
    project = BudgetProject.objects.get(proposal=proposal)
    assert (project.budget, project.author, project.title) == (
        budget,
        proposal.author,
        proposal.title,
    )
    assert AuditLogEntry.objects.filter(
        action="budget_project.from_proposal", object_id=project.pk, actor=editor
    ).exists()
    # Twice is refused; so are unknown proposals and budgets, and a budget already voting.
    voting = BudgetPageFactory(phase=BudgetPhase.VOTE)
    for data in (
        {"budget": budget.pk, "proposal": proposal.pk},
        {"budget": budget.pk, "proposal": 999999},
        {"budget": budget.pk, "proposal": "abc"},
        {"budget": 999999, "proposal": proposal.pk},
        {"budget": voting.pk, "proposal": proposal.pk},
        {},
    ):
        assert client.post(url, data).status_code == 200, data
    assert BudgetProject.objects.filter(proposal=proposal).count() == 1
