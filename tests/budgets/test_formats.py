"""Numbers and dates on the budget pages, in each language, as Django writes them.

The ballot's running total is written by ballot.js while the resident ticks; the rest of the page
by Django's templates (``floatformat:"0g"``, ``date:"DATE_FORMAT"``). The form carries Django's
own rendering of 1234567890 (``data-number-sample``) from which the script learns the separator,
the grouping and the digits: the browser tests check that the script then writes every number as
Django does, the page's sentences included.
"""

import itertools
import re
import shutil
from concurrent.futures import ThreadPoolExecutor
from html import unescape
from pathlib import Path

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import formats, numberformat, timezone, translation

from budgets.models import BudgetPhase
from budgets.services import cast_ballot
from tests.budgets.factories import (
    BudgetPageFactory,
    BudgetProjectFactory,
    VoterFactory,
    arrondissement,
)
from tests.budgets.test_views import translate

pytestmark = pytest.mark.django_db
LANGUAGES = [code for code, _name in settings.LANGUAGES]  # ar, fr, en
SAMPLE = 1234567890
BALLOT_JS = Path(__file__).resolve().parents[2] / "budgets" / "static" / "budgets" / "ballot.js"
# Envelopes and costs in the millions, so that totals cross two group separators.
COSTS = (1_234_000, 1_000_500, 87_250)
ENVELOPE = 2_600_000


def django_number(value):
    """``value`` as the templates write an amount in the active language."""
    return formats.number_format(value, 0, force_grouping=True)


def ballot_url(budget, envelope, language):
    with translation.override(language):
        return reverse("budgets:ballot", args=[budget.pk, envelope.pk])


def attribute(html, name):
    match = re.search(rf'{name}="([^"]*)"', html)
    assert match, name
    return unescape(match.group(1))


@pytest.fixture
def ballot():
    """A voter of Bab Lamrissa who chose the two dearest of three projects (2,234,500 MAD of an
    envelope of 2,600,000)."""
    budget = BudgetPageFactory(
        phase=BudgetPhase.VOTE, envelope_amounts=(("bab-lamrissa", ENVELOPE), (None, 400_000))
    )
    envelope = budget.envelopes.get(arrondissement=arrondissement("bab-lamrissa"))
    projects = [
        BudgetProjectFactory(budget=budget, title=f"مشروع {cost}", official_cost=cost)
        for cost in COSTS
    ]
    voter = VoterFactory()
    cast_ballot(voter, envelope, [p.pk for p in projects[:2]])
    return budget, envelope, voter


def render_ballot(client, ballot, language):
    budget, envelope, voter = ballot
    client.force_login(voter)
    response = client.get(ballot_url(budget, envelope, language))
    assert response.status_code == 200
    return response.content.decode()


# --- What the templates give the script ----------------------------------------------------------


@pytest.mark.parametrize("language", LANGUAGES)
def test_ballot_carries_djangos_way_of_writing_numbers(client, ballot, language):
    html = render_ballot(client, ballot, language)
    with translation.override(language):
        sample = django_number(SAMPLE)
        separator = formats.get_format("THOUSAND_SEPARATOR")
        grouping = formats.get_format("NUMBER_GROUPING")
        amounts = [django_number(value) for value in (ENVELOPE, sum(COSTS[:2]), *COSTS)]
    assert attribute(html, "data-number-sample") == sample
    if grouping:
        assert separator in sample
    # The same rendering as every amount the page writes itself.
    for amount in amounts:
        assert amount in html


@pytest.mark.parametrize("language", LANGUAGES)
def test_ballot_gives_the_script_plain_numbers(client, ballot, language):
    html = render_ballot(client, ballot, language)
    assert attribute(html, "data-amount") == str(ENVELOPE)
    for cost in COSTS:
        assert f'data-cost="{cost}"' in html
    assert f'max="{ENVELOPE}" value="{sum(COSTS[:2])}"' in html


@pytest.mark.parametrize("language", LANGUAGES)
def test_ballot_and_results_say_when_the_vote_closes_in_the_languages_formats(
    client, ballot, language
):
    budget = ballot[0]
    closes = timezone.localtime(budget.results_start_at)
    with translation.override(language):
        day = formats.date_format(closes, "DATE_FORMAT")
        time = formats.time_format(closes, "TIME_FORMAT")
        results_url = reverse("budgets:results", args=[budget.pk])
    ballot_page = unescape(render_ballot(client, ballot, language))
    results_page = unescape(client.get(results_url).content.decode())
    for html in (ballot_page, results_page):
        assert day in html and time in html


