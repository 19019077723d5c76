"""Residents' pages of participatory budgets: the index and budget pages, an idea's form, a
project, the ballot of an envelope (knapsack, with and without JavaScript) and the results."""

import datetime
import hashlib
import uuid

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone, translation
from wagtail.models import Locale

from budgets.models import (
    Ballot,
    BudgetIndexPage,
    BudgetPage,
    BudgetPhase,
    BudgetProject,
    Feasibility,
)
from budgets.services import cast_ballot
from tests.budgets.factories import (
    BudgetPageFactory,
    BudgetProjectFactory,
    VoterFactory,
    arrondissement,
    budget_index,
    many_projects,
)

pytestmark = pytest.mark.django_db
LANGUAGES = ["ar", "fr"]


def url(name, *args, language="ar"):
    with translation.override(language):
        return reverse(f"budgets:{name}", args=args)


def envelopes(budget):
    by_place = {e.arrondissement_id: e for e in budget.envelopes.all()}
    return by_place[arrondissement("bab-lamrissa").pk], by_place[None]


def translate(budget, language="fr"):
    """The budget's translation, under the index's translation."""
    locale = Locale.objects.get(language_code=language)
    index = budget_index()
    if not BudgetIndexPage.objects.filter(
        translation_key=index.translation_key, locale=locale
    ).exists():
        index.copy_for_translation(locale).save_revision().publish()
    page = budget.copy_for_translation(locale).specific
    page.save_revision().publish()
    return BudgetPage.objects.get(pk=page.pk)


# --- The index and the budget page ------------------------------------------------------------


def test_index_and_budget_page_render_in_arabic_and_french(client):
    budget = BudgetPageFactory(phase=BudgetPhase.VOTE)
    BudgetProjectFactory(budget=budget, title="إنارة الحديقة")
    french = translate(budget)
    for page in (budget, french):
        response = client.get(page.url)
        assert response.status_code == 200
        assert "إنارة الحديقة" in response.content.decode()
        index = client.get(page.get_parent().url)
        assert index.status_code == 200
        assert page.title in index.content.decode()
    french_page = client.get(french.url).content.decode()
    assert 'lang="fr"' in french_page
    assert "Vote" in french_page  # the current phase, highlighted in the calendar
    assert 'aria-current="step"' in french_page


def test_budget_page_shows_envelopes_voters_and_projects_states(client):
    budget = BudgetPageFactory(phase=BudgetPhase.VOTE)
    local, _commune = envelopes(budget)
    kept = BudgetProjectFactory(budget=budget, title="الملعب")
    BudgetProjectFactory(
        budget=budget,
        title="المسبح",
        feasibility=Feasibility.UNFEASIBLE,
        official_cost=None,
        review_reason="الأرض غير متوفرة",
    )
    BudgetProjectFactory(budget=budget, title="ملعب ثان", merged_into=kept)
    cast_ballot(VoterFactory(), local, [kept.pk])
    with translation.override("fr"):
        html = client.get(budget.url, HTTP_ACCEPT_LANGUAGE="fr").content.decode()
    assert "الأرض غير متوفرة" in html  # unfeasible, visible with its reason
    assert url("project", kept.pk) in html  # the merged one points to where it went
    assert "600" in html and "400" in html  # the envelopes
    assert '<span class="support-box__count"' not in html
    assert "<span>1</span>" in html  # one voter so far


def test_budget_page_filters_by_envelope_and_feasibility(client):
    budget = BudgetPageFactory(phase=BudgetPhase.REVIEW)
    BudgetProjectFactory(budget=budget, title="محلي")
    BudgetProjectFactory(budget=budget, title="جماعي", arrondissement=None)
    BudgetProjectFactory(
        budget=budget,
        title="بتانة",
        arrondissement=arrondissement("bettana"),  # no envelope of its own: the commune's
        feasibility=Feasibility.PENDING,
        official_cost=None,
    )
    commune = client.get(budget.url + "?envelope=commune").content.decode()
    assert "جماعي" in commune and "بتانة" in commune and "محلي" not in commune
    local = client.get(budget.url + "?envelope=bab-lamrissa").content.decode()
    assert "محلي" in local and "جماعي" not in local
    pending = client.get(budget.url + "?feasibility=pending").content.decode()
    assert "بتانة" in pending and "محلي" not in pending
    garbage = client.get(budget.url + "?envelope=x'&feasibility=<b>&page=abc")
    assert garbage.status_code == 200
    assert client.get(budget.url + "?envelope=%00").status_code < 500


