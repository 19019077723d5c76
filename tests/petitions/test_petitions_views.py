"""Petition pages: who sees and does what, bad input, constant queries, the official dossier's
access and audit, and national ID numbers never leaving the dossier."""

import logging
from datetime import date

import pytest
from django.contrib.contenttypes.models import ContentType
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import OperationalError, connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from participation.models import (
    Arrondissement,
    AuditLogEntry,
    Comment,
    Follow,
)
from petitions import services
from petitions.models import (
    CouncilCompetence,
    Organisation,
    OrganisationStatus,
    Petition,
    PetitionStatus,
    Signature,
)
from tests.cms.factories import pdf_bytes, png_bytes
from tests.factories import (
    ResidentFactory,
    declare_identity,
    make_moderator,
    make_official,
    make_organisation,
    make_petition,
    make_signatory,
)

pytestmark = pytest.mark.django_db


def _count_queries(client, url):
    client.get(url)
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


def _petition_form(**overrides):
    data = {
        "kind": "residents",
        "title": "إنارة زنقة المدرسة",
        "question": "تركيب الإنارة العمومية في زنقة المدرسة",
        "reasons": "الزنقة مظلمة ويمر منها التلاميذ.",
        "competence": CouncilCompetence.objects.canonical().first().pk,
        "arrondissements": [Arrondissement.objects.canonical().first().pk],
        "tags": "إنارة",
        "respects_constants": "on",
    }
    data.update(overrides)
    return data


# --- Reading -----------------------------------------------------------------------------------


def test_draft_is_seen_only_by_its_mandataire_and_moderators(client):
    petition = make_petition(status="draft")
    url = petition.get_absolute_url()
    assert client.get(url).status_code == 404
    client.force_login(ResidentFactory())
    assert client.get(url).status_code == 404
    client.force_login(petition.mandataire)
    assert client.get(url).status_code == 200
    client.force_login(make_moderator())
    assert client.get(url).status_code == 200
    assert petition not in client.get(reverse("petitions:list")).context["page"]


@pytest.mark.parametrize(
    "query, expected",
    [
        ("status=filed", {"filed"}),
        ("kind=association", {"association"}),
        ("arrondissement=bettana", {"bettana"}),
        ("tag=lighting", {"lighting"}),
        ("q=ramassage", {"ramassage"}),
    ],
)
def test_list_filters(client, query, expected):
    bettana = Arrondissement.objects.canonical().get(slug="bettana")
    filed = make_petition(status="filed", title="Filed one", receipt_number="T-1")
    make_petition(title="Collecting one").tags.add("lighting")
    association = make_petition(
        kind="association",
        organisation=make_organisation(),
        title="Association one",
    )
    in_bettana = make_petition(title="Bettana one")
    in_bettana.arrondissements.set([bettana])
    searched = make_petition(title="Ramassage des déchets", question="Collecte")
    page = client.get(f"/ar/petitions/?{query}").context["page"]
    titles = {p.title for p in page}
    expected_title = {
        "filed": filed.title,
        "association": association.title,
        "bettana": in_bettana.title,
        "lighting": "Collecting one",
        "ramassage": searched.title,
    }[next(iter(expected))]
    assert expected_title in titles
    if "kind=association" in query:
        assert all(p.kind == "association" for p in page)
    if "status=filed" in query:
        assert all(p.status == "filed" for p in page)
    if "arrondissement" in query:
        assert all("بطانة" in p.arrondissement_names for p in page)


def test_a_card_names_arrondissements_only_when_the_petition_has_some(client):
    bettana = Arrondissement.objects.canonical().get(slug="bettana")
    whole_commune = make_petition(title="For the whole commune")
    whole_commune.arrondissements.clear()
    in_bettana = make_petition(title="In Bettana")
    in_bettana.arrondissements.set([bettana])
    html = client.get("/ar/petitions/").content.decode()
    metas = {
        title: html[: html.index(title)].rsplit('<p class="proposal-card__meta">', 1)[1]
        for title in (whole_commune.title, in_bettana.title)
    }
    assert " · " not in metas[whole_commune.title]
    assert " · بطانة" in metas[in_bettana.title]


