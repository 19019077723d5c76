"""The winners of a participatory budget become projects of the action plan (issue 16, point 5):
the service (only once the vote is over, under the axis of the budget's axis, idempotent, audited,
followers told once), the admin button that calls it, and the links from the results and the
project pages to the plan project."""

import datetime
from decimal import Decimal

import pytest
import time_machine
from django.contrib.messages import get_messages
from django.urls import reverse
from django.utils import translation
from wagtail.models import Locale

from budgets import services
from budgets.models import BudgetPhase, BudgetProject
from participation.models import AuditLogEntry, Notification
from participation.services import ParticipationError, follow
from plan.models import ProjectPage
from proposals.models import ProposalCategory
from tests.budgets.factories import (
    BudgetPageFactory,
    BudgetProjectFactory,
    VoterFactory,
    arrondissement,
)
from tests.cms.factories import translate_page
from tests.factories import make_axis
from tests.information.factories import DepartmentFactory
from tests.participation.factories import EditorFactory, ModeratorFactory, ResidentFactory
from tests.plan.factories import action_plan

pytestmark = pytest.mark.django_db

WINNERS_TO_PLAN = "budget_winners_to_plan"


def category(slug="mobility"):
    return ProposalCategory.objects.canonical().get(slug=slug)


@pytest.fixture
def axis():
    """The plan's axis of mobility, and another one the budget is not about."""
    make_axis(title="محور آخر", proposal_category=category("environment"))
    return make_axis(title="محور التنقل", proposal_category=category())


@pytest.fixture
def voted(axis):
    """A budget about mobility whose vote just closed. Bab Lamrissa's envelope (600,000) funds
    ``small`` (2 votes) and ``medium`` (1 vote, cheaper than ``big``), not ``big``, which no longer
    fits; the commune's envelope funds ``square``. ``medium`` has a long description and a place
    on the map; ``follower`` follows ``small``."""
    budget = BudgetPageFactory(phase=BudgetPhase.VOTE, axis=category())
    by_place = {e.arrondissement_id: e for e in budget.envelopes.all()}
    local, commune = by_place[arrondissement("bab-lamrissa").pk], by_place[None]
    big, medium, small = (
        BudgetProjectFactory(budget=budget, title=f"مشروع {cost}", official_cost=cost)
        for cost in (300_000, 250_000, 100_000)
    )
    medium.description = "ممر " * 300
    medium.latitude, medium.longitude = Decimal("34.052100"), Decimal("-6.798400")
    medium.save()
    square = BudgetProjectFactory(
        budget=budget, title="ساحة", arrondissement=None, official_cost=50_000
    )
    first, second = VoterFactory(), VoterFactory()
    services.cast_ballot(first, local, [big.pk, small.pk])
    services.cast_ballot(second, local, [medium.pk, small.pk])
    services.cast_ballot(first, commune, [square.pk])
    follower = ResidentFactory()
    follow(follower, small)
    with time_machine.travel(budget.results_start_at + datetime.timedelta(hours=1), tick=False):
        yield {
            "budget": budget,
            "big": big,
            "medium": medium,
            "small": small,
            "square": square,
            "follower": follower,
        }


# --- The service ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "phase", [BudgetPhase.IDEAS, BudgetPhase.REVIEW, BudgetPhase.VOTE, BudgetPhase.UPCOMING]
)
def test_refused_before_the_vote_is_over(axis, phase):
    budget = BudgetPageFactory(phase=phase, axis=category())
    BudgetProjectFactory(budget=budget)
    with (
        translation.override("en"),
        pytest.raises(ParticipationError, match="once the vote is over"),
    ):
        services.add_winners_to_plan(EditorFactory(), budget)
    assert not ProjectPage.objects.filter(budget_projects__isnull=False).exists()


@pytest.mark.parametrize("axis_slug", [None, "culture-sport"])
def test_refused_without_an_axis_of_the_plan(axis, axis_slug):
    budget = BudgetPageFactory(
        phase=BudgetPhase.RESULTS, axis=category(axis_slug) if axis_slug else None
    )
    with translation.override("en"), pytest.raises(ParticipationError, match="axis"):
        services.add_winners_to_plan(EditorFactory(), budget)


