"""Accounts: sign-up → confirmation email → log-in → profile, and who may enter the staff admin."""

import re

import pytest
from allauth.account.models import EmailAddress
from django.core import mail
from django.urls import reverse
from django.utils import translation

from participation.models import Arrondissement, User
from tests.factories import PASSWORD, ResidentFactory, make_editor, make_moderator

CONFIRM_LINK = re.compile(r"https?://[^/\s]+(/[a-z]{2}/accounts/confirm-email/[^\s]+/)")


def make_administrator():
    """A superuser, as the installation's administrator."""
    return ResidentFactory(display_name="مدير المنصة", is_staff=True, is_superuser=True)


# Each staff role: the function making a member of it.
STAFF_ROLES = {
    "editor": make_editor,
    "moderator": make_moderator,
    "administrator": make_administrator,
}


def sign_up(client, language="ar", **overrides):
    arrondissement = Arrondissement.objects.canonical().get(slug="bettana")
    data = {
        "email": "nadia@sale.example",
        "password1": PASSWORD,
        "password2": PASSWORD,
        "display_name": "  نادية   ب. ",
        "arrondissement": arrondissement.pk,
        "preferred_language": language,
        "accept_privacy_notice": "on",
        **overrides,
    }
    with translation.override(language):
        url = reverse("account_signup")
    return client.post(url, data)


