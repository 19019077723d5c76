"""One-time log-in codes (participation/login_codes.py) and the code page next to the log-in page
(participation/login_code_views.py): the code's shape and strength, only a keyed hash kept, once
only (also under twenty threads on PostgreSQL), expiry on a frozen clock, a new code voiding the
old, staff never, and the page: what it says, where it leads, its rate limit and CSRF."""

import datetime
import hashlib
import re
import threading

import pytest
import time_machine
from django.db import connection
from django.test import Client
from django.urls import reverse
from django.utils import translation

from participation import login_codes
from participation.models import LoginCode, User
from participation.services import ParticipationError
from tests.participation.factories import ModeratorFactory, ResidentFactory

pytestmark = pytest.mark.django_db

SYMBOL = "[23456789ABCDEFGHJKMNPQRSTUVWXYZ]"
CODE_FORMAT = re.compile(rf"^{SYMBOL}{{4}}(-{SYMBOL}{{4}}){{2}}$")
T0 = datetime.datetime(2026, 3, 2, 10, 0, tzinfo=datetime.UTC)  # in the past


def resident_without_email(**fields):
    """As a counter agent opens one (counters/services.py create_resident): no email, no
    password."""
    resident = User(**{"display_name": "فاطمة", "preferred_language": "fr", **fields})
    resident.set_unusable_password()
    resident.save()
    return resident


def code_url(language="ar"):
    with translation.override(language):
        return reverse("login_code")


def profile_url(language):
    with translation.override(language):
        return reverse("profile")


# --- The codes --------------------------------------------------------------------------------


def test_a_code_is_easy_to_type_and_hard_to_guess():
    resident = resident_without_email()
    codes = {login_codes.issue_code(resident, created_by=None) for _ in range(40)}
    assert len(codes) == 40
    for code in codes:
        assert CODE_FORMAT.match(code), code
        assert not set(code) & set("0O1IL")
    assert len(set(login_codes.ALPHABET)) == len(login_codes.ALPHABET) == 31
    assert len(login_codes.ALPHABET) ** login_codes.LENGTH >= 2**55


def test_only_a_keyed_hash_of_the_code_is_stored(settings):
    resident = resident_without_email()
    code = login_codes.issue_code(resident, created_by=None)
    plain = code.replace("-", "")
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT * FROM {LoginCode._meta.db_table}")  # noqa: S608 (a table name)
        rows = cursor.fetchall()
    assert len(rows) == 1
    stored = " ".join(str(value) for value in rows[0])
    for form in (code, plain, plain.lower(), hashlib.sha256(plain.encode()).hexdigest()):
        assert form not in stored
    row = LoginCode.objects.get()
    assert row.digest == login_codes.digest(plain)
    assert code not in str(row) and code not in repr(row)
    # Keyed: another secret key, another digest.
    settings.SECRET_KEY = "another-secret-key-for-the-test"
    assert login_codes.digest(plain) != row.digest


def test_a_code_logs_in_once():
    resident = resident_without_email()
    code = login_codes.issue_code(resident, created_by=None)
    assert login_codes.redeem(code) == resident
    assert LoginCode.objects.get().used_at is not None
    assert login_codes.redeem(code) is None


def test_case_spaces_dashes_and_arabic_digits_do_not_matter():
    resident = resident_without_email()
    code = login_codes.issue_code(resident, created_by=None)
    arabic_digits = str.maketrans("23456789", "٢٣٤٥٦٧٨٩")
    typed = " " + code.lower().replace("-", " \N{EN DASH} ").translate(arabic_digits) + " "
    assert login_codes.redeem(typed) == resident


@pytest.mark.parametrize("typed", ["", "ABCD", "ABCD-EFGH-JKMN-PQRS", "ABCD-EFGH-JKM0", "كود"])
def test_what_is_not_a_code_logs_no_one_in(typed):
    login_codes.issue_code(resident_without_email(), created_by=None)
    assert login_codes.redeem(typed) is None