def test_each_winner_becomes_a_project_of_the_plan(voted, axis):
    editor = EditorFactory()
    # The department the review named, when it is one of the commune's, is the project's.
    works = DepartmentFactory(slug="travaux", name=voted["small"].department)
    pages = services.add_winners_to_plan(editor, voted["budget"])
    assert len(pages) == 3
    for name in ("small", "medium", "square"):
        project = BudgetProject.objects.get(pk=voted[name].pk)
        page = project.plan_project
        assert page is not None and page.get_parent().pk == axis.pk
        assert page.live and page.live_revision is not None
        assert page.locale.language_code == "ar"
        assert page.title == project.title
        assert page.budget_planned == Decimal(project.official_cost)
        assert page.responsible_department == (works if project.department == works.name else None)
        assert list(page.budget_projects.all()) == [project]
    assert BudgetProject.objects.get(pk=voted["big"].pk).plan_project is None
    medium = BudgetProject.objects.get(pk=voted["medium"].pk).plan_project
    limit = ProjectPage._meta.get_field("objective").max_length
    assert len(medium.objective) == limit and medium.objective.endswith("…")
    assert (medium.latitude, medium.longitude) == (Decimal("34.052100"), Decimal("-6.798400"))
    assert list(medium.arrondissements.all()) == [arrondissement("bab-lamrissa")]
    square = BudgetProject.objects.get(pk=voted["square"].pk).plan_project
    assert not square.arrondissements.exists()
    assert square.objective == voted["square"].description


def test_a_second_call_adds_nothing_and_followers_are_told_once(
    voted, django_capture_on_commit_callbacks
):
    editor = EditorFactory()
    with django_capture_on_commit_callbacks(execute=True):
        first = services.add_winners_to_plan(editor, voted["budget"])
    with django_capture_on_commit_callbacks(execute=True):
        second = services.add_winners_to_plan(editor, voted["budget"])
    assert len(first) == 3 and second == []
    assert ProjectPage.objects.filter(budget_projects__budget=voted["budget"]).count() == 3
    told = Notification.objects.filter(recipient=voted["follower"])
    assert told.count() == 1
    page = BudgetProject.objects.get(pk=voted["small"].pk).plan_project
    assert told.get().url == page.url
    # The authors follow nothing here (factories): only the follower is told.
    assert Notification.objects.count() == 1


def test_each_addition_is_audited(voted):
    editor = EditorFactory()
    pages = services.add_winners_to_plan(editor, voted["budget"])
    entries = AuditLogEntry.objects.filter(action="budget_project.to_plan")
    assert entries.count() == 3
    assert {entry.actor_id for entry in entries} == {editor.pk}
    assert {entry.data["plan_project"] for entry in entries} == {page.pk for page in pages}


# --- The admin button -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("who", "allowed"),
    [("resident", False), ("moderator", False), ("editor", True)],
)
def test_who_adds_the_winners_to_the_plan(client, voted, who, allowed):
    user = {"resident": ResidentFactory, "moderator": ModeratorFactory, "editor": EditorFactory}[
        who
    ]()
    client.force_login(user)
    page = client.get(reverse(WINNERS_TO_PLAN))
    assert (page.status_code == 200) is allowed
    response = client.post(reverse(WINNERS_TO_PLAN), {"budget": voted["budget"].pk})
    added = BudgetProject.objects.filter(plan_project__isnull=False).count()
    if allowed:
        assert voted["budget"].title in page.content.decode()
        assert response.status_code == 302
        assert added == 3
        [message] = get_messages(response.wsgi_request)
        assert "3" in str(message)
    else:
        assert page.status_code in {302, 403} and response.status_code in {302, 403}
        assert added == 0


