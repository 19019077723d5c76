"""Phones first (issue 17, point 4): the header folds into a disclosure that opens without
JavaScript, a page's main action comes before its discussion in the order of the page (which is
the order a phone shows), and every table scrolls inside a region one can focus, which says so.

What a browser draws at 375 px (no page wider than the phone, the menu closed and open) is
checked by hand with screenshots; these tests pin the markup and the style sheet it relies on."""

import re
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from django.urls import reverse
from django.utils import translation

from tests.budgets.factories import BudgetProjectFactory
from tests.events.factories import EventPageFactory
from tests.factories import (
    ResidentFactory,
    make_axis,
    make_consultation,
    make_petition,
    make_project,
)
from tests.participation.factories import NotificationFactory
from tests.plan.factories import ProjectEvaluationFactory, ProjectIndicatorFactory
from tests.proposals.factories import ProposalFactory

ROOT = Path(__file__).resolve().parents[2]
CSS = ROOT / "static" / "sharik" / "css" / "site.css"


def soup_of(client, url):
    response = client.get(url)
    assert response.status_code == 200, url
    return BeautifulSoup(response.content.decode(), "html.parser")


def position(soup, element):
    """Where ``element`` starts in the page (its index in document order)."""
    return next(i for i, other in enumerate(soup.find_all(True)) if other is element)


# --- The header ----------------------------------------------------------------------------------


@pytest.mark.django_db
def test_the_header_is_a_brand_and_a_menu_that_opens_without_javascript(client):
    soup = soup_of(client, "/ar/")
    header = soup.select_one("header.site-header")
    skip = soup.select_one("a.skip-link[href='#main']")
    assert skip is not None and position(soup, skip) < position(soup, header)

    menu = header.select_one("details.site-menu")
    assert menu is not None and not menu.has_attr("open")  # closed until the reader opens it
    assert menu.find(True).name == "summary"  # the summary is the disclosure's button
    assert header.find("script") is None  # nothing to run: <details> opens by itself
    # Beside the menu, only the brand stays in the bar.
    bar = header.select_one(".site-header__bar")
    assert [child.name for child in bar.find_all(True, recursive=False)] == ["a", "details"]
    assert "brand" in bar.find("a")["class"]

    # Inside it: the search, the languages, the main navigation and the account menu.
    assert menu.select_one("form[role=search] input[name=q]") is not None
    languages = menu.select("nav.language-switcher a[hreflang]")
    assert {"ar", "fr", "en"} <= {link["hreflang"] for link in languages}
    assert [link["hreflang"] for link in languages if link.get("aria-current")] == ["ar"]
    main = menu.select_one("nav.main-nav[aria-label]")
    links = main.select("a[href]")
    assert len(links) > 3
    assert [link["href"] for link in links if link.get("aria-current") == "page"] == ["/ar/"]
    account = menu.select_one("nav.user-menu[aria-label]")
    hrefs = {link["href"] for link in account.select("a[href]")}
    assert {"/ar/accounts/login/", "/ar/accounts/signup/"} <= hrefs


@pytest.mark.django_db
def test_a_residents_account_menu_and_unread_count_are_in_the_menu(client):
    resident = ResidentFactory()
    NotificationFactory(recipient=resident)
    client.force_login(resident)
    # A list residents share: the account menu is a personal part, filled for each reader.
    soup = soup_of(client, "/ar/petitions/")
    account = soup.select_one("header details.site-menu nav.user-menu")
    hrefs = {link["href"] for link in account.select("a[href]")}
    assert {"/ar/profile/", "/ar/notifications/"} <= hrefs
    assert account.select_one("a[href='/ar/notifications/'] .badge--count") is not None
    assert account.select_one("form[action='/ar/accounts/logout/'] button[type=submit]")


def test_the_wide_layout_shows_the_menus_content_only_where_the_browser_can():
    """A closed <details> hides its content unless the browser knows ::details-content; the
    wide layout (summary hidden) is used only there, so no browser loses the navigation."""
    css = CSS.read_text()
    guarded = re.search(r"@supports selector\(::details-content\) \{(.*?)\n\}", css, re.S)
    assert guarded, "the wide header is guarded by @supports selector(::details-content)"
    assert ".site-menu__toggle { display: none; }" in guarded.group(1)
    assert css.count(".site-menu__toggle { display: none; }") == 1


def test_the_style_sheet_uses_logical_properties_only():
    css = re.sub(r"/\*.*?\*/", "", CSS.read_text(), flags=re.S)
    physical = re.compile(
        r"(?<![\w-])(?:(?:margin|padding|border)-(?:left|right)(?:-[a-z]+)?|left|right)\s*:"
        r"|(?:float|clear|text-align)\s*:\s*(?:left|right)\b"
    )
    assert physical.findall(css) == []


# --- The main action before the discussion -------------------------------------------------------


def proposal_page():
    proposal = ProposalFactory()
    with translation.override("ar"):
        return proposal.get_absolute_url(), "#support"


