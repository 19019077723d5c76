"""A forum meeting in Arabic, in a real browser, on the demo site: a resident finds the next forum
meeting from the home page, registers with a companion, is told so (message, notification,
email), and the event page shows two places fewer."""

import re

import pytest
from django.core import mail
from django.utils import timezone

from events.models import EventPage, Registration, RegistrationStatus
from participation.models import Notification
from tests.e2e.browser import log_in
from tests.factories import ResidentFactory

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


@pytest.mark.parametrize("width", [1200, 375])
def test_find_the_next_meeting_from_home_and_register(browser, asgi_server, screenshot, width):
    event = (
        EventPage.objects.live()
        .filter(locale__language_code="ar", starts_at__gte=timezone.now())
        .order_by("starts_at")
        .first()
    )
    resident = ResidentFactory()
    context = browser.new_context(locale="ar", viewport={"width": width, "height": 900})
    try:
        page = context.new_page()
        log_in(page, asgi_server, resident.email)

        # 1. From the home page, the next meetings: the forum meeting opens.
        page.goto(f"{asgi_server}/ar/")
        screenshot(page, f"ar-event-01-home-{width}")
        page.locator(".home-section--upcoming_events h3 a").first.click()
        page.wait_for_url(re.compile(re.escape(event.url) + "$"))
        before = _places_left(page)

        # 2. Register with a companion.
        page.select_option("#companions", "1")
        page.locator("#registration button[type=submit]").click()
        page.wait_for_selector("#registration .message--success")
        screenshot(page, f"ar-event-02-registered-{width}")

        # 3. Two places fewer (the resident and the companion), and the confirmation.
        assert _places_left(page) == before - 2
        assert page.locator(".messages .message--success").count() == 1
        registration = Registration.objects.get(event=event, user=resident)
        assert (registration.status, registration.companions) == (RegistrationStatus.REGISTERED, 1)
        assert Notification.objects.filter(recipient=resident).count() == 1
        assert [message.to for message in mail.outbox] == [[resident.email]]
    finally:
        context.close()


def _places_left(page):
    text = page.locator("#registration .support-box__count").inner_text()
    return int(re.search(r"\d+", text.translate(str.maketrans("٠١٢٣٤٥٦٧٨٩", "0123456789"))).group())
