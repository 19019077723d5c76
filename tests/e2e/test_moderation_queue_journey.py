"""A moderator clears the queue of proposals from the admin's dashboard, in Arabic, in a real
browser: the dashboard counts the proposals awaiting moderation; the moderator opens the queue,
ticks several and publishes them, ticks the others and returns them with one reason (the
confirmation page lists what will change), and the dashboard then counts none. Screenshots at
1280 and 375 px (test-artifacts/screenshots/ar-moderation-*)."""

import re

import pytest

from participation.models import AuditLogEntry
from proposals.models import Proposal, ProposalStatus
from tests.e2e.browser import log_in
from tests.participation.factories import ModeratorFactory
from tests.proposals.factories import ProposalFactory

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

TO_PUBLISH = ("إنارة زنقة الورود", "حديقة قرب المدرسة")
TO_RETURN = ("إعلان تجاري", "نص غير مفهوم")
REASON = "لا يتعلق الاقتراح باختصاصات الجماعة."


def shoot(page, phone, screenshot, name):
    """The page at 1280 px, and the same address opened on a 375 px phone with the same
    session (a GET: nothing is submitted again)."""
    screenshot(page, f"ar-moderation-{name}-1280")
    phone.context.add_cookies(page.context.cookies())
    phone.goto(page.url)
    screenshot(phone, f"ar-moderation-{name}-375")


def dashboard_count(page):
    return int(page.locator("#queue-proposals-section [data-queue-count]").inner_text())


def tick(page, titles):
    for title in titles:
        pk = Proposal.objects.get(title=title).pk
        page.locator(f"input[data-bulk-action-checkbox][data-object-id='{pk}']").check()


def test_a_moderator_clears_the_queue_from_the_dashboard(browser, live_server, screenshot):
    moderator = ModeratorFactory(preferred_language="ar")
    for title in (*TO_PUBLISH, *TO_RETURN):
        ProposalFactory(title=title, status=ProposalStatus.PENDING, published_at=None)
    context = browser.new_context(locale="ar", viewport={"width": 1280, "height": 900})
    phone_context = browser.new_context(locale="ar", viewport={"width": 375, "height": 800})
    try:
        page = context.new_page()
        phone = phone_context.new_page()
        log_in(page, live_server.url, moderator.email)

        # 1. The dashboard opens on the queues: 4 proposals await moderation.
        page.goto(f"{live_server.url}/staff/")
        assert page.locator("html").get_attribute("lang") == "ar"
        assert page.locator("html").get_attribute("dir") == "rtl"
        assert dashboard_count(page) == 4
        shoot(page, phone, screenshot, "01-dashboard")

        # 2. The count opens the queue, filtered on what awaits moderation.
        page.locator("#queue-proposals-section a:has([data-queue-count])").click()
        page.wait_for_url(re.compile(r"/staff/proposals/\?status=pending$"))
        for title in (*TO_PUBLISH, *TO_RETURN):
            assert page.get_by_text(title).is_visible()

        # 3. Two ticked and published: the confirmation lists them, nothing changes before.
        tick(page, TO_PUBLISH)
        bar = page.locator("[data-bulk-action-footer]")
        assert bar.is_visible()
        shoot(page, phone, screenshot, "02-queue-ticked")
        bar.locator("a[href*='/bulk/proposals/proposal/publish/']").click()
        page.wait_for_url(re.compile(r"/bulk/proposals/proposal/publish/\?"))
        listed = page.locator("[data-bulk-will-change]").inner_text()
        assert all(title in listed for title in TO_PUBLISH)
        assert not any(title in listed for title in TO_RETURN)
        assert Proposal.objects.filter(status=ProposalStatus.PENDING).count() == 4
        shoot(page, phone, screenshot, "03-confirm-publish")
        page.locator("main form[method=POST] button[type=submit]").click()
        page.wait_for_url(re.compile(r"/staff/proposals/\?status=pending$"))
        assert set(
            Proposal.objects.filter(status=ProposalStatus.PUBLISHED).values_list("title", flat=True)
        ) == set(TO_PUBLISH)

        # 4. The other two returned to their authors with one reason, required.
        tick(page, TO_RETURN)
        page.locator(
            "[data-bulk-action-footer] a[href*='/bulk/proposals/proposal/return/']"
        ).click()
        page.wait_for_url(re.compile(r"/bulk/proposals/proposal/return/\?"))
        form = page.locator("main form[method=POST]")
        form.locator("button[type=submit]").click()  # no reason: refused, nothing changes
        assert Proposal.objects.filter(status=ProposalStatus.PENDING).count() == 2
        form = page.locator("main form[method=POST]")
        form.locator("textarea[name=reason]").fill(REASON)
        shoot(page, phone, screenshot, "04-confirm-return")
        form.locator("button[type=submit]").click()
        page.wait_for_url(re.compile(r"/staff/proposals/\?status=pending$"))
        shoot(page, phone, screenshot, "05-queue-cleared")
        assert set(
            Proposal.objects.filter(status=ProposalStatus.RETURNED).values_list("title", flat=True)
        ) == set(TO_RETURN)
        assert AuditLogEntry.objects.filter(action="proposal.return", reason=REASON).count() == 2
        assert AuditLogEntry.objects.filter(action="proposal.publish").count() == 2

        # 5. Back on the dashboard, nothing awaits moderation.
        page.goto(f"{live_server.url}/staff/")
        assert dashboard_count(page) == 0
        shoot(page, phone, screenshot, "06-dashboard-empty")
    finally:
        context.close()
        phone_context.close()
