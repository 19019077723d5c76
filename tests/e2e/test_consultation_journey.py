"""A consultation's journey in French and in Arabic, in real browsers: a resident answers (the
conditional question appears when its choice is ticked), leaves and finds the answers saved,
submits while a neighbour sees the participant count move, changes an answer, and reads the
results."""

import re

import pytest

from consultations.models import Answer, Response
from tests.e2e.browser import log_in
from tests.factories import (
    Q_CONDITIONAL,
    Q_MULTIPLE,
    Q_RANKING,
    Q_SCALE,
    Q_SHORT,
    Q_SINGLE,
    R1,
    R2,
    R3,
    ResidentFactory,
    make_consultation,
    translate_consultation,
)

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

SAVED = {"fr": "Enregistré à", "ar": "تم الحفظ"}


def radio(page, question, value_index):
    page.locator(f'input[name="q-{question}"]').nth(value_index).check()


@pytest.mark.parametrize("language", ["fr", "ar"])
def test_answer_change_and_see_results(browser, asgi_server, screenshot, language):
    original = make_consultation(title="ميزانية الحي", results_immediately=True)
    consultation = translate_consultation(original, "fr") if language == "fr" else original
    resident = ResidentFactory(preferred_language=language)
    url = f"{asgi_server}{consultation.url}"
    contexts = [
        browser.new_context(locale=language, viewport={"width": 1200, "height": 900})
        for _ in range(2)
    ]
    try:
        page, watcher = (context.new_page() for context in contexts)
        watcher.goto(url)
        watcher.wait_for_selector(".thread[data-live=on]", timeout=10_000)
        counter = watcher.locator(".support-box__count [data-live-counter=participants]")
        assert counter.inner_text() == "0"

        log_in(page, asgi_server, resident.email, language)
        page.goto(url)
        page.locator(f'a[href$="{consultation.url}questionnaire/"]').first.click()
        page.wait_for_url(re.compile(r"/questionnaire/$"))
        conditional = page.locator(f'[data-question="{Q_CONDITIONAL}"]')
        assert conditional.is_hidden()

        # Choosing "B" shows the question that depends on it, at once.
        radio(page, Q_SINGLE, 1)
        conditional.wait_for(state="visible")
        radio(page, Q_CONDITIONAL, 0)
        page.locator(f'input[name="q-{Q_MULTIPLE}"]').nth(0).check()
        for item, rank in ((R1, "2"), (R2, "1"), (R3, "3")):
            page.select_option(f'select[name="q-{Q_RANKING}-{item}"]', rank)
        radio(page, Q_SCALE, 3)
        page.fill(f'input[name="q-{Q_SHORT}"]', "Un banc près de l'école")
        status = page.locator("[data-save-status]")
        page.wait_for_function(
            "([element, text]) => element.textContent.includes(text)",
            arg=[status.element_handle(), SAVED[language]],
            timeout=10_000,
        )
        screenshot(page, f"{language}-consultation-01-answering")

        # Leaving and coming back: everything is still there (saved as the resident went).
        page.reload()
        assert page.locator(f'input[name="q-{Q_SINGLE}"]').nth(1).is_checked()
        assert page.locator(f'input[name="q-{Q_SHORT}"]').input_value() == (
            "Un banc près de l'école"
        )
        assert page.locator(f'select[name="q-{Q_RANKING}-{R2}"]').input_value() == "1"
        saved = Response.objects.get(participant=resident)
        assert not saved.is_submitted

        # A mistake first: two items ranked first. The page says so and keeps the answers.
        page.select_option(f'select[name="q-{Q_RANKING}-{R1}"]', "1")
        page.locator("button[value=submit]").click()
        page.wait_for_selector("[data-error-summary]")
        screenshot(page, f"{language}-consultation-02-error")
        assert page.locator(f'input[name="q-{Q_SHORT}"]').input_value() == (
            "Un banc près de l'école"
        )
        page.select_option(f'select[name="q-{Q_RANKING}-{R1}"]', "2")
        page.locator("button[value=submit]").click()
        page.wait_for_url(re.compile(r"#your-participation$"))
        screenshot(page, f"{language}-consultation-03-submitted")

        # The neighbour's page counts the participant without reloading.
        watcher.wait_for_function(
            "element => element.textContent.trim() === '1'",
            arg=counter.element_handle(),
            timeout=10_000,
        )

        # Changing an answer: "A" hides the conditional question, whose answer is dropped.
        page.goto(url + "questionnaire/")
        radio(page, Q_SINGLE, 0)
        conditional.wait_for(state="hidden")
        # The change is saved as the resident goes (a request of its own): let it finish, as a
        # resident's browser would, before submitting. The embedded test server's SQLite would
        # otherwise refuse the next page's read of a table that save still holds.
        page.wait_for_load_state("networkidle")
        page.locator("button[value=submit]").click()
        page.wait_for_url(re.compile(r"#your-participation$"))
        saved.refresh_from_db()
        assert saved.is_submitted
        assert not Answer.objects.filter(response=saved, question=Q_CONDITIONAL).exists()

        # The results count one answer for "A" and none for "B".
        page.goto(url + "results/")
        first_question = page.locator(f"#result-{Q_SINGLE} tbody tr")
        assert first_question.nth(0).locator("td").nth(1).inner_text() == "1"
        assert first_question.nth(1).locator("td").nth(1).inner_text() == "0"
        screenshot(page, f"{language}-consultation-04-results")
        assert Response.objects.filter(consultation=original).count() == 1
    finally:
        for context in contexts:
            context.close()
