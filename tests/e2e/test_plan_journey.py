"""The action plan in Arabic, in a real browser: a resident finds a project on the map of the
plan's projects, follows it, evaluates it (a score forgotten first), and suggests an idea that
arrives linked to the project."""

import re
from decimal import Decimal

import pytest

from participation.models import Follow
from plan.models import ProjectEvaluation
from proposals.models import Proposal
from tests.e2e.browser import log_in
from tests.factories import ResidentFactory, make_axis, make_project

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_find_on_the_map_follow_evaluate_suggest(browser, asgi_server, screenshot):
    axis = make_axis(title="محور الأحياء", slug="neighbourhoods")
    project = make_project(
        axis,
        title="ساحة حي الانبعاث",
        latitude=Decimal("34.0450"),
        longitude=Decimal("-6.7950"),
    )
    resident = ResidentFactory()
    context = browser.new_context(locale="ar", viewport={"width": 1200, "height": 900})
    try:
        page = context.new_page()
        log_in(page, asgi_server, resident.email)

        # 1. The plan's projects of the axis, on the map: the marker opens the project.
        plan_url = project.get_parent().get_parent().url
        page.goto(f"{asgi_server}{plan_url}projects/?axis=neighbourhoods")
        page.locator("#plan-map .leaflet-interactive").first.click()
        page.locator(".leaflet-popup-content a").click()
        page.wait_for_url(re.compile(re.escape(project.url) + "$"))
        screenshot(page, "ar-plan-01-project")

        # 2. Follow it.
        page.locator("#thread form[action$='/follow/'] button").click()
        page.wait_for_selector("#thread [aria-pressed=true]")
        assert Follow.objects.filter(user=resident, object_id=project.pk).exists()

        # 3. Evaluate it: a score forgotten, then corrected.
        form = page.locator("#evaluate form")
        for name, score in (("usefulness", 5), ("quality", 4), ("progress", 3)):
            form.locator(f"input[name={name}][value='{score}']").check()
        form.locator("textarea[name=comment]").fill("نريد إنارة أفضل في الساحة")
        form.locator("button[type=submit]").click()
        page.wait_for_selector("#evaluate .form-field--error")
        assert page.locator("#evaluate input[name=usefulness][value='5']").is_checked()
        assert "نريد إنارة أفضل" in page.locator("#evaluate textarea").input_value()
        screenshot(page, "ar-plan-02-evaluation-error")
        page.locator("#evaluate input[name=communication][value='2']").check()
        page.locator("#evaluate form button[type=submit]").click()
        page.wait_for_selector("#evaluate table")
        evaluation = ProjectEvaluation.objects.get(project=project, resident=resident)
        assert (evaluation.usefulness, evaluation.communication) == (5, 2)
        screenshot(page, "ar-plan-03-evaluated")

        # 4. Suggest an idea for the project: it arrives linked to it.
        page.locator("aside a.button--wide").click()
        page.wait_for_url(re.compile(r"/proposals/new/\?project="))
        assert project.title in page.locator(".notice").inner_text()
        page.fill("#id_title", "كراسي وظلال في ساحة الانبعاث")
        page.fill("#id_body", "وضع كراسي وأشجار توفر الظل للمسنين والأطفال في الساحة.")
        page.select_option("#id_category", index=1)
        page.locator("button[name=action][value=submit]").click()
        page.wait_for_url(re.compile(r"/proposals/\d+/$"))
        screenshot(page, "ar-plan-04-idea")
        proposal = Proposal.objects.get(author=resident)
        assert proposal.plan_project_id == project.pk
        assert project.title in page.content()
    finally:
        context.close()
