"""The action plan's factories build what the tests assume: one plan per language under its
home page, live axes and projects under it, and fixtures that share their rows."""

from decimal import Decimal

import pytest

from participation.models import Arrondissement
from plan.models import ActionPlanPage, AxisPage, ProjectStatus
from tests.cms.factories import home_page
from tests.plan.factories import action_plan

pytestmark = pytest.mark.django_db


def test_a_project_is_live_under_an_axis_of_the_one_plan(project_page):
    axis = project_page.get_parent().specific
    plan = axis.get_parent().specific
    assert isinstance(axis, AxisPage) and isinstance(plan, ActionPlanPage)
    assert plan.get_parent().specific == home_page("ar")
    assert action_plan() == plan  # one plan per language
    assert project_page.live and axis.live and plan.live
    assert project_page.url.startswith("/ar/") and project_page.original == project_page


def test_the_plan_of_another_language_is_a_translation(action_plan_page):
    french = action_plan("fr")
    assert french.get_parent().specific == home_page("fr")
    assert french.translation_key == action_plan_page.translation_key
    assert french.live and french.url.startswith("/fr/")
    assert action_plan("fr") == french


def test_fixtures_share_their_rows(
    project_update_attachment, project_update, project_page, project_evaluation, resident
):
    assert project_update_attachment.update == project_update
    assert project_update.project == project_page and project_update.author.is_staff
    assert project_update.changes == {} and project_update_attachment.document is not None
    assert project_evaluation.project == project_page and project_evaluation.resident == resident
    assert project_evaluation.arrondissement == resident.arrondissement


def test_indicators_milestones_and_standing_of_one_project(
    project_indicator, project_milestone, project_progress, project_page
):
    assert project_indicator.page == project_milestone.page == project_page
    assert project_progress.project == project_page
    assert project_progress.status == ProjectStatus.PLANNED and project_progress.percent == 0
    for row in (project_indicator, project_milestone, project_progress):
        row.full_clean()


def test_projects_of_one_axis(axis_page, project_page_factory):
    bettana = Arrondissement.objects.canonical().get(slug="bettana")
    first = project_page_factory(
        parent=axis_page, budget_planned=250_000, arrondissements=[bettana]
    )
    second = project_page_factory(parent=axis_page)
    assert list(axis_page.get_children().specific()) == [first, second]
    assert first.budget_planned == Decimal(250_000)
    assert list(first.arrondissements.all()) == [bettana]
    assert not second.arrondissements.exists()  # the whole commune