def test_budget_page_keeps_its_queries_with_hundreds_of_projects(
    client, django_assert_max_num_queries
):
    small, large = BudgetPageFactory(), BudgetPageFactory()
    many_projects(small, 5, place_every=2)
    many_projects(large, 300, place_every=2)
    voter = VoterFactory()
    client.force_login(voter)
    client.get(small.url)
    client.get(large.url)  # what the site caches per page (its translations' links)
    with django_assert_max_num_queries(45) as small_queries:
        client.get(small.url)
    with django_assert_max_num_queries(len(small_queries.captured_queries)):
        response = client.get(large.url + "?page=3")
    assert response.status_code == 200
    assert response.content.decode().count("budget-project ") == 20


# --- Ideas ------------------------------------------------------------------------------------


def idea(**fields):
    return {
        "title": "مقاعد وظل في حديقة بتانة",
        "description": "مقاعد وأشجار للظل.",
        "arrondissement": arrondissement("bab-lamrissa").pk,
        "estimated_cost": "50000",
        "submission": str(uuid.uuid4()),
        **fields,
    }


@pytest.mark.parametrize("language", LANGUAGES)
def test_idea_form_renders_and_submits(client, resident, language):
    budget = BudgetPageFactory(phase=BudgetPhase.IDEAS)
    client.force_login(resident)
    assert client.get(url("submit_idea", budget.pk, language=language)).status_code == 200
    response = client.post(url("submit_idea", budget.pk, language=language), idea())
    project = BudgetProject.objects.get()
    assert response.status_code == 302
    assert response.url.endswith(url("project", project.pk, language=language))
    assert project.author == resident and project.estimated_cost == 50000
    assert project.budget == budget and project.feasibility == Feasibility.PENDING


def test_idea_sent_twice_creates_one(client, resident):
    budget = BudgetPageFactory(phase=BudgetPhase.IDEAS)
    client.force_login(resident)
    data = idea()
    first = client.post(url("submit_idea", budget.pk), data)
    second = client.post(url("submit_idea", budget.pk), data)
    assert BudgetProject.objects.count() == 1
    assert first.url == second.url


