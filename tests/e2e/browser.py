"""Steps the browser journeys share."""

import re

from tests.factories import PASSWORD


def log_in(page, base_url, email, language="ar", password=PASSWORD):
    """Log ``page`` in through the site's login form, in ``language``."""
    page.goto(f"{base_url}/{language}/accounts/login/")
    page.fill("#id_login", email)
    page.fill("#id_password", password)
    page.locator("main form button[type=submit]").click()
    page.wait_for_url(re.compile(r"/profile/$"))
