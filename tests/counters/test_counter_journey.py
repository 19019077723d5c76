"""The counter's pages and verbs: a resident without email opened, their card seen, their
declaration typed, petitions signed for them; collisions refused; everything audited; the
receipt; the counter's mark in the petition's dossier."""

import uuid

import pytest
from django.urls import reverse
from django.utils import translation

from counters import receipt, services
from counters.models import ActionKind, IdentityCheck, Visit, VisitAction
from participation.models import (
    AuditLogEntry,
    EmailFrequency,
    IdentityDeclaration,
    NotificationPreference,
    User,
)
from participation.national_id import cin_digest, encrypt_cin, mask_cin
from participation.services import ParticipationError
from petitions import dossier
from petitions import services as petition_services
from petitions.models import Signature
from tests.counters.factories import arrondissement, make_agent, open_file
from tests.factories import ResidentFactory, declare_identity, make_petition, make_signatory

pytestmark = pytest.mark.django_db

CIN = "JK123456"


def new_resident_data(**overrides):
    data = {
        "display_name": "فاطمة الزهراء",
        "email": "",
        "phone": "0612 345 678",
        "arrondissement": arrondissement("tabriquet").pk,
        "preferred_language": "ar",
        "reason": "no_device",
        "submission": str(uuid.uuid4()),
    }
    return data | overrides


def declaration_data(cin=CIN, **overrides):
    data = {
        "full_name": "فاطمة الزهراء بناني",
        "cin": cin,
        "basis": "residence",
        "address": "زنقة 3، حي الرحمة، سلا",
        "activity": "",
        "arrondissement": arrondissement("tabriquet").pk,
        "on_electoral_roll": "on",
        "accept_declaration": "on",
    }
    return data | overrides


@pytest.fixture
def agent():
    return make_agent("tabriquet", display_name="العون سعيد")


@pytest.fixture
def agent_client(client, agent):
    client.force_login(agent)
    return client


def serve_without_email(client, petition, cin=CIN):
    """Through the pages: open an account without email, see the card, type the declaration,
    sign ``petition``. Returns the visit and the last response."""
    response = client.post(reverse("counters:new_resident"), new_resident_data())
    assert response.status_code == 302, response.content.decode()[:2000]
    visit = Visit.objects.latest("pk")
    client.post(
        reverse("counters:identity_check", args=[visit.pk]), {"document": "cin", "confirm": "on"}
    )
    client.post(reverse("counters:declaration", args=[visit.pk]), declaration_data(cin))
    response = client.post(
        reverse("counters:sign", args=[visit.pk]), {"petition": petition.pk, "slip_filed": "on"}
    )
    return visit, response


def test_a_resident_without_email_is_opened_and_signed_for(agent_client, agent):
    petition = make_petition()
    visit, response = serve_without_email(agent_client, petition)
    assert response.status_code == 302
    resident = visit.resident
    assert resident.email is None
    assert not resident.has_usable_password()
    assert resident.counter_contact.phone == "0612345678"
    # Told of news on the site only: no address to email.
    assert set(
        NotificationPreference.objects.filter(user=resident).values_list(
            "email_frequency", flat=True
        )
    ) == {EmailFrequency.NEVER}
    declaration = IdentityDeclaration.objects.get(user=resident)
    assert declaration.cin_digest == cin_digest(CIN)
    signature = Signature.objects.get(petition=petition, user=resident)
    assert signature.at_counter == arrondissement("tabriquet")
    assert signature.recorded_by == agent
    assert signature.cin_digest == cin_digest(CIN)
    assert list(visit.actions.values_list("kind", flat=True)) == [
        ActionKind.ACCOUNT_OPENED,
        ActionKind.IDENTITY_SEEN,
        ActionKind.DECLARATION,
        ActionKind.PETITION_SIGNED,
    ]
    assert visit.actions.get(kind=ActionKind.PETITION_SIGNED).slip_filed
    check = IdentityCheck.objects.get(visit=visit)
    assert (check.agent, check.arrondissement, check.document) == (
        agent,
        arrondissement("tabriquet"),
        "cin",
    )


def test_two_residents_without_email_coexist(agent):
    for name in ["أ", "ب"]:
        services.create_resident(
            agent,
            display_name=name,
            email="",
            phone="",
            arrondissement=arrondissement("bettana"),
            language="ar",
            reason="no_email",
            submission=uuid.uuid4(),
        )
    assert User.objects.filter(email__isnull=True).count() == 2


def test_a_counter_resident_cannot_log_in_by_password(client, agent_client):
    serve_without_email(agent_client, make_petition())
    resident = User.objects.get(display_name="فاطمة الزهراء")
    client.logout()
    assert not client.login(email="", password="")
    assert not resident.check_password("")


