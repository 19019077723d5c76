"""Every main page passes axe-core in Arabic, French and Amazigh: no serious or critical
violation (issue 17, point 9). The Salé demo gives each page real content; a visitor reads the
home page, the lists, the log-in and sign-up pages; a resident reads the detail pages, a
questionnaire, the profile and the notifications; a counter agent reads the counter."""

import pytest
from django.urls import reverse
from django.utils import translation

from tests.e2e.browser import AXE, axe_violations, describe_violations, log_in_as

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

LANGUAGES = ["ar", "fr", "zgh"]


@pytest.fixture
def axe_installed():
    if not AXE.exists():
        pytest.skip(
            f"axe-core is not installed ({AXE.relative_to(AXE.parents[2])}): "
            "`python3 dev.py test` installs it with npm, or run `npm ci`"
        )


def page_in(page_type, language, **filters):
    """The first live page of ``page_type`` in ``language``'s tree (the Arabic one when the
    tree has no such page)."""
    pages = page_type.objects.live().filter(**filters).order_by("path")
    return (
        pages.filter(locale__language_code=language).first()
        or pages.filter(locale__language_code="ar").first()
    )


def main_pages(language):
    """(who reads it, name, path) for every main page, in ``language``."""
    from budgets.models import BudgetIndexPage, BudgetPage
    from consultations.models import ConsultationIndexPage, ConsultationPage
    from council.models import CouncilSession
    from events.models import EventIndexPage, EventPage
    from news.models import NewsIndexPage, NewsPage
    from petitions.models import Petition
    from plan.models import ActionPlanPage, ProjectPage
    from procedures.models import ProcedureIndexPage, ProcedurePage
    from proposals.models import Proposal

    def url(page):
        return page.get_url() if page is not None else None

    with translation.override(language):
        proposal = Proposal.objects.filter(status="published").order_by("pk").first()
        petition = Petition.objects.filter(status="collecting").order_by("pk").first()
        consultation = page_in(ConsultationPage, language)
        session = CouncilSession.objects.order_by("pk").first()
        pages = [
            ("visitor", "home", f"/{language}/"),
            ("visitor", "log-in", reverse("account_login")),
            ("visitor", "sign-up", reverse("account_signup")),
            ("visitor", "sign-up with errors", reverse("account_signup")),
            ("visitor", "proposals", reverse("proposals:list")),
            ("visitor", "petitions", reverse("petitions:list")),
            ("visitor", "consultations", url(page_in(ConsultationIndexPage, language))),
            ("visitor", "plan", url(page_in(ActionPlanPage, language))),
            ("visitor", "budgets", url(page_in(BudgetIndexPage, language))),
            ("visitor", "events", url(page_in(EventIndexPage, language))),
            ("visitor", "news", url(page_in(NewsIndexPage, language))),
            ("visitor", "information requests", reverse("information:register")),
            ("visitor", "services", url(page_in(ProcedureIndexPage, language))),
            ("visitor", "council", reverse("council:sessions")),
            ("visitor", "open data", reverse("open_data")),
            ("resident", "a proposal", reverse("proposals:detail", args=[proposal.pk])),
            ("resident", "a new proposal's form", reverse("proposals:create")),
            ("resident", "an information request's form", reverse("information:ask")),
            ("resident", "the identity declaration", reverse("identity_declaration")),
            ("resident", "a petition", reverse("petitions:detail", args=[petition.pk])),
            ("resident", "a consultation", url(consultation)),
            ("resident", "its questionnaire", f"{url(consultation)}questionnaire/"),
            ("resident", "a plan project", url(page_in(ProjectPage, language))),
            ("resident", "a budget", url(page_in(BudgetPage, language))),
            ("resident", "an event", url(page_in(EventPage, language))),
            ("resident", "a news article", url(page_in(NewsPage, language))),
            ("resident", "a service", url(page_in(ProcedurePage, language))),
            ("resident", "a council session", reverse("council:session", args=[session.pk])),
            ("resident", "search results", f"{reverse('sitesearch:search')}?q=سلا"),
            ("resident", "profile", reverse("profile")),
            ("resident", "notifications", reverse("notifications")),
            ("counter agent", "counter", reverse("counters:home")),
        ]
    missing = [name for _, name, path in pages if not path]
    assert not missing, f"The demo has no page for: {', '.join(missing)}"
    return pages


def test_main_pages_have_no_serious_violation(axe_installed, browser, demo_site, subtests):
    """One subtest per language (the demo is seeded once, which costs more than the visits):
    a failure names its language and lists every serious or critical violation it met."""
    from counters.models import CounterAgent
    from demo import site_content
    from participation.models import User

    readers = {
        "resident": User.objects.get(email=site_content.RESIDENTS[0][0]),
        "counter agent": CounterAgent.objects.select_related("user").first().user,
    }
    for language in LANGUAGES:
        with subtests.test(language=language):
            found = violations_on_main_pages(browser, demo_site.url, language, readers)
            assert not found, "Serious or critical accessibility violations:\n" + "\n".join(found)


def violations_on_main_pages(browser, base_url, language, readers):
    """Visit every main page in ``language`` in one browser context, as a visitor, then as each
    reader (logged in once), and return the violations found, described."""
    # bypass_csp: the site's policy rightly refuses the script axe-core is injected as.
    context = browser.new_context(
        locale=language, viewport={"width": 1280, "height": 900}, bypass_csp=True
    )
    page = context.new_page()
    found = []
    reader = "visitor"
    try:
        for who, name, path in main_pages(language):
            if who != reader:
                log_in_as(context, base_url, readers[who])
                reader = who
            response = page.goto(f"{base_url}{path}")
            assert response.ok, f"{path} ({name}, {who}) answered {response.status}"
            if name.endswith("with errors"):  # sent empty: the error summary and messages
                page.locator("main form button[type=submit]").first.click()
                page.wait_for_selector(".error-summary")
            found += describe_violations(axe_violations(page), f"{language} {name} ({path})")
    finally:
        context.close()
    return found