def test_idea_with_bad_input_shows_what_was_typed(client, resident):
    budget = BudgetPageFactory(phase=BudgetPhase.IDEAS)
    client.force_login(resident)
    response = client.post(
        url("submit_idea", budget.pk),
        idea(description="", estimated_cost="-5", latitude="33.9", longitude=""),
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "error-summary" in html and "مقاعد وظل في حديقة بتانة" in html
    assert not BudgetProject.objects.exists()


@pytest.mark.parametrize(
    "data",
    [
        {"title": "x" * 5000, "arrondissement": "abc", "estimated_cost": "1e999"},
        {"arrondissement": "999999", "submission": "not-a-uuid", "latitude": "NaN"},
        {"image": "text instead of a file", "longitude": "inf", "latitude": "10"},
    ],
)
def test_idea_garbage_is_never_a_500(client, resident, data):
    budget = BudgetPageFactory(phase=BudgetPhase.IDEAS)
    client.force_login(resident)
    response = client.post(url("submit_idea", budget.pk), idea(**data))
    assert response.status_code == 200
    assert not BudgetProject.objects.exists()


@pytest.mark.parametrize("phase", [p for p in BudgetPhase if p != BudgetPhase.IDEAS])
def test_ideas_are_refused_outside_the_ideas_phase(client, resident, phase):
    budget = BudgetPageFactory(phase=phase)
    client.force_login(resident)
    assert client.get(url("submit_idea", budget.pk)).status_code == 403
    assert client.post(url("submit_idea", budget.pk), idea()).status_code == 403
    assert not BudgetProject.objects.exists()


def test_ideas_close_with_the_phase_on_a_frozen_clock(client, resident):
    budget = BudgetPageFactory(phase=BudgetPhase.IDEAS)
    client.force_login(resident)
    with time_machine.travel(budget.review_start_at - datetime.timedelta(seconds=1), tick=False):
        assert client.get(url("submit_idea", budget.pk)).status_code == 200
    with time_machine.travel(budget.review_start_at, tick=False):
        assert client.get(url("submit_idea", budget.pk)).status_code == 403


def test_idea_form_asks_anonymous_visitors_to_log_in(client):
    budget = BudgetPageFactory(phase=BudgetPhase.IDEAS)
    response = client.get(url("submit_idea", budget.pk))
    assert response.status_code == 302 and "/accounts/login/" in response.url


# --- A project --------------------------------------------------------------------------------


@pytest.mark.parametrize("language", LANGUAGES)
def test_project_page_shows_the_review(client, language, django_assert_max_num_queries):
    budget = BudgetPageFactory(phase=BudgetPhase.VOTE)
    into = BudgetProjectFactory(budget=budget, title="المشروع الجامع")
    project = BudgetProjectFactory(
        budget=budget, merged_into=into, estimated_cost=90_000, official_cost=120_000
    )
    with django_assert_max_num_queries(40):
        response = client.get(url("project", project.pk, language=language))
    html = response.content.decode()
    assert response.status_code == 200
    assert "مصلحة الأشغال" in html and "المشروع الجامع" in html
    assert project.author.display_name in html
    assert "120" in html and "90" in html


def test_project_hidden_after_a_report_is_not_found(client):
    project = BudgetProjectFactory(hidden_at=timezone.now())
    assert client.get(url("project", project.pk)).status_code == 404
    assert client.get(url("project", 987654)).status_code == 404


# --- The ballot -------------------------------------------------------------------------------


@pytest.fixture
def vote():
    """A budget in its vote phase, three feasible projects of Bab Lamrissa (300,000, 250,000
    and 100,000 MAD, in an envelope of 600,000) and a voter of Bab Lamrissa."""
    budget = BudgetPageFactory(phase=BudgetPhase.VOTE)
    projects = [
        BudgetProjectFactory(budget=budget, title=f"مشروع {cost}", official_cost=cost)
        for cost in (300_000, 250_000, 100_000)
    ]
    return budget, envelopes(budget)[0], projects, VoterFactory()


@pytest.mark.parametrize("language", LANGUAGES)
def test_ballot_renders_the_envelopes_feasible_projects(client, vote, language):
    budget, local, projects, voter = vote
    BudgetProjectFactory(
        budget=budget, title="غير ممكن", feasibility=Feasibility.UNFEASIBLE, official_cost=None
    )
    client.force_login(voter)
    response = client.get(url("ballot", budget.pk, local.pk, language=language))
    html = response.content.decode()
    assert response.status_code == 200
    assert all(f'value="{p.pk}"' in html for p in projects)
    assert "غير ممكن" not in html
    assert 'name="action" value="check"' in html


def test_ballot_is_cast_and_changed(client, vote):
    budget, local, (big, medium, small), voter = vote
    client.force_login(voter)
    ballot_url = url("ballot", budget.pk, local.pk)
    response = client.post(ballot_url, {"project": [big.pk, small.pk], "action": "cast"})
    assert response.status_code == 302
    ballot = Ballot.objects.get(voter=voter)
    assert set(ballot.current_version.projects.values_list("pk", flat=True)) == {big.pk, small.pk}
    page = client.get(ballot_url).content.decode()
    assert f'value="{big.pk}" id="project-{big.pk}" data-cost="300000" checked' in page
    client.post(ballot_url, {"project": [medium.pk], "action": "cast"})
    ballot.refresh_from_db()
    assert set(ballot.current_version.projects.values_list("pk", flat=True)) == {medium.pk}
    assert ballot.versions.count() == 2


def test_a_double_submit_says_the_vote_is_recorded_not_changed(client, vote):
    budget, local, (big, _medium, small), voter = vote
    client.force_login(voter)
    ballot_url = url("ballot", budget.pk, local.pk, language="en")
    said = []
    with translation.override("en"):
        for _ in range(2):
            response = client.post(
                ballot_url, {"project": [big.pk, small.pk], "action": "cast"}, follow=True
            )
            said.append([str(m) for m in response.context["messages"]])
    assert said == [
        ["Thank you! Your vote is recorded."],
        ["Your vote is recorded, with this same choice."],
    ]
    assert Ballot.objects.get(voter=voter).versions.count() == 1


def test_a_project_no_longer_on_the_ballot_is_refused_not_dropped(client, vote):
    """A project withdrawn between the page's loading and the vote: the voter is told, and
    nothing is recorded without it."""
    budget, local, (big, _medium, small), voter = vote
    client.force_login(voter)
    BudgetProject.objects.filter(pk=small.pk).update(feasibility=Feasibility.UNFEASIBLE)
    with translation.override("en"):
        response = client.post(
            url("ballot", budget.pk, local.pk, language="en"),
            {"project": [big.pk, small.pk], "action": "cast"},
        )
    assert response.status_code == 400
    assert "Choose among the feasible projects of this envelope." in response.content.decode()
    assert not Ballot.objects.exists()


def test_casting_costs_as_many_queries_for_one_project_as_for_three(
    client, vote, django_assert_max_num_queries
):
    budget, local, projects, voter = vote
    client.force_login(voter)
    ballot_url = url("ballot", budget.pk, local.pk)
    counts = []
    for chosen in ([projects[2]], [projects[1], projects[2]]):
        with django_assert_max_num_queries(30) as cast:
            response = client.post(
                ballot_url, {"project": [p.pk for p in chosen], "action": "cast"}
            )
        assert response.status_code == 302
        counts.append(len(cast.captured_queries))
    assert counts[1] <= counts[0]


def test_knapsack_over_the_envelope_keeps_the_choices(client, vote):
    budget, local, (big, medium, small), voter = vote
    client.force_login(voter)
    chosen = [big.pk, medium.pk, small.pk]  # 650,000 > 600,000
    with translation.override("fr"):
        response = client.post(
            url("ballot", budget.pk, local.pk, language="fr"),
            {"project": chosen, "action": "cast"},
        )
    html = response.content.decode()
    assert response.status_code == 400
    assert "error-summary" in html and "ballot__total--over" in html
    assert all(f'data-cost="{p.official_cost}" checked' in html for p in (big, medium, small))
    assert not Ballot.objects.exists()


def test_check_my_total_without_javascript(client, vote):
    budget, local, (big, medium, small), voter = vote
    client.force_login(voter)
    with translation.override("en"):
        response = client.post(
            url("ballot", budget.pk, local.pk, language="en"),
            {"project": [big.pk, small.pk, "garbage"], "action": "check"},
        )
    html = response.content.decode()
    assert response.status_code == 200
    assert "400,000 MAD of 600,000 MAD" in html and "200,000 MAD left" in html
    assert f'value="{big.pk}" id="project-{big.pk}" data-cost="300000" checked' in html
    assert f'value="{medium.pk}" id="project-{medium.pk}" data-cost="250000">' in html
    assert not Ballot.objects.exists()


def test_another_arrondissements_envelope_is_refused(client, vote):
    budget, local, _projects, _voter = vote
    elsewhere = VoterFactory(arrondissement=arrondissement("bettana"))
    client.force_login(elsewhere)
    response = client.get(url("ballot", budget.pk, local.pk))
    assert response.status_code == 403
    _local, commune = envelopes(budget)
    assert client.get(url("ballot", budget.pk, commune.pk)).status_code == 200
    # An envelope of another budget is not found through this one.
    other = BudgetPageFactory(phase=BudgetPhase.VOTE)
    assert client.get(url("ballot", budget.pk, envelopes(other)[0].pk)).status_code == 404


def test_refusal_is_said_in_a_sentence(client, vote):
    budget, local, _projects, _voter = vote
    client.force_login(VoterFactory(birth_year=None))
    with translation.override("en"):
        response = client.get(url("ballot", budget.pk, local.pk, language="en"))
    assert response.status_code == 403
    assert "year of birth" in response.content.decode()


@pytest.mark.parametrize("phase", [p for p in BudgetPhase if p != BudgetPhase.VOTE])
def test_ballot_is_refused_outside_the_vote(client, phase):
    budget = BudgetPageFactory(phase=phase)
    local, _commune = envelopes(budget)
    project = BudgetProjectFactory(budget=budget)
    client.force_login(VoterFactory())
    assert client.get(url("ballot", budget.pk, local.pk)).status_code == 403
    response = client.post(url("ballot", budget.pk, local.pk), {"project": [project.pk]})
    assert response.status_code == 403
    assert not Ballot.objects.exists()


def test_ballot_closes_on_a_frozen_clock(client, vote):
    budget, local, (big, _medium, _small), voter = vote
    with time_machine.travel(budget.results_start_at, tick=False):
        client.force_login(voter)
        response = client.post(url("ballot", budget.pk, local.pk), {"project": [big.pk]})
    assert response.status_code == 403
    assert not Ballot.objects.exists()


@pytest.mark.parametrize(
    "data",
    [
        {},
        {"project": ["x", "-1", "99999999999999999999999", ""], "action": "cast"},
        {"project": ["1.5"], "action": "other"},
        {"action": "check"},
    ],
)
def test_ballot_garbage_is_never_a_500(client, vote, data):
    budget, local, _projects, voter = vote
    client.force_login(voter)
    response = client.post(url("ballot", budget.pk, local.pk), data)
    assert response.status_code in {200, 400}
    assert not Ballot.objects.exists()


def test_ballot_asks_anonymous_visitors_to_log_in(client, vote):
    budget, local, _projects, _voter = vote
    response = client.get(url("ballot", budget.pk, local.pk))
    assert response.status_code == 302 and "/accounts/login/" in response.url


# --- Results ----------------------------------------------------------------------------------


@pytest.mark.parametrize("language", LANGUAGES)
def test_results_before_the_close_show_only_the_voters(client, vote, language):
    budget, local, (big, _medium, _small), voter = vote
    cast_ballot(voter, local, [big.pk])
    response = client.get(url("results", budget.pk, language=language))
    html = response.content.decode()
    assert response.status_code == 200
    assert "budget-result__winner" not in html and big.title not in html
    assert client.get(url("results_export", budget.pk)).status_code == 403


@pytest.mark.parametrize("language", LANGUAGES)
def test_results_after_the_close(client, vote, language):
    budget, local, (big, medium, small), voter = vote
    cast_ballot(voter, local, [big.pk, small.pk])
    cast_ballot(VoterFactory(), local, [medium.pk, small.pk])
    with time_machine.travel(budget.results_start_at + datetime.timedelta(hours=1), tick=False):
        response = client.get(url("results", budget.pk, language=language))
        export = client.get(url("results_export", budget.pk, language=language))
    html = response.content.decode()
    assert response.status_code == 200
    # small (2 votes), then medium (1 vote, cheaper than big: the tie rule) fit; big does not.
    assert html.count('class="budget-result__winner"') == 2
    assert html.index(small.title) < html.index(medium.title) < html.index(big.title)
    assert export.status_code == 200
    assert hashlib.sha256(export.content).hexdigest() in html
    assert '"voter"' not in export.content.decode()
    # Two voters of the 1,000 inhabitants the envelope serves: 0.20 %.
    turnouts = [section["turnout"] for section in response.context["sections"]]
    assert pytest.approx(0.2) in turnouts
