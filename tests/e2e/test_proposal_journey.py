"""A proposal's journey in Arabic, in real browsers: a resident submits it, a moderator
publishes it in the staff admin, a neighbour supports it and comments, and the author finds the
notification."""

import re

import pytest

from proposals.models import Proposal
from tests.e2e.browser import log_in
from tests.factories import PASSWORD, ResidentFactory, make_moderator

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_submit_publish_support_comment_notify(browser, asgi_server, screenshot):
    author = ResidentFactory(display_name="سلمى")
    neighbour = ResidentFactory(display_name="عمر")
    moderator = make_moderator()
    contexts = [
        browser.new_context(locale="ar", viewport={"width": 1200, "height": 900}) for _ in range(3)
    ]
    try:
        writing, moderating, supporting = (context.new_page() for context in contexts)

        # 1. The author submits a proposal.
        log_in(writing, asgi_server, author.email)
        writing.goto(f"{asgi_server}/ar/proposals/new/")
        writing.fill("#id_title", "مكتبة حي في بطانة")
        writing.fill("#id_body", "تحويل القاعة المهجورة قرب المسجد إلى مكتبة للتلاميذ.")
        writing.select_option("#id_category", index=7)
        writing.select_option("#id_arrondissement", index=1)
        writing.fill("#id_tags", "مكتبة, تلاميذ")
        screenshot(writing, "ar-proposal-01-form")
        writing.locator("button[name=action][value=submit]").click()
        writing.wait_for_url(re.compile(r"/ar/proposals/\d+/$"))
        screenshot(writing, "ar-proposal-02-pending")
        proposal = Proposal.objects.get(title="مكتبة حي في بطانة")
        assert proposal.status == "pending"

        # 2. A moderator publishes it from the staff admin.
        moderating.goto(f"{asgi_server}/staff/login/")
        moderating.fill("#id_username", moderator.email)
        moderating.fill("#id_password", PASSWORD)
        moderating.locator("form button[type=submit]").first.click()
        moderating.wait_for_load_state("networkidle")
        moderating.goto(f"{asgi_server}/staff/proposals/review/{proposal.pk}/")
        screenshot(moderating, "ar-proposal-03-review")
        moderating.locator("input[name=action][value=publish] + button").click()
        moderating.wait_for_url(re.compile(r"/staff/proposals/$"))
        screenshot(moderating, "ar-proposal-03b-queue")
        proposal.refresh_from_db()
        assert proposal.status == "published"

        # 3. A neighbour supports it and comments.
        log_in(supporting, asgi_server, neighbour.email)
        supporting.goto(f"{asgi_server}/ar/proposals/")
        supporting.get_by_role("link", name="مكتبة حي في بطانة").click()
        supporting.locator("#support button[type=submit]").click()
        supporting.wait_for_url(re.compile(r"#support$"))
        assert supporting.locator("#support [data-live-counter=supports]").first.inner_text() == "1"
        supporting.fill("#id_body", "فكرة ممتازة، أقترح أيضًا ركنًا للأطفال.")
        supporting.locator("#comment-form button[type=submit]").click()
        supporting.wait_for_url(re.compile(r"#comment-\d+$"))
        screenshot(supporting, "ar-proposal-04-supported")

        # 4. The author is told.
        writing.goto(f"{asgi_server}/ar/notifications/")
        notices = writing.locator(".notification--unread")
        assert notices.count() >= 1
        assert "مكتبة حي في بطانة" in writing.locator(".notification-list").inner_text()
        screenshot(writing, "ar-proposal-05-notifications")
    finally:
        for context in contexts:
            context.close()
