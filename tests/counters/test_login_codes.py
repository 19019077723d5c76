"""A log-in code printed at a counter (counters/login_codes.py, login_code_views.py,
login_code_sheet.py): who may print one, the sheet (Arabic and French) whose code logs the
resident in, the audit entry without the code, staff refused, the counter's rate limit."""

import datetime
import io
import json
import re
import uuid

import pytest
from django.urls import reverse
from django.utils import timezone, translation
from pypdf import PdfReader

from counters.models import Visit
from participation import login_codes
from participation.models import AuditLogEntry, LoginCode, User
from tests.counters.factories import arrondissement, make_agent, open_file
from tests.factories import ResidentFactory, make_editor, make_moderator

pytestmark = pytest.mark.django_db

SYMBOL = "[23456789ABCDEFGHJKMNPQRSTUVWXYZ]"
PRINTED_CODE = re.compile(rf"{SYMBOL}{{4}}-{SYMBOL}{{4}}-{SYMBOL}{{4}}")


def resident_without_email():
    resident = User(display_name="فاطمة الزهراء", preferred_language="ar")
    resident.set_unusable_password()
    resident.save()
    return resident


@pytest.fixture
def agent():
    return make_agent("tabriquet", display_name="العون سعيد")


@pytest.fixture
def visit(agent):
    return open_file(agent, resident_without_email())


def print_url(visit):
    with translation.override("ar"):
        return reverse("counters:login_code", args=[visit.pk])


def sheet_text(response):
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(response.content)).pages)


def printed_code(response):
    found = PRINTED_CODE.findall(sheet_text(response))
    assert len(found) == 1, sheet_text(response)
    return found[0]


@pytest.mark.parametrize(
    ("role", "status"),
    [
        ("visitor", 302),
        ("resident", 403),
        ("the resident themself", 403),
        ("moderator", 403),
        ("editor", 403),
        ("other_counter_agent", 403),
        ("agent", 200),
    ],
)
def test_only_the_agent_serving_the_visit_prints_a_code(client, visit, role, status):
    user = {
        "visitor": lambda: None,
        "resident": ResidentFactory,
        "the resident themself": lambda: visit.resident,
        "moderator": make_moderator,
        "editor": make_editor,
        "other_counter_agent": lambda: make_agent("bettana"),
        "agent": lambda: visit.agent,
    }[role]()
    if user is not None:
        client.force_login(user)
    response = client.post(print_url(visit), {"language": "ar"})
    assert response.status_code == status
    if status == 302:
        assert "/accounts/login/" in response["Location"]
    assert LoginCode.objects.exists() is (status == 200)
    assert client.get(print_url(visit)).status_code == (405 if user is not None else 302)


def test_a_code_is_printed_from_today_s_file_only(client, visit):
    Visit.objects.filter(pk=visit.pk).update(opened_at=timezone.now() - datetime.timedelta(days=1))
    client.force_login(visit.agent)
    assert client.post(print_url(visit)).status_code == 403
    assert not LoginCode.objects.exists()


@pytest.mark.parametrize(("language", "words"), [("ar", "رمز"), ("fr", "code")])
def test_the_sheet_s_code_logs_the_resident_in(client, visit, language, words):
    client.force_login(visit.agent)
    response = client.post(print_url(visit), {"language": language})
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith("inline;")
    assert "no-store" in response["Cache-Control"]
    code = printed_code(response)
    text = sheet_text(response)
    with translation.override(language):
        address = reverse("login_code")
    assert address in text  # where to type it, in the sheet's language
    expires = timezone.localtime(LoginCode.objects.get().expires_at).strftime("%Y-%m-%d")
    assert expires in text
    # The resident, at home, on the code page.
    client.logout()
    response = client.post(address, {"code": code})
    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(visit.resident.pk)