def test_list_sorts_closing_soon_first(client):
    from datetime import timedelta

    from django.utils import timezone

    later = make_petition(title="later", collection_ends_on=timezone.localdate() + timedelta(60))
    sooner = make_petition(title="sooner", collection_ends_on=timezone.localdate() + timedelta(2))
    titles = [p.title for p in client.get("/ar/petitions/?sort=closing").context["page"]]
    assert titles.index(sooner.title) < titles.index(later.title)
    assert all(
        p.status == "collecting" for p in client.get("/ar/petitions/?sort=closing").context["page"]
    )


def test_list_queries_constant_with_500_petitions(client, django_assert_max_num_queries):
    mandataire = make_signatory()
    competence = CouncilCompetence.objects.canonical().first()
    arrondissements = list(Arrondissement.objects.canonical())

    def add(count, offset):
        created = Petition.objects.bulk_create(
            Petition(
                title=f"عريضة {offset + i}",
                question="سؤال",
                reasons="أسباب",
                competence=competence,
                mandataire=mandataire,
                status=PetitionStatus.COLLECTING,
                signature_threshold=400,
                signature_count=i,
            )
            for i in range(count)
        )
        through = Petition.arrondissements.through
        through.objects.bulk_create(
            through(petition_id=p.pk, arrondissement_id=arrondissements[i % 5].pk)
            for i, p in enumerate(created)
        )
        for petition in created[:20]:
            petition.tags.add("a", "b")

    add(25, 0)
    small = _count_queries(client, "/ar/petitions/")
    add(475, 100)
    assert _count_queries(client, "/ar/petitions/") == small
    with django_assert_max_num_queries(small):
        client.get("/ar/petitions/?sort=closing&page=3")


def test_detail_queries_constant_with_many_signatures_and_comments(
    client, django_assert_max_num_queries, django_capture_on_commit_callbacks
):
    petition = make_petition(threshold=400)
    signatories = [make_signatory() for _ in range(3)]
    with django_capture_on_commit_callbacks(execute=True):
        for user in signatories:
            services.sign(user, petition, show_name=True)
    content_type = ContentType.objects.get_for_model(Petition)
    Comment.objects.create(
        content_type=content_type, object_id=petition.pk, author=signatories[0], body="أول"
    )
    viewer = make_signatory()
    client.force_login(viewer)
    small = _count_queries(client, petition.get_absolute_url())
    more = [make_signatory() for _ in range(30)]
    with django_capture_on_commit_callbacks(execute=True):
        for user in more:
            services.sign(user, petition, show_name=True)
    Comment.objects.bulk_create(
        Comment(content_type=content_type, object_id=petition.pk, author=more[i], body=f"رأي {i}")
        for i in range(30)
    )
    petition.refresh_from_db()
    assert petition.signature_count == 33
    assert _count_queries(client, petition.get_absolute_url()) == small
    with django_assert_max_num_queries(small):
        client.get(petition.get_absolute_url())


# --- Drafting ---------------------------------------------------------------------------------


def test_unverified_account_cannot_start_a_petition(client, unverified_resident):
    client.force_login(unverified_resident)
    assert client.get(reverse("petitions:create")).status_code == 403


def test_draft_then_checklist_then_submit(client):
    mandataire = ResidentFactory()
    client.force_login(mandataire)
    response = client.post(reverse("petitions:create"), {**_petition_form(), "action": "draft"})
    petition = Petition.objects.get(mandataire=mandataire)
    assert response.url == reverse("petitions:edit", args=[petition.pk])
    page = client.get(response.url)
    checklist = {c.code: c.met for c in page.context["checklist"]}
    assert checklist["eligibility"] is False  # no identity declaration yet
    assert "checklist__item--unmet" in page.content.decode()
    # Submitting is refused, with the reason, while a condition is unmet.
    client.post(response.url, {**_petition_form(), "action": "submit"})
    petition.refresh_from_db()
    assert petition.status == PetitionStatus.DRAFT
    declare_identity(mandataire)
    client.post(response.url, {**_petition_form(), "action": "submit"})
    petition.refresh_from_db()
    assert petition.status == PetitionStatus.PENDING


