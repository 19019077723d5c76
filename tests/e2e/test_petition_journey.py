"""A petition's journey in Arabic, in real browsers: a newcomer signs up, declares their identity
and signs while a neighbour watches the counter move without reloading; the mandataire files;
an official records the bureau's admissibility and the council's decision, and the public page
shows each step."""

import re

import pytest
from django.core import mail

from petitions.models import Petition, Signature
from tests.e2e.browser import log_in
from tests.factories import PASSWORD, make_official, make_petition, make_signatory

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

NEWCOMER_PASSWORD = "Sale-2027-petition"


def test_sign_watch_file_examine_decide(browser, asgi_server, screenshot):
    mandataire = make_signatory()
    first_signatory = make_signatory()
    official = make_official()
    petition = make_petition(mandataire, title="إنارة زنقة المدرسة بحي السلام", threshold=2)
    # One signature already (set up directly: this thread runs Playwright's event loop, where
    # the live publisher's async_to_sync cannot run).
    identity = first_signatory.identity
    Signature.objects.create(
        petition=petition,
        user=first_signatory,
        cin_digest=identity.cin_digest,
        cin_encrypted=identity.cin_encrypted,
        full_name=identity.full_name,
        address=identity.address,
        declaration_version="test",
    )
    Petition.objects.filter(pk=petition.pk).update(signature_count=1)
    petition.refresh_from_db()
    assert petition.signature_count == 1
    url = f"{asgi_server}/ar/petitions/{petition.pk}/"
    contexts = [
        browser.new_context(locale="ar", viewport={"width": 1200, "height": 900}) for _ in range(4)
    ]
    try:
        newcomer, watcher, filer, officer = (context.new_page() for context in contexts)

        # A neighbour keeps the petition open: the counter says 1.
        watcher.goto(url)
        watcher.wait_for_selector(".thread[data-live=on]", timeout=10_000)
        assert (
            watcher.locator(".support-box__count [data-live-counter=signatures]").inner_text()
            == "1"
        )

        # 1. A newcomer signs up and confirms the email.
        email = "wafae@sale.example"
        newcomer.goto(f"{asgi_server}/ar/accounts/signup/")
        newcomer.fill("#id_email", email)
        newcomer.fill("#id_password1", NEWCOMER_PASSWORD)
        newcomer.fill("#id_password2", NEWCOMER_PASSWORD)
        newcomer.fill("#id_display_name", "وفاء")
        newcomer.select_option("#id_arrondissement", index=2)
        newcomer.check("#id_accept_privacy_notice")
        newcomer.locator("main form button[type=submit]").click()
        newcomer.wait_for_url(re.compile(r"/ar/accounts/confirm-email/$"))
        message = next(m for m in mail.outbox if m.to == [email])
        newcomer.goto(re.search(r"https?://\S+/confirm-email/\S+/", message.body).group(0))
        newcomer.locator("main form button[type=submit]").click()
        newcomer.wait_for_url(re.compile(r"/ar/profile/$"))

        # 2. On the petition, Sharik asks for the identity declaration first.
        newcomer.goto(url)
        screenshot(newcomer, "ar-petition-01-needs-identity")
        newcomer.locator("#sign a.button").click()
        newcomer.wait_for_url(re.compile(r"/ar/profile/identity/\?next="))
        newcomer.fill("#id_full_name", "وفاء العلوي")
        newcomer.fill("#id_cin", "AB12x")  # a typo: a clear message, nothing lost
        newcomer.check("#id_basis_0")
        newcomer.fill("#id_address", "زنقة 4، حي السلام، سلا")
        newcomer.select_option("#id_arrondissement", index=1)
        newcomer.check("#id_on_electoral_roll")
        newcomer.check("#id_accept_declaration")
        newcomer.locator("main form button[type=submit]").click()
        assert newcomer.locator(".error-summary").is_visible()
        assert newcomer.input_value("#id_full_name") == "وفاء العلوي"
        screenshot(newcomer, "ar-petition-02-identity-error")
        newcomer.fill("#id_cin", "AB 123456")
        newcomer.check("#id_accept_declaration")
        newcomer.locator("main form button[type=submit]").click()
        newcomer.wait_for_url(re.compile(rf"/ar/petitions/{petition.pk}/$"))
        assert "AB123456" not in newcomer.content()

        # 3. She signs, showing her name; the neighbour's counter moves to 2 without reload.
        newcomer.check("#id_accept")
        newcomer.check("#id_show_name")
        screenshot(newcomer, "ar-petition-03-sign")
        newcomer.locator("#sign button[type=submit]").click()
        newcomer.wait_for_url(re.compile(rf"/ar/petitions/{petition.pk}/#sign$"))
        assert "وفاء العلوي" in newcomer.locator(".signatories").inner_text()
        watcher.wait_for_function(
            "document.querySelector('.support-box__count [data-live-counter=signatures]')"
            ".textContent.trim() === '2'",
            timeout=10_000,
        )
        screenshot(watcher, "ar-petition-04-watcher-counter")
        assert Signature.objects.filter(petition=petition).count() == 2

        # 4. The mandataire, told the threshold is reached, files the petition.
        log_in(filer, asgi_server, mandataire.email)
        filer.goto(f"{asgi_server}/ar/notifications/")
        assert petition.title in filer.content()
        filer.goto(url)
        filer.locator("form[action$='/file/'] button").click()
        filer.wait_for_url(re.compile(rf"/ar/petitions/{petition.pk}/#timeline$"))
        petition.refresh_from_db()
        assert petition.status == "filed"
        assert petition.receipt_number in filer.locator(".messages").inner_text()
        screenshot(filer, "ar-petition-05-filed")

        # 5. An official records the bureau's decision, then the council's, in the admin.
        officer.goto(f"{asgi_server}/staff/login/")
        officer.fill("#id_username", official.email)
        officer.fill("#id_password", PASSWORD)
        officer.locator("form button[type=submit]").first.click()
        officer.wait_for_load_state("networkidle")
        review = f"{asgi_server}/staff/petitions/review/{petition.pk}/"
        officer.goto(review)
        screenshot(officer, "ar-petition-06-admin-filed")
        officer.check("input[name=admissible][value=yes]")
        officer.fill("#id_committee", "لجنة المرافق العمومية والخدمات")
        officer.fill("#id_session", "الدورة العادية لشهر فبراير 2027")
        officer.locator("input[name=action][value=admissibility] ~ button").click()
        officer.wait_for_url(review)
        petition.refresh_from_db()
        assert petition.status == "admissible"
        officer.select_option("#id_decision", "adopted")
        officer.fill("#id_deliberation_reference", "م-2027-012")
        officer.fill("#id_decision_text", "وافق المجلس على تركيب 24 عمود إنارة قبل يونيو 2027.")
        screenshot(officer, "ar-petition-07-admin-decision")
        officer.locator("input[name=action][value=decision] ~ button").click()
        officer.wait_for_url(review)
        petition.refresh_from_db()
        assert petition.status == "decided"

        # 6. The public page shows the whole timeline and the decision.
        watcher.goto(url)
        timeline = watcher.locator("#timeline").inner_text()
        for step in (petition.receipt_number, "لجنة المرافق العمومية والخدمات", "وافق المجلس"):
            assert step in timeline
        assert "م-2027-012" in watcher.content()
        screenshot(watcher, "ar-petition-08-decided")
        assert Petition.objects.get(pk=petition.pk).decision == "adopted"
    finally:
        for context in contexts:
            context.close()