@pytest.mark.parametrize("language", ["ar", "fr"])
def test_calendar_writes_each_phase_in_the_languages_date_formats(client, language):
    budget = BudgetPageFactory(phase=BudgetPhase.VOTE)
    if language != "ar":
        budget = translate(budget, language)
    html = unescape(client.get(budget.url).content.decode())
    assert 'class="card budget-calendar"' in html
    starts = [
        budget.ideas_start_at,
        budget.review_start_at,
        budget.vote_start_at,
        budget.results_start_at,
        budget.follow_up_start_at,
    ]
    with translation.override(language):
        for start, end in itertools.pairwise(starts):
            start, end = timezone.localtime(start), timezone.localtime(end)
            same_year = start.year == end.year
            first = formats.date_format(start, "MONTH_DAY_FORMAT" if same_year else "DATE_FORMAT")
            assert f">{first}</time>\xa0\u2013 <time" in html  # an en dash
            assert f">{formats.date_format(end, 'DATE_FORMAT')}</time>" in html


# --- What the script writes (Chromium) -----------------------------------------------------------


def chromium():
    path = shutil.which("chromium") or shutil.which("chromium-browser")
    if path is None:
        pytest.skip("No Chromium found (install Debian's 'chromium')")
    return path


def in_browser(work):
    """Runs ``work(browser)`` in a thread of its own: Playwright's sync API runs an event loop,
    which must not be this thread's (the ORM's, and the browser journeys')."""
    path = chromium()

    def run():
        from playwright.sync_api import sync_playwright

        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=path, args=["--no-sandbox"])
            try:
                return work(browser)
            finally:
                browser.close()

    with ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(run).result()


def summary_text(html):
    """The running total's sentence as the server wrote it, the template's line breaks and
    indentation folded (not the no-break spaces a language's numbers may hold)."""
    match = re.search(r"<p aria-live=\"polite\" data-ballot-summary>(.*?)</p>", html, re.S)
    assert match
    return fold(unescape(re.sub(r"<[^>]+>", "", match.group(1))))


def fold(text):
    return re.sub(r"[ \t\r\n]+", " ", text).strip()


@pytest.mark.e2e
def test_running_total_reads_like_the_server_in_every_language(client, ballot):
    pages = {language: render_ballot(client, ballot, language) for language in LANGUAGES}
    script = BALLOT_JS.read_text()

    def work(browser):
        written = {}
        for language, html in pages.items():
            page = browser.new_page()
            page.set_content(html)
            page.add_script_tag(content=script)
            written[language] = page.evaluate(
                "document.querySelector('[data-ballot-summary]').textContent"
            )
            page.close()
        return written

    written = in_browser(work)
    for language, html in pages.items():
        server = summary_text(html)
        with translation.override(language):
            assert django_number(sum(COSTS[:2])) in server
        assert fold(written[language]) == server, language


GROUPINGS = [3, (3, 2, 0), (3, -1), 4, 0]
SEPARATORS = [",", ".", "\xa0", "\u202f", "\u066c"]
VALUES = [0, 7, 999, 1000, 12_345, 2_081_000, 123_456_789_012]
ARABIC_INDIC = str.maketrans("0123456789", "٠١٢٣٤٥٦٧٨٩")


def django_grouped(value, grouping, separator):
    return numberformat.format(value, ".", 0, grouping, separator, force_grouping=True)


@pytest.mark.e2e
def test_script_groups_and_writes_digits_as_the_sample_shows():
    """Any grouping and separator Django's formats may set, and digits other than 0-9 should
    a language's sample ever use them, are written back as in the sample."""
    cases = [
        (grouping, separator, digits)
        for grouping in GROUPINGS
        for separator in SEPARATORS
        for digits in (None, ARABIC_INDIC)
    ]

    def sample_and_expected(grouping, separator, digits):
        def write(value):
            text = django_grouped(value, grouping, separator)
            return text.translate(digits) if digits else text

        return write(SAMPLE), [write(value) for value in VALUES]

    boxes = "".join(
        f'<input type="checkbox" name="project" id="v{n}" data-cost="{value}">'
        for n, value in enumerate(VALUES)
    )

    def work(browser):
        page = browser.new_page()
        script = BALLOT_JS.read_text()
        results = []
        for grouping, separator, digits in cases:
            sample, _expected = sample_and_expected(grouping, separator, digits)
            page.set_content(
                f'<form data-ballot data-amount="0" data-number-sample="{sample}">{boxes}'
                "<div data-ballot-total><p data-ballot-summary></p></div>"
                '<template data-ballot-messages><span data-message="total">{total}</span>'
                '<span data-message="over"></span></template></form>'
            )
            page.add_script_tag(content=script)
            written = []
            for n in range(len(VALUES)):
                page.evaluate(
                    """n => {
                      document.querySelectorAll('input').forEach((box, i) => box.checked = i === n);
                      document.querySelector('form').dispatchEvent(new Event('change'));
                    }""",
                    n,
                )
                written.append(page.evaluate("document.querySelector('p').textContent.trim()"))
            results.append(written)
        return results

    for case, written in zip(cases, in_browser(work), strict=True):
        assert written == sample_and_expected(*case)[1], case