def test_bad_input_is_redisplayed_with_messages(client):
    client.force_login(make_signatory())
    typed = _petition_form(title="", arrondissements=[], attachment_title="")
    typed["attachment"] = SimpleUploadedFile("virus.exe", b"MZ\x90\x00", "application/pdf")
    response = client.post(reverse("petitions:create"), {**typed, "action": "submit"})
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert {"title", "arrondissements", "attachment"} <= set(errors)
    html = response.content.decode()
    assert "تركيب الإنارة العمومية في زنقة المدرسة" in html  # what was typed is kept
    assert not Petition.objects.filter(title="").exists()
    assert not Petition.objects.filter(question=typed["question"]).exists()


def test_association_petition_needs_a_verified_association(client):
    representative = make_signatory()
    pending = make_organisation(representative, verified=False)
    client.force_login(representative)
    response = client.post(
        reverse("petitions:create"),
        {**_petition_form(kind="association", organisation=pending.pk), "action": "draft"},
    )
    assert response.status_code == 200  # the pending association is not a choice
    assert not Petition.objects.filter(mandataire=representative).exists()
    verified = make_organisation(representative, name="جمعية موثقة")
    decision = SimpleUploadedFile("decision.pdf", pdf_bytes("decision"), "application/pdf")
    client.post(
        reverse("petitions:create"),
        {
            **_petition_form(kind="association", organisation=verified.pk),
            "activity_related": "on",
            "filing_decision": decision,
            "action": "submit",
        },
    )
    petition = Petition.objects.get(mandataire=representative)
    assert petition.organisation == verified
    assert petition.status == PetitionStatus.PENDING


# --- Signing ---------------------------------------------------------------------------------


def test_sign_requires_the_declaration_box_and_then_counts(
    client, petition, signatory, django_capture_on_commit_callbacks
):
    client.force_login(signatory)
    url = reverse("petitions:sign", args=[petition.pk])
    client.post(url, {"action": "sign"})
    assert not Signature.objects.filter(petition=petition).exists()
    with django_capture_on_commit_callbacks(execute=True):
        client.post(url, {"action": "sign", "accept": "on"})
        client.post(url, {"action": "sign", "accept": "on"})  # a double submit
    assert Signature.objects.filter(petition=petition).count() == 1
    petition.refresh_from_db()
    assert petition.signature_count == 1
    with django_capture_on_commit_callbacks(execute=True):
        client.post(url, {"action": "withdraw"})
    petition.refresh_from_db()
    assert petition.signature_count == 0


def test_without_declaration_the_page_asks_for_it(client, petition, user):
    client.force_login(user)
    response = client.get(petition.get_absolute_url())
    assert response.context["can_sign"] is False
    assert response.context["needs_identity"] is True
    assert reverse("identity_declaration") in response.content.decode()
    client.post(reverse("petitions:sign", args=[petition.pk]), {"action": "sign", "accept": "on"})
    assert not Signature.objects.filter(petition=petition).exists()


def test_only_opted_in_names_are_public(client):
    petition = make_petition(threshold=10)
    named = make_signatory(full_name="اسم ظاهر")
    hidden = make_signatory(full_name="اسم مخفي")
    services.sign(named, petition, show_name=True)
    services.sign(hidden, petition, show_name=False)
    html = client.get(petition.get_absolute_url()).content.decode()
    assert "اسم ظاهر" in html
    assert "اسم مخفي" not in html


def test_only_the_mandataire_files_and_gets_a_receipt(client, django_capture_on_commit_callbacks):
    petition = make_petition(threshold=1)
    with django_capture_on_commit_callbacks(execute=True):
        services.sign(make_signatory(), petition)
    url = reverse("petitions:file", args=[petition.pk])
    client.force_login(ResidentFactory())
    assert client.post(url).status_code == 403
    client.force_login(petition.mandataire)
    client.post(url)
    petition.refresh_from_db()
    assert petition.status == PetitionStatus.FILED
    assert petition.receipt_number
    assert petition.receipt_number in client.get(petition.get_absolute_url()).content.decode()


# --- The official dossier ----------------------------------------------------------------------


