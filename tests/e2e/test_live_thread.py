"""Two residents read the same discussion; what one posts appears for the other without a
reload, in each one's language."""

import re

import pytest

from tests.e2e.browser import log_in
from tests.factories import ResidentFactory, make_discussion_page

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


@pytest.mark.parametrize("language", ["ar", "fr"])
def test_comment_appears_live_in_another_browser(browser, asgi_server, screenshot, language):
    discussion = make_discussion_page(slug=f"live-{language}")
    if language == "fr":
        from wagtail.models import Locale

        discussion = discussion.copy_for_translation(Locale.objects.get(language_code="fr"))
        discussion.slug = "discussion-en-direct"
        discussion.comments_enabled = True
        discussion.save_revision().publish()
    writer = ResidentFactory(display_name="Nadia", preferred_language=language)
    reader = ResidentFactory(display_name="Omar", preferred_language=language)
    url = f"{asgi_server}/{language}/{discussion.slug}/"

    contexts = [
        browser.new_context(locale=language, viewport={"width": 1000, "height": 900})
        for _ in range(2)
    ]
    try:
        writing, reading = (context.new_page() for context in contexts)
        log_in(writing, asgi_server, writer.email, language)
        log_in(reading, asgi_server, reader.email, language)
        reading.goto(url)
        reading.wait_for_selector("[data-live-thread][data-live=on]", timeout=10_000)

        writing.goto(url)
        message = (
            "الإنارة معطلة في شارع الحسن الثاني" if language == "ar" else "L'éclairage est en panne"
        )
        writing.fill("#id_body", message)
        writing.locator("#comment-form button[type=submit]").click()
        writing.wait_for_url(re.compile(r"#comment-\d+$"))

        # The reader did not reload: the comment and the counter arrive over the socket.
        reading.locator(".comment", has_text=message).wait_for(timeout=5_000)
        assert reading.locator("[data-comment-count]").inner_text() == "(1)"
        screenshot(reading, f"{language}-live-thread-reader")
        screenshot(writing, f"{language}-live-thread-writer")
    finally:
        for context in contexts:
            context.close()