def test_a_code_expires_after_the_settings_days(settings):
    settings.SHARIK_LOGIN_CODE_DAYS = 7
    resident = resident_without_email()
    with time_machine.travel(T0, tick=False):
        code = login_codes.issue_code(resident, created_by=None)
        assert LoginCode.objects.get().expires_at == T0 + datetime.timedelta(days=7)
    with time_machine.travel(T0 + datetime.timedelta(days=7), tick=False):
        assert login_codes.redeem(code) is None
    assert LoginCode.objects.get().used_at is None
    with time_machine.travel(T0, tick=False):
        code = login_codes.issue_code(resident, created_by=None)
    with time_machine.travel(T0 + datetime.timedelta(days=7, seconds=-1), tick=False):
        assert login_codes.redeem(code) == resident


def test_a_new_code_voids_the_earlier_unused_one():
    resident = resident_without_email()
    first = login_codes.issue_code(resident, created_by=None)
    second = login_codes.issue_code(resident, created_by=None)
    assert login_codes.redeem(first) is None
    assert login_codes.redeem(second) == resident
    # Another resident's codes are left alone.
    other = resident_without_email()
    theirs = login_codes.issue_code(other, created_by=None)
    login_codes.issue_code(resident, created_by=None)
    assert login_codes.redeem(theirs) == other


def test_staff_never_log_in_by_code():
    with pytest.raises(ParticipationError):
        login_codes.issue_code(ModeratorFactory(), created_by=None)
    with pytest.raises(ParticipationError):
        login_codes.issue_code(resident_without_email(is_staff=True), created_by=None)
    assert not LoginCode.objects.exists()
    # A code printed before the resident joined the staff, or was switched off, no longer works.
    promoted, deactivated = resident_without_email(), resident_without_email()
    codes = [login_codes.issue_code(user, created_by=None) for user in (promoted, deactivated)]
    User.objects.filter(pk=promoted.pk).update(is_staff=True)
    User.objects.filter(pk=deactivated.pk).update(is_active=False)
    assert [login_codes.redeem(code) for code in codes] == [None, None]


def test_a_code_outlives_a_rotated_secret_key(settings):
    resident = resident_without_email()
    code = login_codes.issue_code(resident, created_by=None)
    settings.SECRET_KEY_FALLBACKS = [settings.SECRET_KEY]
    settings.SECRET_KEY = "the-new-secret-key-after-rotation"
    assert login_codes.redeem(code) == resident


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
@pytest.mark.usefixtures("transactional_db")  # the site skeleton, built again after a flush
def test_twenty_threads_redeeming_one_code_log_in_once():
    resident = resident_without_email()
    code = login_codes.issue_code(resident, created_by=None)
    barrier = threading.Barrier(20)
    results, errors = [], []

    def redeem():
        try:
            barrier.wait(timeout=30)
            results.append(login_codes.redeem(code))
        except Exception as error:  # pragma: no cover - reported below
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=redeem) for _ in range(20)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert len(results) == 20
    assert [user.pk for user in results if user is not None] == [resident.pk]
    assert LoginCode.objects.get().used_at is not None


# --- The code page ----------------------------------------------------------------------------


@pytest.mark.parametrize("language", ["ar", "fr"])
def test_the_log_in_page_leads_to_the_code_page(client, language):
    with translation.override(language):
        login = reverse("account_login")
    html = client.get(login).content.decode()
    assert f'href="{code_url(language)}"' in html
    html = client.get(login, {"next": "/ar/petitions/"}).content.decode()
    assert f'href="{code_url(language)}?next=/ar/petitions/"' in html


def test_the_code_page_has_one_field_and_a_token(client):
    response = client.get(code_url("fr"))
    assert response.status_code == 200
    html = response.content.decode()
    assert 'name="code"' in html and 'autocomplete="one-time-code"' in html
    assert 'name="csrfmiddlewaretoken"' in html
    assert "no-store" in response["Cache-Control"]


@pytest.mark.usefixtures("english")
def test_a_code_that_does_not_work_shows_again_with_one_message(client):
    resident = resident_without_email()
    with time_machine.travel(T0, tick=False):
        expired = login_codes.issue_code(resident, created_by=None)
    used = login_codes.issue_code(resident, created_by=None)
    assert login_codes.redeem(used) == resident
    messages = set()
    for typed in ("abcd efgh jkmn", used, expired, "not a code"):
        response = client.post(code_url("en"), {"code": typed})
        assert response.status_code == 200
        html = response.content.decode()
        assert f'value="{typed}"' in html
        assert "_auth_user_id" not in client.session
        found = re.search(r'class="form-field__error"[^>]*>([^<]+)<', html)
        messages.add(found.group(1))
    # Unknown, used, expired: the same words, which do not say which.
    assert len(messages) == 1
    (message,) = messages
    assert "does not open an account" in message
    for word in ("expired", "used", "unknown"):
        assert word not in message.lower()