def _moderator_only():
    """A moderator with the moderation permission alone (the Moderators group is no official
    either: tests/sharik/test_roles.py)."""
    from django.contrib.auth.models import Permission

    user = ResidentFactory(is_staff=True)
    user.user_permissions.add(
        Permission.objects.get(codename="moderate_content"),
        Permission.objects.get(codename="access_admin"),
    )
    return user


def _filed_petition():
    petition = make_petition(threshold=2)
    signatories = [make_signatory(cin=cin) for cin in ("AB100001", "CD200002")]
    for user in signatories:
        services.sign(user, petition)
    services.file_with_council(petition.mandataire, petition)
    petition.refresh_from_db()
    return petition


@pytest.mark.parametrize("file_format", ["pdf", "csv"])
def test_dossier_only_for_officials_and_each_download_audited(client, file_format):
    petition = _filed_petition()
    url = reverse("petitions_petition:dossier", args=[petition.pk, file_format])
    for outsider in (petition.mandataire, _moderator_only()):
        client.force_login(outsider)
        assert client.get(url).status_code in {302, 403}
    assert not AuditLogEntry.objects.filter(action="petition.dossier_download").exists()
    official = make_official()
    client.force_login(official)
    response = client.get(url)
    assert response.status_code == 200
    body = b"".join(response.streaming_content) if response.streaming else response.content
    if file_format == "csv":
        text = body.decode("utf-8-sig")
        assert "AB100001" in text and "CD200002" in text
        assert petition.receipt_number in text
    else:
        assert body.startswith(b"%PDF")
    entry = AuditLogEntry.objects.get(action="petition.dossier_download")
    assert entry.actor == official
    assert entry.object_id == petition.pk
    assert entry.data == {"format": file_format}


def test_no_dossier_before_filing(client, petition):
    client.force_login(make_official())
    url = reverse("petitions_petition:dossier", args=[petition.pk, "csv"])
    assert client.get(url).status_code in {302, 403}


def test_national_id_numbers_never_leave_the_dossier(client, caplog):
    """Scan every page, API and export a visitor, a signatory, the mandataire or a moderator can
    reach, and the logs, for the CINs of the signatories."""
    caplog.set_level(logging.DEBUG)
    petition = _filed_petition()
    cins = ["AB100001", "CD200002"]
    signatory = Signature.objects.filter(petition=petition).first().user
    urls = [
        reverse("petitions:list"),
        petition.get_absolute_url(),
        reverse("petitions:mine"),
        reverse("identity_declaration"),
        reverse("proposals:open_data_csv"),
        reverse("proposals:open_data_json"),
        f"/ar/threads/{petition.thread_key}/since/?after=0",
        reverse("notifications"),
        f"/staff/petitions/review/{petition.pk}/",
        "/staff/petitions/",
        "/staff/moderation/audit-log/",
    ]
    for user in (None, signatory, petition.mandataire, make_moderator()):
        client.logout()
        if user is not None:
            client.force_login(user)
        for url in urls:
            response = client.get(url)
            body = (
                b"".join(response.streaming_content) if response.streaming else response.content
            ).decode("utf-8", "replace")
            for cin in cins:
                assert cin not in body, (url, user)
                assert cin[:2] + " " + cin[2:] not in body
    for cin in cins:
        assert cin not in caplog.text
        for row in Signature.objects.values_list("full_name", "address", "cin_digest"):
            assert all(cin not in str(value) for value in row)
        assert cin not in repr(list(Signature.objects.all()))
        assert cin not in str(list(Signature.objects.all()))


# --- Associations ------------------------------------------------------------------------------


