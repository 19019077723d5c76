"""The account pages (allauth's, in the site's layout) when a limit is passed or a form is wrong:
every 429 they can give is the site's own "please wait" page (templates/429.html) in the page's
language, and the error summary names each field briefly and links to it."""

import re
from html import unescape

import pytest
from django.utils import translation
from django.utils.translation import gettext

from tests.factories import PASSWORD
from tests.participation.test_accounts import sign_up

pytestmark = pytest.mark.django_db

LANGUAGES = ["ar", "fr"]


def _log_in(client, user, language):
    return client.post(
        f"/{language}/accounts/login/", {"login": user.email, "password": "wrong password"}
    )


def _sign_up(client, user, language):
    return sign_up(client, language, email="bad address")


def _reset_password(client, user, language):
    return client.post(f"/{language}/accounts/password/reset/", {"email": user.email})


def _reset_password_from_key(client, user, language):
    return client.post(
        f"/{language}/accounts/password/reset/key/x-set-password/",
        {"password1": PASSWORD, "password2": PASSWORD},
    )


def _resend_confirmation(client, user, language):
    client.force_login(user)
    return client.post(f"/{language}/accounts/email/", {"action_send": "", "email": user.email})


def _change_password(client, user, language):
    client.force_login(user)
    return client.post(
        f"/{language}/accounts/password/change/",
        {"oldpassword": "wrong", "password1": PASSWORD, "password2": PASSWORD},
    )


# allauth's limit (ACCOUNT_RATE_LIMITS), lowered to one request, and the request that uses it.
LIMITED = {
    "log-in": ({"login": "1/m/ip"}, _log_in),
    "sign-up": ({"signup": "1/m/ip"}, _sign_up),
    "password reset": ({"reset_password": "1/m/key"}, _reset_password),
    "new password from the emailed link": (
        {"reset_password_from_key": "1/m/ip"},
        _reset_password_from_key,
    ),
    "email confirmation sent again": ({"manage_email": "1/m/user"}, _resend_confirmation),
    "password change": ({"change_password": "1/m/user"}, _change_password),
}


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("action", list(LIMITED))
def test_every_account_429_is_the_sites_page_in_the_pages_language(
    client, settings, unverified_resident, language, action
):
    limits, request = LIMITED[action]
    settings.ACCOUNT_RATE_LIMITS = limits
    first = request(client, unverified_resident, language)
    assert first.status_code != 429
    refused = request(client, unverified_resident, language)

    assert refused.status_code == 429
    content = refused.content.decode()
    assert f'<html lang="{language}"' in content
    # The site's layout: its header with the language switcher, its footer.
    assert 'class="site-header' in content and 'class="language-switcher"' in content
    assert 'class="site-footer"' in content
    assert "Too Many Requests" not in content  # allauth's bare page
    with translation.override(language):
        title = gettext("Please wait a moment")
        advice = gettext("You are going a little fast. Please wait a minute before trying again.")
        back = gettext("Go back")
    assert f"<h1>{title}</h1>" in unescape(content)
    assert advice in unescape(content)
    # "Go back" leads to the account page's form again (its address answers a GET).
    path = refused.wsgi_request.path
    assert path.startswith(f"/{language}/accounts/")
    assert re.search(rf'<a href="{re.escape(path)}"[^>]*>{re.escape(back)}</a>', content)
    assert client.get(path).status_code in {200, 302}


def test_the_sites_own_limits_use_the_same_page_with_a_way_back(
    client, resident, discussion, settings
):
    """participation/ratelimits.py renders the same 429.html; "Go back" is the page the reader
    came from when it is one of this site's, else the home page of their language."""
    settings.SHARIK_RATE_LIMITS = {**settings.SHARIK_RATE_LIMITS, "follow": "1/m/user"}
    client.force_login(resident)
    follow = f"/fr/threads/{discussion.thread_key}/follow/"
    came_from = f"http://testserver{discussion.url}"
    assert client.post(follow, {"action": "follow"}, HTTP_REFERER=came_from).status_code == 302
    refused = client.post(follow, {"action": "follow"}, HTTP_REFERER=came_from)
    assert refused.status_code == 429
    content = refused.content.decode()
    assert '<html lang="fr"' in content and 'class="language-switcher"' in content
    assert f'href="{came_from}"' in content
    elsewhere = client.post(follow, {"action": "follow"}, HTTP_REFERER="https://elsewhere.example/")
    assert elsewhere.status_code == 429
    assert "elsewhere.example" not in elsewhere.content.decode()
    assert 'class="button button--secondary">' in elsewhere.content.decode()
    assert re.search(r'<a href="/fr/" class="button', elsewhere.content.decode())


# --- The error summary ------------------------------------------------------------------------

SUMMARY = re.compile(r'<div class="error-summary".*?</div>', re.S)
# "<name>: <message>", the colon as each language writes it (French puts a space before it).
ENTRY = re.compile(r'<li><a href="#(id_[a-z0-9_]+)">(.*?)[\s\u00a0\u202f]*:\s*(.*?)</a></li>', re.S)


def summary_of(response):
    """The error summary's entries: {field id: (the name given, the message)}."""
    assert response.status_code == 200
    summary = SUMMARY.search(response.content.decode())
    assert summary, "no error summary"
    return {
        field: (unescape(name), unescape(message))
        for field, name, message in ENTRY.findall(summary.group(0))
    }


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_sign_up_summary_names_fields_briefly_and_keeps_what_was_typed(client, language):
    response = sign_up(
        client,
        language,
        email="nadia@sale",
        password2="another-password-2026",
        display_name="نادية",
        accept_privacy_notice="",
    )
    entries = summary_of(response)
    form = response.context["form"]
    with translation.override(language):
        names = {
            "id_email": str(form["email"].label),
            "id_password2": gettext("Password (again)"),
            # The consent checkbox's label is a sentence: the summary gives its short name.
            "id_accept_privacy_notice": gettext("Privacy notice"),
        }
        consent = str(form["accept_privacy_notice"].label)
    assert set(entries) == set(names)
    for field, name in names.items():
        assert entries[field][0] == name, field
        assert len(name) < 40  # a name, not a sentence
    assert len(consent) > 40
    assert consent not in SUMMARY.search(response.content.decode()).group(0)
    # Every link leads to a field of the page.
    content = response.content.decode()
    for field in entries:
        assert f'id="{field}"' in content
    # What was typed is kept, passwords excepted.
    assert 'value="nadia@sale"' in content
    assert 'value="نادية"' in content
    assert PASSWORD not in content and "another-password-2026" not in content


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_password_change_summary_names_fields_briefly(client, resident, language):
    client.force_login(resident)
    response = client.post(
        f"/{language}/accounts/password/change/",
        {"oldpassword": "", "password1": "a-new-password-2026", "password2": "another-one-2026"},
    )
    entries = summary_of(response)
    with translation.override(language):
        assert entries["id_oldpassword"][0] == gettext("Current Password")
        assert entries["id_password2"][0] == gettext("New Password (again)")
    assert "a-new-password-2026" not in response.content.decode()


def test_the_log_in_summary_keeps_the_email_not_the_password(client, resident):
    response = client.post(
        "/fr/accounts/login/", {"login": resident.email, "password": "not-the-password"}
    )
    content = response.content.decode()
    assert response.status_code == 200 and 'class="error-summary"' in content
    assert f'value="{resident.email}"' in content
    assert "not-the-password" not in content