def test_a_right_code_logs_in_and_leads_to_the_profile_in_the_resident_s_language(client):
    resident = resident_without_email()  # prefers French
    code = login_codes.issue_code(resident, created_by=None)
    response = client.post(code_url("ar"), {"code": code})
    assert response.status_code == 302
    assert response["Location"] == profile_url("fr")
    assert client.session["_auth_user_id"] == str(resident.pk)
    assert client.get(response["Location"]).status_code == 200
    # Once.
    client.logout()
    assert client.post(code_url("ar"), {"code": code}).status_code == 200
    assert "_auth_user_id" not in client.session


def test_a_resident_with_an_email_logs_in_by_code_too(client):
    resident = ResidentFactory(preferred_language="ar")
    code = login_codes.issue_code(resident, created_by=None)
    response = client.post(code_url("ar"), {"code": code.lower()})
    assert response["Location"] == profile_url("ar")
    assert client.session["_auth_user_id"] == str(resident.pk)


def test_next_leads_on_if_it_is_on_this_site(client):
    resident = resident_without_email(preferred_language="ar")
    code = login_codes.issue_code(resident, created_by=None)
    response = client.post(f"{code_url()}?next=/ar/petitions/", {"code": code})
    assert response["Location"] == "/ar/petitions/"
    for unsafe in ("https://evil.example/", "//evil.example/ar/", "javascript:alert(1)"):
        client.logout()
        code = login_codes.issue_code(resident, created_by=None)
        response = client.post(code_url(), {"code": code, "next": unsafe})
        assert response.status_code == 302
        assert response["Location"] == profile_url("ar"), unsafe


def test_a_logged_in_resident_is_sent_on(client):
    client.force_login(resident_without_email(preferred_language="ar"))
    response = client.get(code_url(), {"next": "/ar/petitions/"})
    assert response["Location"] == "/ar/petitions/"


def test_typing_codes_is_rate_limited_per_address(client, settings):
    assert "/ip" in settings.SHARIK_RATE_LIMITS["login_code"]
    settings.SHARIK_RATE_LIMITS = {**settings.SHARIK_RATE_LIMITS, "login_code": "3/m/ip"}
    resident = resident_without_email()
    code = login_codes.issue_code(resident, created_by=None)
    codes = [client.post(code_url(), {"code": "ABCD-EFGH-JKMN"}).status_code for _ in range(3)]
    assert codes == [200, 200, 200]
    # Even the right code waits: guessing is not helped by the limit's end.
    response = client.post(code_url(), {"code": code})
    assert response.status_code == 429
    assert "_auth_user_id" not in client.session
    assert LoginCode.objects.get().used_at is None
    # Another address is not held back.
    other = Client(REMOTE_ADDR="192.0.2.44")
    assert other.post(code_url(), {"code": code}).status_code == 302


def test_the_code_page_needs_its_csrf_token():
    resident = resident_without_email()
    code = login_codes.issue_code(resident, created_by=None)
    client = Client(enforce_csrf_checks=True)
    assert client.post(code_url(), {"code": code}).status_code == 403
    assert LoginCode.objects.get().used_at is None


def test_codes_are_not_audited_here_and_end_no_cached_page(monkeypatch):
    """Issuing is audited by the counter that prints the code; redeeming is the resident's own
    act. No page shows a code, so neither ends the cached pages (participation/pagecache.py)."""
    from participation import pagecache
    from participation.models import AuditLogEntry

    changes = []
    monkeypatch.setattr(pagecache, "pages_changed_on_commit", lambda using=None: changes.append(1))
    resident = resident_without_email()
    changes.clear()
    code = login_codes.issue_code(resident, created_by=None)
    login_codes.issue_code(resident, created_by=None)
    login_codes.redeem(code)
    assert changes == []
    resident.save()  # a row pages do show, for comparison
    assert changes
    assert not AuditLogEntry.objects.exists()
