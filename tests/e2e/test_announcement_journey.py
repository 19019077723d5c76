"""An announcement's journey in real browsers: a member of staff writes it in Arabic and French
(a mistake first: told, nothing lost), reads the preview with the number of recipients, sends
it; a French-speaking resident opens the link of the email, without logging in, and stops the
announcements; the page in Arabic too, each checked by axe."""

import re

import pytest
from django.core import mail
from django.utils import timezone

from announcements.apps import CONSENT_PURPOSE
from participation import consents
from participation.models import Consent
from tests.announcements.factories import AnnouncementSenderFactory, OptedInResidentFactory
from tests.e2e.browser import AXE, axe_violations, describe_violations, log_in_as

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def accessible(page, where):
    """No serious or critical axe-core violation (when axe-core is installed: dev.py test
    installs it with npm; tests/e2e/test_accessibility.py says so when it is missing)."""
    if AXE.exists():
        violations = axe_violations(page)
        assert not violations, describe_violations(violations, where)


def test_write_preview_send_then_stop_without_logging_in(browser, asgi_server, screenshot):
    sender = AnnouncementSenderFactory()
    french = OptedInResidentFactory(preferred_language="fr")
    arabic = OptedInResidentFactory(preferred_language="ar")
    # The demo's residents who agreed stop them first: the journey counts its own two.
    Consent.objects.filter(purpose=CONSENT_PURPOSE).exclude(user__in=[french, arabic]).update(
        withdrawn_at=timezone.now()
    )
    # bypass_csp: the site's policy rightly refuses the script axe-core is injected as.
    contexts = [
        browser.new_context(locale=locale, viewport={"width": 1200, "height": 900}, bypass_csp=True)
        for locale in ("ar", "fr", "ar")
    ]
    try:
        staff, resident_fr, resident_ar = (context.new_page() for context in contexts)

        # 1. Staff write it, forgetting the French text: told, the Arabic kept.
        log_in_as(contexts[0], asgi_server, sender)
        staff.goto(f"{asgi_server}/staff/announcements/new/")
        staff.fill("#id_subject_ar", "انقطاع الماء يوم الثلاثاء")
        staff.fill("#id_body_ar", "ينقطع الماء في حي بطانة من التاسعة إلى الثانية عشرة.")
        staff.fill("#id_subject_fr", "Coupure d'eau mardi")
        staff.locator("main form button[type=submit]").click()
        staff.wait_for_selector("#error-summary")  # the same address, answered again
        assert staff.input_value("#id_subject_ar") == "انقطاع الماء يوم الثلاثاء"
        staff.fill("#id_body_fr", "L'eau sera coupée à Bettana de 9 h à midi.")
        staff.locator("main form button[type=submit]").click()
        staff.wait_for_url(re.compile(r"/staff/announcements/\d+/$"))
        assert staff.locator("#audience-size").inner_text() == "مواطنان"  # two: the dual
        screenshot(staff, "ar-announcement-01-preview")

        # 2. Sent once, after confirming.
        staff.locator("main a[href$='/send/']").click()
        staff.check("#id_confirm")
        staff.locator("main form button[type=submit]").click()
        staff.wait_for_url(re.compile(r"/progress/$"))
        screenshot(staff, "ar-announcement-02-progress")
        assert sorted(m.to[0] for m in mail.outbox) == sorted([french.email, arabic.email])

        # 3. The French resident opens the email's link, without logging in, and stops them.
        email = next(m for m in mail.outbox if m.to == [french.email])
        link = re.search(r"http://\S+/unsubscribe/\S+/", email.body)[0]
        path = link.split("/", 3)[3]
        resident_fr.goto(f"{asgi_server}/{path}")
        assert consents.has_consented(french, CONSENT_PURPOSE)  # opening changes nothing
        accessible(resident_fr, "unsubscribe fr")
        screenshot(resident_fr, "fr-announcement-03-unsubscribe")
        resident_fr.locator("main form button[type=submit]").click()
        resident_fr.wait_for_load_state()
        assert not consents.has_consented(french, CONSENT_PURPOSE)
        screenshot(resident_fr, "fr-announcement-04-unsubscribed")

        # 4. The same page in Arabic, right to left.
        email = next(m for m in mail.outbox if m.to == [arabic.email])
        link = re.search(r"http://\S+/unsubscribe/\S+/", email.body)[0]
        resident_ar.goto(f"{asgi_server}/{link.split('/', 3)[3]}")
        assert resident_ar.locator("html").get_attribute("dir") == "rtl"
        accessible(resident_ar, "unsubscribe ar")
        screenshot(resident_ar, "ar-announcement-05-unsubscribe")
    finally:
        for context in contexts:
            context.close()