def test_printing_again_voids_the_code_printed_before(client, visit):
    client.force_login(visit.agent)
    first = printed_code(client.post(print_url(visit), {"language": "fr"}))
    second = printed_code(client.post(print_url(visit), {"language": "ar"}))
    assert login_codes.redeem(first) is None
    assert login_codes.redeem(second) == visit.resident


def test_the_issue_is_audited_without_the_code(client, visit, agent):
    client.force_login(agent)
    code = printed_code(client.post(print_url(visit), {"language": "fr"}))
    entry = AuditLogEntry.objects.get(action="counter.login_code_issued")
    assert entry.actor == agent
    assert (entry.content_type.model_class(), entry.object_id) == (User, visit.resident.pk)
    assert entry.data["visit"] == visit.pk
    assert entry.data["counter"] == arrondissement("tabriquet").pk
    row = LoginCode.objects.get()
    assert row.created_by == agent
    everything = json.dumps(list(AuditLogEntry.objects.values()), default=str)
    for form in (code, code.replace("-", ""), code.replace("-", "").lower(), row.digest):
        assert form not in everything


def test_the_code_is_not_on_the_visit_s_receipt(client, visit):
    client.force_login(visit.agent)
    code = printed_code(client.post(print_url(visit), {"language": "fr"}))
    receipt = client.get(reverse("counters:receipt", args=[visit.pk]), {"language": "fr"})
    assert code not in sheet_text(receipt)
    assert code.replace("-", "") not in sheet_text(receipt)


def test_a_resident_with_an_email_may_get_a_code(client, agent):
    visit = open_file(agent, ResidentFactory())
    client.force_login(agent)
    code = printed_code(client.post(print_url(visit)))
    assert login_codes.redeem(code) == visit.resident


def test_staff_are_refused_a_code(client, agent):
    visit = open_file(agent, make_moderator())
    client.force_login(agent)
    response = client.post(print_url(visit), {"language": "fr"})
    assert response.status_code == 302
    assert response["Location"] == reverse("counters:file", args=[visit.pk])
    assert not LoginCode.objects.exists()
    assert not AuditLogEntry.objects.filter(action="counter.login_code_issued").exists()
    page = client.get(response["Location"]).content.decode()
    assert 'id="login-code-fr"' not in page


def test_printing_codes_has_the_counter_s_rate_limit(client, visit, settings):
    settings.SHARIK_RATE_LIMITS = {**settings.SHARIK_RATE_LIMITS, "counter": "2/m/user"}
    client.force_login(visit.agent)
    codes = [client.post(print_url(visit)).status_code for _ in range(3)]
    assert codes == [200, 200, 429]
    assert LoginCode.objects.count() == 2


def test_the_file_page_offers_the_code_in_both_languages(client, visit):
    client.force_login(visit.agent)
    page = client.get(reverse("counters:file", args=[visit.pk])).content.decode()
    assert f'action="{reverse("counters:login_code", args=[visit.pk])}"' in page
    assert 'id="login-code-ar"' in page and 'id="login-code-fr"' in page


def test_from_a_new_account_at_the_counter_to_logging_in_at_home(client, agent):
    """An account opened without email, its code printed, the resident logged in."""
    client.force_login(agent)
    response = client.post(
        reverse("counters:new_resident"),
        {
            "display_name": "عبد الله",
            "email": "",
            "phone": "0612 000 111",
            "arrondissement": arrondissement("tabriquet").pk,
            "preferred_language": "ar",
            "reason": "no_email",
            "submission": str(uuid.uuid4()),
        },
    )
    assert response.status_code == 302
    visit = Visit.objects.latest("pk")
    assert visit.resident.email is None
    code = printed_code(client.post(print_url(visit), {"language": "ar"}))
    client.logout()
    with translation.override("ar"):
        response = client.post(reverse("login_code"), {"code": code.lower().replace("-", " ")})
        assert response["Location"] == reverse("profile")
    assert client.session["_auth_user_id"] == str(visit.resident.pk)