def test_the_queue_offers_the_button_to_editors(client):
    client.force_login(EditorFactory())
    assert reverse(WINNERS_TO_PLAN) in client.get("/staff/budgets/").content.decode()


def test_the_admin_says_why_it_refuses(client, axis):
    budget = BudgetPageFactory(phase=BudgetPhase.RESULTS, axis=None)
    client.force_login(EditorFactory())
    response = client.post(reverse(WINNERS_TO_PLAN), {"budget": budget.pk}, follow=True)
    assert response.status_code == 200
    [message] = response.context["messages"]
    assert message.level_tag == "error"


# --- The links from the residents' pages --------------------------------------------------------


def results_url(budget, language="ar"):
    with translation.override(language):
        return reverse("budgets:results", args=[budget.pk])


def test_results_link_the_winners_in_the_plan(
    client, voted, django_assert_num_queries, django_assert_max_num_queries
):
    pages = services.add_winners_to_plan(EditorFactory(), voted["budget"])
    response = client.get(results_url(voted["budget"]))
    html = response.content.decode()
    assert html.count('class="budget-result__plan"') == 3
    assert all(f'href="{page.url}"' in html for page in pages)
    # As many queries with one winner in the plan as with three.
    with django_assert_max_num_queries(60) as all_three:
        client.get(results_url(voted["budget"]))
    BudgetProject.objects.filter(pk__in=[voted["medium"].pk, voted["square"].pk]).update(
        plan_project=None
    )
    with django_assert_num_queries(len(all_three.captured_queries)):
        html = client.get(results_url(voted["budget"])).content.decode()
    assert html.count('class="budget-result__plan"') == 1


def test_results_and_project_link_the_plan_project_in_the_readers_language(client, voted, axis):
    services.add_winners_to_plan(EditorFactory(), voted["budget"])
    page = BudgetProject.objects.get(pk=voted["small"].pk).plan_project
    action_plan("fr")
    translate_page(axis, "fr", title="Mobilité")
    french = translate_page(page, "fr", title="Éclairage du jardin")
    html = client.get(results_url(voted["budget"], "fr")).content.decode()
    assert f'href="{french.url}"' in html and f'href="{page.url}"' not in html
    with translation.override("fr"):
        project_url = reverse("budgets:project", args=[voted["small"].pk])
    html = client.get(project_url).content.decode()
    assert 'class="budget-project__plan"' in html and french.url in html
    with translation.override("ar"):
        project_url = reverse("budgets:project", args=[voted["small"].pk])
    html = client.get(project_url).content.decode()
    assert f'href="{page.url}"' in html


def test_a_project_not_in_the_plan_has_no_link(client, voted):
    services.add_winners_to_plan(EditorFactory(), voted["budget"])
    html = client.get(reverse("budgets:project", args=[voted["big"].pk])).content.decode()
    assert "budget-project__plan" not in html


def test_the_plan_project_names_the_budget_it_won(client, voted):
    pages = services.add_winners_to_plan(EditorFactory(), voted["budget"])
    html = client.get(pages[0].url).content.decode()
    assert 'class="card plan-origins"' in html
    assert f'href="{results_url(voted["budget"])}#project-' in html
    assert f"<bdi>{voted['budget'].title}</bdi>" in html
    # A plan project no budget chose says nothing of budgets.
    BudgetProject.objects.filter(plan_project=pages[0]).update(plan_project=None)
    assert "plan-origins" not in client.get(pages[0].url).content.decode()


def test_a_winner_is_in_the_plan_in_every_language_the_axis_is_in(voted, axis):
    translate_page(axis.get_parent().specific, "fr", title="Programme d'action")
    french_axis = translate_page(axis, "fr", title="Axe mobilité")
    pages = services.add_winners_to_plan(EditorFactory(), voted["budget"])
    for page in pages:
        french = page.get_translation(french_axis.locale)
        assert french.alias_of_id == page.pk  # the Arabic text until editors translate it
        assert french.get_parent().pk == french_axis.pk and french.live
        assert not page.has_translation(Locale.objects.get(language_code="en"))  # no English axis
