"""A participatory-budget ballot in Arabic, on a 375 px phone, on the demo site: a resident of an
arrondissement opens the demo budget 2027 (in its vote phase), goes to their envelope's ballot,
ticks projects until the live total goes over the envelope, is refused with their choices kept,
unticks one and votes, then changes their vote; the closed budget 2026 shows its winners."""

import re

import pytest
from wagtail.models import Locale

from budgets.models import Ballot, BallotChoice, BudgetPage
from budgets.views.common import envelope_projects
from tests.budgets.factories import VoterFactory
from tests.e2e.browser import log_in

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

WIDTH = 375


def test_vote_over_the_envelope_then_within_then_change_and_see_results(
    browser, asgi_server, screenshot
):
    budget = _arabic_budget("budget-2027")
    envelope, projects = _envelope_one_can_overspend(budget)
    resident = VoterFactory(arrondissement=envelope.arrondissement, birth_year=1990)
    context = browser.new_context(locale="ar", viewport={"width": WIDTH, "height": 800})
    try:
        page = context.new_page()
        log_in(page, asgi_server, resident.email)

        # 1. The budget 2027's page: the resident's envelope has a "Vote" button.
        page.goto(f"{asgi_server}{budget.url}")
        _check_layout(page)
        screenshot(page, "ar-budget-01-budget-page")
        vote = page.locator(f"#take-part a[href$='/vote/{envelope.pk}/']")
        assert vote.count() == 1
        vote.click()
        page.wait_for_url(re.compile(rf"/budgets/{budget.pk}/vote/{envelope.pk}/$"))
        _check_layout(page)
        screenshot(page, "ar-budget-02-ballot")

        # 2. Tick the most expensive projects until the running total goes over the envelope.
        total = page.locator("#ballot-total")
        ticked = []
        for project in projects:
            page.locator(f"#project-{project.pk}").check()
            ticked.append(project)
            if sum(p.official_cost for p in ticked) > envelope.amount:
                break
        assert sum(p.official_cost for p in ticked) > envelope.amount
        page.wait_for_selector("#ballot-total.ballot__total--over")
        over = page.evaluate(
            "document.querySelector('[data-ballot-messages]').content"
            ".querySelector('[data-message=over]').textContent.trim()"
        )
        assert over and over in total.inner_text()
        _check_layout(page)
        screenshot(page, "ar-budget-03-over-live")

        # 3. Submitting is refused: a message, the choices kept, nothing recorded.
        page.locator("button[name=action][value=cast]").click()
        page.wait_for_selector("#error-summary")
        for project in ticked:
            assert page.locator(f"#project-{project.pk}").is_checked()
        assert page.locator("#ballot-total.ballot__total--over").count() == 1
        assert not Ballot.objects.filter(voter=resident).exists()
        _check_layout(page)
        screenshot(page, "ar-budget-04-over-refused")

        # 4. Untick the last one ticked: the total fits, the vote is recorded.
        page.locator(f"#project-{ticked[-1].pk}").uncheck()
        page.wait_for_selector("#ballot-total:not(.ballot__total--over)")
        first_choice = {p.pk for p in ticked[:-1]}
        page.locator("button[name=action][value=cast]").click()
        page.wait_for_selector(".messages .message--success")
        _check_layout(page)
        screenshot(page, "ar-budget-05-voted")
        ballot = Ballot.objects.get(voter=resident)
        assert ballot.envelope_id == envelope.pk
        assert ballot.versions.count() == 1
        assert _choice(ballot) == first_choice

        # 5. Change the vote: swap the last kept project for the one unticked before.
        page.locator(f"#project-{ticked[-2].pk}").uncheck()
        page.locator(f"#project-{ticked[-1].pk}").check()
        new_choice = (first_choice - {ticked[-2].pk}) | {ticked[-1].pk}
        assert sum(p.official_cost for p in projects if p.pk in new_choice) <= envelope.amount
        page.wait_for_selector("#ballot-total:not(.ballot__total--over)")
        page.locator("button[name=action][value=cast]").click()
        page.wait_for_selector(".messages .message--success")
        _check_layout(page)
        screenshot(page, "ar-budget-06-changed")
        ballot = Ballot.objects.get(voter=resident)
        assert ballot.versions.count() == 2
        assert _choice(ballot) == new_choice
        for pk in new_choice:
            assert page.locator(f"#project-{pk}").is_checked()

        # 6. The closed budget 2026: its page leads to the results, with winners.
        closed = _arabic_budget("budget-2026")
        page.goto(f"{asgi_server}{closed.url}")
        page.locator(f"#take-part a[href$='/budgets/{closed.pk}/results/']").click()
        page.wait_for_url(re.compile(rf"/budgets/{closed.pk}/results/$"))
        assert page.locator(".budget-result__winner").count() > 0
        _check_layout(page)
        screenshot(page, "ar-budget-07-results-2026")
    finally:
        context.close()


def _arabic_budget(slug):
    return BudgetPage.objects.live().get(slug=slug, locale=Locale.objects.get(language_code="ar"))


def _envelope_one_can_overspend(budget):
    """An arrondissement's envelope whose feasible projects cost more than it, with those
    projects, most expensive first."""
    for envelope in budget.original.envelopes_by_arrondissement.values():
        if envelope.arrondissement_id is None:
            continue
        projects = list(
            envelope_projects(budget, envelope)
            .on_ballot()
            .order_by("-official_cost", "pk")
            .select_related("arrondissement")
        )
        if len(projects) >= 3 and sum(p.official_cost for p in projects) > envelope.amount:
            return envelope, projects
    pytest.fail("No envelope of the demo budget 2027 can be overspent")


def _choice(ballot):
    return set(
        BallotChoice.objects.filter(version=ballot.current_version_id).values_list(
            "project", flat=True
        )
    )


def _check_layout(page):
    """Arabic, right to left, and nothing wider than the phone."""
    assert page.evaluate("document.documentElement.dir") == "rtl"
    assert page.evaluate("document.documentElement.lang") == "ar"
    assert page.evaluate("document.documentElement.scrollWidth") <= WIDTH