def petition_page():
    petition = make_petition()
    with translation.override("ar"):
        return petition.get_absolute_url(), "#sign"


def consultation_page():
    return make_consultation().url, "#take-part"


def plan_project_page():
    return make_project(make_axis()).url, "#evaluate"


def budget_project_page():
    project = BudgetProjectFactory()
    with translation.override("ar"):
        return reverse("budgets:project", args=[project.pk]), "#support"


PAGES = {
    "proposal": proposal_page,
    "petition": petition_page,
    "consultation": consultation_page,
    "plan project": plan_project_page,
    "budget project": budget_project_page,
}


@pytest.mark.django_db
@pytest.mark.parametrize("kind", PAGES)
def test_the_main_action_comes_before_the_discussion(client, kind):
    url, action_selector = PAGES[kind]()
    client.force_login(ResidentFactory())
    soup = soup_of(client, url)
    layout = soup.select_one(".proposal-layout")
    # The three parts, in this order: what it is, what one can do, then the discussion.
    parts = layout.find_all(True, recursive=False)
    assert [part.name for part in parts] == ["article", "aside", "div"]
    article, aside, after = parts
    assert "proposal-layout__after" in after["class"]
    thread = soup.select_one("#thread")
    assert thread is not None and thread in after.find_all("section")
    assert article.select_one("#thread") is None
    action = soup.select_one(action_selector)
    assert action is not None
    assert position(soup, action) < position(soup, thread)
    assert position(soup, aside) < position(soup, thread)


@pytest.mark.django_db
def test_an_events_registration_comes_before_its_agenda(client):
    event = EventPageFactory(agenda="<p>تقديم المنتدى</p>", speakers="رئيس الجماعة")
    soup = soup_of(client, event.url)
    registration = soup.select_one("aside #registration")
    agenda = soup.select_one(".proposal-layout__after #agenda-title")
    assert registration is not None and agenda is not None
    assert position(soup, registration) < position(soup, agenda)
    # The title, summary and facts stay first.
    assert position(soup, soup.select_one("article h1")) < position(soup, registration)


def test_on_a_phone_the_layout_follows_the_order_of_the_page():
    """Below 56rem the grid has one column and no named areas, so the article, the aside and
    what comes after follow each other as written (a budget's page may still put its aside first
    with ``order``); above it, the aside spans the height of the other two."""
    css = CSS.read_text()
    assert 'grid-template-areas: "main aside" "after aside"' in css
    narrow = re.search(r"@media \(max-width: 56rem\) \{\n(.*?)\n\}", css, re.S).group(1)
    assert "grid-template-areas: none" in narrow
    assert (
        ".proposal-layout > .proposal, .proposal-layout > .proposal-aside, "
        ".proposal-layout > .proposal-layout__after { grid-area: auto; }"
    ) in narrow


# --- Tables --------------------------------------------------------------------------------------


PUBLIC_TEMPLATES = [
    path
    for path in ROOT.glob("*/templates/**/*.html")
    if not {"admin", "email", "wagtailadmin"} & set(path.parts)
    # The page inside a resident's copy of their data (a zip): not served by the site.
    and path.parts[-2:] != ("data_export", "export.html")
    and ".venv" not in path.parts
    and "var" not in path.parts
]
REGION = re.compile(
    r'<div class="table-scroll" tabindex="0" role="region" aria-(?:label|labelledby)="[^"]+"'
    r'|<div class="table-scroll" tabindex="0" role="region"\{% if labelledby %\}'
)
HINT = '{% include "includes/table_scroll_hint.html" %}'


def test_every_public_table_is_in_a_labelled_scrolling_region_with_its_hint():
    checked = 0
    for path in PUBLIC_TEMPLATES:
        text = path.read_text()
        for match in re.finditer(r"<table\b", text):
            before = text[: match.start()]
            opening = before.rfind('<div class="table-scroll"')
            assert opening != -1, f"{path}: a table outside .table-scroll"
            assert before.rfind("</table>") < opening, f"{path}: a table outside .table-scroll"
            assert REGION.match(text, opening), f"{path}: its region is not focusable and named"
            assert before[opening:].rstrip().endswith(HINT), f"{path}: no hint before the table"
            checked += 1
    assert checked >= 12


@pytest.mark.django_db
def test_the_hint_is_shown_to_eyes_only_and_the_regions_name_their_table(client):
    project = make_project(make_axis())
    ProjectIndicatorFactory(page=project)
    ProjectEvaluationFactory(project=project)
    for url in (project.url, "/ar/open-data/"):
        soup = soup_of(client, url)
        regions = soup.select(".table-scroll")
        assert regions, url
        for region in regions:
            assert region["tabindex"] == "0" and region["role"] == "region"
            label = region.get("aria-label") or " ".join(
                soup.find(id=name).get_text(" ", strip=True)
                for name in region["aria-labelledby"].split()
            )
            assert label.strip(), url
            hint = region.find(True)
            assert "table-scroll__hint" in hint["class"] and hint["aria-hidden"] == "true"
            assert region.find("table") is not None