def test_register_an_association_and_its_documents_stay_private(client):
    representative = ResidentFactory()
    client.force_login(representative)
    pdf = SimpleUploadedFile("s.pdf", pdf_bytes("statutes"), "application/pdf")
    receipt = SimpleUploadedFile("r.png", png_bytes(), "image/png")
    seat = SimpleUploadedFile("seat.pdf", pdf_bytes("seat"), "application/pdf")
    response = client.post(
        reverse("organisation_create"),
        {
            "name": "جمعية النور",
            "registration_reference": "2015/77",
            "created_on": "2015-05-01",
            "seat_address": "حي الرحمة، سلا",
            "arrondissement": Arrondissement.objects.canonical().first().pk,
            "seat_in_commune": "on",
            "field_of_activity": "التربية",
            "in_good_standing": "on",
            "democratic_statutes": "on",
            "statutes": pdf,
            "registration_receipt": receipt,
            "seat_proof": seat,
        },
    )
    assert response.status_code == 302
    organisation = Organisation.objects.get(name="جمعية النور")
    assert organisation.status == OrganisationStatus.PENDING
    assert list(organisation.representatives.all()) == [representative]
    assert not str(organisation.statutes.path).startswith(
        str(organisation.statutes.storage.base_location.parent / "media")
    )
    url = reverse("organisation_document", args=[organisation.pk, "statutes"])
    assert client.get(url).status_code == 200
    client.force_login(ResidentFactory())
    assert client.get(url).status_code == 404
    client.force_login(make_moderator())
    assert client.get(url).status_code == 200
    assert (
        client.get(reverse("organisation_document", args=[organisation.pk, "name"])).status_code
        == 404
    )


def test_association_form_rejects_future_creation_and_non_documents(client):
    client.force_login(ResidentFactory())
    response = client.post(
        reverse("organisation_create"),
        {
            "name": "جمعية",
            "registration_reference": "1",
            "created_on": date(2099, 1, 1).isoformat(),
            "seat_address": "سلا",
            "arrondissement": Arrondissement.objects.canonical().first().pk,
            "field_of_activity": "x",
            "statutes": SimpleUploadedFile("s.pdf", b"not a pdf", "application/pdf"),
        },
    )
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert {"created_on", "statutes", "registration_receipt"} <= set(errors)
    assert "جمعية" in response.content.decode()


def test_filing_builds_the_dossier_once_dated_at_the_filing(
    client, django_capture_on_commit_callbacks
):
    petition = make_petition(threshold=1)
    services.sign(make_signatory(), petition)
    with django_capture_on_commit_callbacks(execute=True):
        services.file_with_council(petition.mandataire, petition)
    petition.refresh_from_db()
    assert petition.dossier_file.name.endswith(".pdf")
    stored = petition.dossier_file.read()
    assert stored.startswith(b"%PDF")
    client.force_login(make_official())
    url = reverse("petitions_petition:dossier", args=[petition.pk, "pdf"])
    first = b"".join(client.get(url).streaming_content)
    second = b"".join(client.get(url).streaming_content)
    assert first == second == stored
    assert AuditLogEntry.objects.filter(action="petition.dossier_download").count() == 2
    assert "/media/" not in petition.dossier_file.path


def test_a_connection_lost_while_signing_says_try_again_and_writes_nothing(
    client, petition, signatory, monkeypatch
):
    def connection_lost(*args, **kwargs):
        raise OperationalError("server closed the connection unexpectedly")

    # The signature row is inserted, then the connection is lost before the signing commits
    # (in a transaction: SQLite, or a petition changed since it was read); or the one statement
    # that signs on PostgreSQL is lost.
    monkeypatch.setattr(services, "follow_automatically", connection_lost)
    monkeypatch.setattr(services, "_sign_in_one_statement", connection_lost)
    client.force_login(signatory)
    response = client.post(
        reverse("petitions:sign", args=[petition.pk]), {"action": "sign", "accept": "on"}
    )
    assert response.status_code == 503
    assert response["Retry-After"] == "5"
    page = response.content.decode()
    assert "لم يُحفظ أي شيء. حاولوا مرة أخرى بعد قليل" in page
    assert "Rien n'a été enregistré. Réessayez dans un instant" in page
    assert not Signature.objects.filter(petition=petition).exists()
    assert not Follow.objects.filter(user=signatory).exists()


def test_the_mandataires_name_is_isolated_from_the_french_sentence(client, petition):
    petition.mandataire.display_name = "فاطمة الزهراء"
    petition.mandataire.save()
    page = client.get(f"/fr/petitions/{petition.pk}/").content.decode()
    assert "Mandataire : <bdi>فاطمة الزهراء</bdi>" in page
