"""A resident's rights over their data (law 09-08), in Arabic, on a phone's width: they download
a copy of their data, then delete their account with their password and are logged out.
Screenshots land in test-artifacts/screenshots/."""

import re
import zipfile

import pytest
from django.contrib.auth import get_user_model

from tests.e2e.browser import log_in
from tests.factories import PASSWORD, declare_identity
from tests.participation.factories import ResidentFactory

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

CIN = "SL123456"


def test_download_my_data_then_delete_my_account_in_arabic(browser, live_server, screenshot):
    resident = ResidentFactory(
        email="rights-journey@sale.example", display_name="سلمى", preferred_language="ar"
    )
    declare_identity(resident, cin=CIN)
    context = browser.new_context(
        locale="ar", viewport={"width": 375, "height": 812}, accept_downloads=True
    )
    page = context.new_page()
    try:
        log_in(page, live_server.url, resident.email, "ar")
        assert page.locator("html").get_attribute("dir") == "rtl"

        # "Download my data": the copy is built at once in the embedded setup.
        page.locator("#my-data form button[type=submit]").click()
        page.wait_for_url(re.compile(r"/ar/profile/$"))
        download_link = page.locator("#my-data a[download]")
        download_link.wait_for()
        screenshot(page, "ar-375-my-data-ready")
        with page.expect_download() as started:
            download_link.click()
        archive = started.value.path()
        with zipfile.ZipFile(archive) as copy:
            assert set(copy.namelist()) == {"sharik-data.json", "sharik-data.html"}
            document = copy.read("sharik-data.json").decode()
        assert resident.email in document and CIN in document

        # "Delete my account": what goes, what stays and why, then the password.
        page.locator('a[href="/ar/profile/delete/"]').click()
        page.wait_for_url(re.compile(r"/ar/profile/delete/$"))
        assert page.locator("#erased-title").is_visible()
        assert page.locator("#retained-title").is_visible()
        page.fill("#id_password", "not-my-password")
        page.locator("#delete-account-form button[type=submit]").click()
        assert page.locator(".form-field__error, .error-summary").first.is_visible()
        assert get_user_model().objects.filter(pk=resident.pk).exists()
        page.fill("#id_password", PASSWORD)
        screenshot(page, "ar-375-delete-my-account")
        page.locator("#delete-account-form button[type=submit]").click()
        page.wait_for_url(re.compile(r"/ar/profile/delete/done/$"))
        screenshot(page, "ar-375-account-deleted")
        assert not get_user_model().objects.filter(pk=resident.pk).exists()

        # Logged out: the menu offers to log in, and the profile asks for it.
        assert page.locator('header a[href="/ar/accounts/login/"]').count() >= 1
        page.goto(f"{live_server.url}/ar/profile/")
        assert "/ar/accounts/login/" in page.url
    finally:
        context.close()