@pytest.mark.django_db
def test_sign_up_confirm_log_in_and_edit_profile(client, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        response = sign_up(client, "ar")
    assert response.status_code == 302
    assert response["Location"] == "/ar/accounts/confirm-email/"

    user = User.objects.get(email="nadia@sale.example")
    assert user.display_name == "نادية ب."  # white space normalised
    assert user.arrondissement.slug == "bettana"
    assert user.privacy_notice_version and user.privacy_notice_accepted_at
    assert not EmailAddress.objects.get(user=user).verified

    # The confirmation email went out through the task queue, in Arabic.
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["nadia@sale.example"]
    assert message.subject.startswith("[شارك]")
    confirm_path = CONFIRM_LINK.search(message.body).group(1)

    # Not confirmed yet: logging in is refused and sends the resident to confirm.
    client.logout()
    response = client.post(
        "/ar/accounts/login/", {"login": "nadia@sale.example", "password": PASSWORD}
    )
    assert response.status_code == 302
    assert response["Location"] == "/ar/accounts/confirm-email/"
    assert "_auth_user_id" not in client.session

    # Confirming (a POST from the confirmation page) logs in.
    assert client.get(confirm_path).status_code == 200
    response = client.post(confirm_path)
    assert response.status_code == 302
    assert EmailAddress.objects.get(user=user).verified
    assert int(client.session["_auth_user_id"]) == user.pk

    # The profile: change the display name and the language; the site follows the language.
    response = client.post(
        "/ar/profile/",
        {"display_name": "Nadia", "arrondissement": "", "preferred_language": "fr"},
    )
    assert response.status_code == 302
    assert response["Location"] == "/fr/profile/"
    user.refresh_from_db()
    assert (user.display_name, user.arrondissement, user.preferred_language) == (
        "Nadia",
        None,
        "fr",
    )


@pytest.mark.django_db
def test_log_in_lands_in_the_preferred_language(client):
    resident = ResidentFactory(preferred_language="fr")
    response = client.post("/ar/accounts/login/", {"login": resident.email, "password": PASSWORD})
    assert response.status_code == 302
    assert response["Location"] == "/fr/profile/"


@pytest.mark.django_db
def test_log_in_is_case_insensitive_on_email(client):
    resident = ResidentFactory(email="salma@sale.example")
    response = client.post(
        "/fr/accounts/login/", {"login": "Salma@Sale.Example", "password": PASSWORD}
    )
    assert response.status_code == 302
    assert int(client.session["_auth_user_id"]) == resident.pk


@pytest.mark.django_db
def test_sign_up_errors_are_translated_and_keep_what_was_typed(client):
    response = sign_up(client, "fr", accept_privacy_notice="", password2="different-password-1")
    assert response.status_code == 200
    content = response.content.decode()
    assert 'class="error-summary"' in content
    assert "Vous devez accepter" in content or "accepter la politique" in content
    assert 'value="nadia@sale.example"' in content
    assert "نادية" in content
    assert not User.objects.filter(email="nadia@sale.example").exists()


@pytest.mark.django_db
def test_same_email_cannot_sign_up_twice_in_any_case(client, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        sign_up(client, "ar")
    client.logout()
    response = sign_up(client, "ar", email="NADIA@sale.example")
    assert User.objects.filter(email__iexact="nadia@sale.example").count() == 1
    # allauth answers as for a new account (no account enumeration) but creates nothing.
    assert response.status_code in {200, 302}


@pytest.mark.django_db
def test_profile_needs_log_in(client):
    response = client.get("/ar/profile/")
    assert response.status_code == 302
    assert response["Location"].startswith("/ar/accounts/login/")


@pytest.mark.django_db
def test_profile_rejects_an_empty_display_name_and_keeps_input(client, resident):
    client.force_login(resident)
    response = client.post(
        "/fr/profile/", {"display_name": "   ", "arrondissement": "", "preferred_language": "en"}
    )
    assert response.status_code == 200
    content = response.content.decode()
    assert 'class="error-summary"' in content
    assert '<option value="en" selected>' in content
    resident.refresh_from_db()
    assert resident.preferred_language == "ar"


@pytest.mark.django_db
def test_profile_lists_arrondissements_in_the_active_language(client, resident):
    client.force_login(resident)
    arabic = client.get("/ar/profile/").content.decode()
    french = client.get("/fr/profile/").content.decode()
    assert "بطانة" in arabic and "Bettana" not in arabic
    assert "Bettana" in french and "بطانة" not in french


@pytest.mark.django_db
def test_password_reset_sends_a_link(client, resident, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/fr/accounts/password/reset/", {"email": resident.email})
    assert response.status_code == 302
    assert len(mail.outbox) == 1
    assert "/fr/accounts/password/reset/key/" in mail.outbox[0].body


@pytest.mark.django_db
def test_failed_log_ins_are_rate_limited(client, resident):
    for _ in range(5):
        client.post("/fr/accounts/login/", {"login": resident.email, "password": "wrong"})
    # Past allauth's limit (5 failures per account in 5 minutes) even the right password waits.
    response = client.post("/fr/accounts/login/", {"login": resident.email, "password": PASSWORD})
    assert response.status_code == 200
    assert "_auth_user_id" not in client.session
    assert "Trop de tentatives" in response.content.decode()


# --- The staff admin -------------------------------------------------------------------------


@pytest.mark.django_db
def test_a_resident_cannot_reach_the_admin(client, resident):
    client.force_login(resident)
    response = client.get("/staff/")
    assert response.status_code in {302, 403}
    if response.status_code == 302:
        assert "/staff/login/" in response["Location"]


@pytest.mark.django_db
def test_a_visitor_is_sent_to_log_in_from_the_admin(client):
    response = client.get("/staff/")
    assert response.status_code == 302
    assert "/staff/login/" in response["Location"]


@pytest.mark.django_db
@pytest.mark.parametrize("role", list(STAFF_ROLES))
def test_staff_reach_the_admin(client, role):
    client.force_login(STAFF_ROLES[role]())
    assert client.get("/staff/").status_code == 200


@pytest.mark.django_db
def test_editor_can_publish_a_page(client):
    from cms.models import HomePage

    client.force_login(make_editor())
    home = HomePage.objects.get(locale__language_code="ar")
    response = client.post(
        f"/staff/pages/add/cms/standardpage/{home.pk}/",
        {
            "title": "أخبار الجماعة",
            "slug": "news",
            "introduction": "",
            "body-count": "0",
            "action-publish": "publish",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    assert client.get("/ar/news/").status_code == 200


@pytest.mark.django_db
def test_admin_is_not_at_the_default_path(client):
    assert client.get("/admin/", follow=True).status_code == 404


@pytest.mark.django_db
@pytest.mark.parametrize("language", ["ar", "fr", "en"])
@pytest.mark.parametrize("url_name", ["account_email", "account_change_password"])
def test_account_management_pages_use_the_site_layout(client, resident, language, url_name):
    client.force_login(resident)
    with translation.override(language):
        url = reverse(url_name)
    response = client.get(url)
    assert response.status_code == 200
    assert f'<html lang="{language}"' in response.content.decode()
    assert b'class="site-footer"' in response.content


@pytest.mark.django_db
def test_staff_edit_an_arrondissement_name(client):
    client.force_login(make_administrator())
    bettana_fr = Arrondissement.objects.get(slug="bettana", locale__language_code="fr")
    listing = client.get("/staff/snippets/participation/arrondissement/")
    assert listing.status_code == 200
    response = client.post(
        f"/staff/snippets/participation/arrondissement/edit/{bettana_fr.pk}/",
        {"name": "Bettana (Salé)", "slug": "bettana", "sort_order": "1"},
    )
    assert response.status_code == 302
    bettana_fr.refresh_from_db()
    assert bettana_fr.name == "Bettana (Salé)"


@pytest.mark.django_db
def test_a_resident_cannot_edit_arrondissements(client, resident):
    client.force_login(resident)
    bettana = Arrondissement.objects.canonical().get(slug="bettana")
    response = client.post(
        f"/staff/snippets/participation/arrondissement/edit/{bettana.pk}/",
        {"name": "X", "slug": "bettana", "sort_order": "1"},
    )
    assert response.status_code in {302, 403}
    bettana.refresh_from_db()
    assert bettana.name == "بطانة"


@pytest.mark.django_db
@pytest.mark.parametrize("control", ["\u202e", "\u202b", "\u2067", "\u2069"])
def test_a_display_name_with_direction_controls_is_refused_and_kept(client, resident, control):
    """An override or isolate in a name would turn the text after it around on other residents'
    pages: refused with a clear message, the rest of the form kept."""
    client.force_login(resident)
    name = f"Nadia{control} 2026"
    with translation.override("en"):
        response = client.post(
            "/en/profile/", {"display_name": name, "arrondissement": "", "preferred_language": "fr"}
        )
    content = response.content.decode()
    assert response.status_code == 200
    assert "invisible characters that change the direction" in content
    assert '<option value="fr" selected>' in content
    resident.refresh_from_db()
    assert resident.display_name != name


@pytest.mark.django_db
def test_sign_up_refuses_a_display_name_with_an_override(client):
    response = sign_up(client, "en", display_name="\u202eadmin")
    assert response.status_code == 200
    assert not User.objects.filter(email="nadia@sale.example").exists()


@pytest.mark.django_db
def test_the_account_pages_speak_like_the_rest_of_the_site(client):
    """Our words over the libraries' (participation/account_words.py): one term for the password,
    residents addressed in the plural, signing up called creating an account."""
    signup = client.get("/ar/accounts/signup/").content.decode()
    assert "كلمة المرور" in signup and "رمز المرور" not in signup
    assert "إنشاء حساب" in signup and "الاشتراك" not in signup
    assert "كلمة المرور الخاصة بك" not in signup  # the validators' rules, in the plural address
    login = client.get("/ar/accounts/login/").content.decode()
    assert "نسيتم كلمة المرور؟" in login and "أنشِئوا حسابًا" in login
    assert "Mot de passe oublié ?" in client.get("/fr/accounts/login/").content.decode()
