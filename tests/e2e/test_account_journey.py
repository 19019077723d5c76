"""A resident signs up, confirms the email, logs in and edits the profile, in a real browser, in
Arabic and in French. Screenshots land in test-artifacts/screenshots/."""

import re

import pytest
from django.core import mail

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

TEXT = {
    "ar": {"signup": "إنشاء حساب", "direction": "rtl", "saved": "تم حفظ"},
    "fr": {"signup": "Créer un compte", "direction": "ltr", "saved": "enregistré"},
}
PASSWORD = "Sale-2027-participation"


@pytest.mark.parametrize("language", ["ar", "fr"])
def test_sign_up_confirm_log_in_edit_profile(browser, demo_site, screenshot, language):
    text = TEXT[language]
    email = f"journey-{language}@sale.example"
    context = browser.new_context(locale=language, viewport={"width": 1280, "height": 900})
    page = context.new_page()
    try:
        page.goto(f"{demo_site.url}/{language}/")
        assert page.locator("html").get_attribute("dir") == text["direction"]
        assert page.locator("html").get_attribute("lang") == language
        screenshot(page, f"{language}-01-home")

        page.get_by_role("link", name=text["signup"]).first.click()
        page.fill("#id_email", email)
        page.fill("#id_password1", PASSWORD)
        page.fill("#id_password2", PASSWORD)
        page.fill("#id_display_name", "Salma" if language == "fr" else "سلمى")
        page.select_option("#id_arrondissement", index=2)
        # Forgetting the privacy notice: an error summary, nothing lost.
        page.locator("main form button[type=submit]").click()
        assert page.locator(".error-summary").is_visible()
        assert page.input_value("#id_email") == email
        screenshot(page, f"{language}-02-signup-error")

        page.fill("#id_password1", PASSWORD)
        page.fill("#id_password2", PASSWORD)
        page.check("#id_accept_privacy_notice")
        page.locator("main form button[type=submit]").click()
        page.wait_for_url(re.compile(rf"/{language}/accounts/confirm-email/$"))
        screenshot(page, f"{language}-03-check-your-email")

        # The confirmation email (sent through the task queue once the sign-up committed).
        message = next(m for m in mail.outbox if m.to == [email])
        link = re.search(r"https?://\S+/confirm-email/\S+/", message.body).group(0)
        page.goto(link)
        screenshot(page, f"{language}-04-confirm")
        page.locator("main form button[type=submit]").click()
        page.wait_for_url(re.compile(rf"/{language}/profile/$"))
        screenshot(page, f"{language}-05-profile")

        page.fill("#id_display_name", "Salma B." if language == "fr" else "سلمى ب.")
        page.locator("#profile-form button[type=submit]").click()
        assert text["saved"] in page.locator(".messages").inner_text()
        screenshot(page, f"{language}-06-profile-saved")

        # Log out, then log in again with the new account.
        page.locator("header .user-menu form button[type=submit]").click()
        page.goto(f"{demo_site.url}/{language}/accounts/login/")
        page.fill("#id_login", email)
        page.fill("#id_password", PASSWORD)
        screenshot(page, f"{language}-07-login")
        page.locator("main form button[type=submit]").click()
        page.wait_for_url(re.compile(rf"/{language}/profile/$"))
        assert "Salma B." in page.content() or "سلمى ب." in page.content()
    finally:
        context.close()