def test_nothing_done_at_a_counter_escapes_the_audit_log(agent_client, agent):
    petition = make_petition()
    visit, _response = serve_without_email(agent_client, petition)
    entries = AuditLogEntry.objects.filter(action__startswith="counter.")
    assert sorted(entries.values_list("action", flat=True)) == sorted(
        [
            "counter.account_created",
            "counter.identity_seen",
            "counter.declaration_recorded",
            "counter.petition_signed",
        ]
    )
    for entry in entries:
        assert entry.actor == agent
        assert entry.reason  # why the resident is served at the counter
        assert entry.data["visit"] == visit.pk
        assert entry.data["counter"] == arrondissement("tabriquet").pk
        assert CIN not in str(entry.data)
    # Opening an existing resident's file is logged too.
    other = make_signatory()
    agent_client.post(reverse("counters:open_file"), {"resident": other.pk, "reason": "reading"})
    assert AuditLogEntry.objects.filter(action="counter.file_opened", object_id=other.pk).exists()


def test_a_cin_declared_online_is_refused_at_the_counter(agent_client):
    online = make_signatory(cin=CIN)
    petition = make_petition()
    petition_services.sign(online, petition)
    visit, response = serve_without_email(agent_client, petition)
    assert response.status_code == 400
    assert not IdentityDeclaration.objects.filter(user=visit.resident).exists()
    assert not Signature.objects.filter(user=visit.resident).exists()
    assert Signature.objects.filter(petition=petition).count() == 1


def test_a_counter_signature_colliding_by_cin_with_an_online_one_is_refused(agent_client, agent):
    # Signed online with a CIN, then declared another: the signature keeps the first.
    online = make_signatory(cin=CIN)
    petition = make_petition()
    assert petition_services.sign(online, petition)
    IdentityDeclaration.objects.filter(user=online).update(
        cin_digest=cin_digest("ZZ999999"), cin_encrypted=encrypt_cin("ZZ999999")
    )
    visit, response = serve_without_email(agent_client, petition)
    assert response.status_code == 400
    content = response.content.decode()
    with translation.override("ar"):
        from django.utils.translation import gettext

        message = gettext(
            "This national ID number has already signed this petition (online or at a counter): "
            "one person signs once. Nothing was recorded."
        )
    assert message.replace("'", "&#x27;") in content or message in content
    assert not Signature.objects.filter(user=visit.resident).exists()
    assert Signature.objects.filter(petition=petition).count() == 1
    assert AuditLogEntry.objects.filter(action="counter.signature_refused", actor=agent).exists()
    assert not VisitAction.objects.filter(visit=visit, kind=ActionKind.PETITION_SIGNED).exists()


def test_a_second_counter_signature_with_the_same_cin_is_refused(agent):
    petition = make_petition()
    first = open_file(agent, ResidentFactory(), seen=True)
    declare_identity(first.resident, cin=CIN)
    assert services.sign_for_resident(agent, first, petition, slip_filed=True)
    IdentityDeclaration.objects.filter(user=first.resident).update(
        cin_digest=cin_digest("ZZ999998"), cin_encrypted=encrypt_cin("ZZ999998")
    )
    second = open_file(agent, ResidentFactory(), seen=True)
    declare_identity(second.resident, cin=CIN)
    with pytest.raises(ParticipationError):
        services.sign_for_resident(agent, second, petition, slip_filed=True)


def test_double_submits_create_nothing_twice(agent_client):
    data = new_resident_data()
    agent_client.post(reverse("counters:new_resident"), data)
    agent_client.post(reverse("counters:new_resident"), data)
    assert User.objects.filter(display_name="فاطمة الزهراء").count() == 1
    visit = Visit.objects.get()
    petition = make_petition()
    for _twice in range(2):
        agent_client.post(
            reverse("counters:identity_check", args=[visit.pk]),
            {"document": "cin", "confirm": "on"},
        )
    agent_client.post(reverse("counters:declaration", args=[visit.pk]), declaration_data())
    for _twice in range(2):
        response = agent_client.post(
            reverse("counters:sign", args=[visit.pk]), {"petition": petition.pk, "slip_filed": "on"}
        )
        assert response.status_code == 302
    assert IdentityCheck.objects.filter(visit=visit).count() == 1
    assert Signature.objects.filter(petition=petition).count() == 1
    assert visit.actions.filter(kind=ActionKind.PETITION_SIGNED).count() == 1
    assert AuditLogEntry.objects.filter(action="counter.petition_signed").count() == 1
    # Opening an existing file twice the same day opens it once.
    agent_client.post(
        reverse("counters:open_file"), {"resident": visit.resident.pk, "reason": "reading"}
    )
    agent_client.post(
        reverse("counters:open_file"), {"resident": visit.resident.pk, "reason": "reading"}
    )
    assert Visit.objects.count() == 1


def test_forms_show_again_what_was_typed(agent_client, agent):
    response = agent_client.post(
        reverse("counters:new_resident"), new_resident_data(display_name="", phone="0677")
    )
    assert response.status_code == 200
    assert 'value="0677"' in response.content.decode()
    visit = open_file(agent, ResidentFactory(), seen=True)
    response = agent_client.post(
        reverse("counters:declaration", args=[visit.pk]),
        declaration_data(cin="123", full_name="اسم مكتوب"),
    )
    content = response.content.decode()
    assert response.status_code == 200
    assert "اسم مكتوب" in content
    assert "error-summary" in content
    declared = open_file(agent, make_signatory(), seen=True)
    petition = make_petition()
    response = agent_client.post(
        reverse("counters:sign", args=[declared.pk]), {"petition": petition.pk}
    )
    assert response.status_code == 400
    content = response.content.decode()
    assert "error-summary" in content
    assert f'value="{petition.pk}" selected' in content


def test_the_slip_must_be_filed(agent):
    visit = open_file(agent, make_signatory(), seen=True)
    with pytest.raises(ParticipationError):
        services.sign_for_resident(agent, visit, make_petition(), slip_filed=False)


def test_a_petition_not_collecting_is_refused(agent):
    visit = open_file(agent, make_signatory(), seen=True)
    with pytest.raises(ParticipationError):
        services.sign_for_resident(agent, visit, make_petition(status="filed"), slip_filed=True)


def test_finding_residents_shows_no_cin(agent_client):
    resident = make_signatory(cin=CIN)
    resident.arrondissement = arrondissement("tabriquet")
    resident.save()
    services_found = services.find_residents(email=resident.email.upper())
    assert services_found == [resident]
    name = resident.display_name
    response = agent_client.get(
        reverse("counters:home"),
        {"name": name, "arrondissement": arrondissement("tabriquet").pk},
    )
    content = response.content.decode()
    assert name in content
    assert CIN not in content and mask_cin(CIN) not in content
    assert resident.email not in content  # masked
    assert services.mask_email(resident.email) in content
    # A name alone finds nobody: it needs the arrondissement.
    assert services.find_residents(name=name) == []
    response = agent_client.get(reverse("counters:home"), {"name": name})
    assert "error-summary" in response.content.decode()


def test_finding_a_resident_by_telephone(agent_client):
    agent_client.post(reverse("counters:new_resident"), new_resident_data())
    assert [r.display_name for r in services.find_residents(phone="06-12-34-56-78")] == [
        "فاطمة الزهراء"
    ]


@pytest.mark.parametrize("language", ["ar", "fr"])
def test_the_receipt_renders(agent_client, language):
    visit, _response = serve_without_email(agent_client, make_petition(title="إنارة الشارع"))
    response = agent_client.get(
        reverse("counters:receipt", args=[visit.pk]), {"language": language}
    )
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF-")
    with translation.override(language):
        lines = receipt.action_lines(visit)
    assert len(lines) == 4
    assert any("إنارة الشارع" in detail for _moment, _text, detail in lines)
    assert not any(CIN in text + detail for _moment, text, detail in lines)


def test_the_dossier_marks_and_counts_counter_signatures(agent_client):
    petition = make_petition()
    online = make_signatory()
    petition_services.sign(online, petition)
    serve_without_email(agent_client, petition)
    with translation.override("fr"):
        rows = list(dossier.signatory_rows(petition))
        where = {row["full_name"]: row["signed_where"] for row in rows}
        particulars = dict(dossier.petition_particulars(petition, petition.published_at))
    assert "Tabriquet" in where["فاطمة الزهراء بناني"]
    assert "Tabriquet" not in where[IdentityDeclaration.objects.get(user=online).full_name]
    with translation.override("en"):
        particulars = dict(dossier.petition_particulars(petition, petition.published_at))
    assert particulars["Of which recorded at a counter"] == "1"
    with translation.override("ar"):
        pdf = dossier.dossier_pdf(petition)
    assert pdf.startswith(b"%PDF-")


def test_the_counter_pages_do_not_query_once_per_row(
    agent_client, agent, django_assert_max_num_queries
):
    petition = make_petition()
    serve_without_email(agent_client, petition)
    for _other in range(3):
        extra = make_petition()
        resident_visit = open_file(agent, make_signatory(), seen=True)
        services.sign_for_resident(agent, resident_visit, extra, slip_filed=True)
        services.sign_for_resident(agent, resident_visit, petition, slip_filed=True)
    with django_assert_max_num_queries(20):
        assert (
            agent_client.get(reverse("counters:file", args=[resident_visit.pk])).status_code == 200
        )
    with django_assert_max_num_queries(20):
        response = agent_client.get(reverse("counters:home"))
    assert response.status_code == 200
    with django_assert_max_num_queries(20):
        response = agent_client.get(
            reverse("counters:home"),
            {"name": "ساكن", "arrondissement": resident_visit.resident.arrondissement_id},
        )
    assert response.status_code == 200
    assert response.content.decode().count('name="resident"') >= 3
