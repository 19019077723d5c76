""" "Download my data" (law 09-08, right of access; issue 18, point 6): every relation to the
user model is exported or excluded with a reason (checked by introspection), one row of each
exported relation appears in the JSON, the resident alone downloads it, the link expires, the CIN
is in the export and nowhere in the audit log, building twice builds once, and the queries do not
grow with the rows."""

import io
import json
import re
import zipfile
from datetime import timedelta

import pytest
from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.core import mail
from django.core.files.storage import FileSystemStorage
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone, translation

from budgets.models import BudgetPhase
from budgets.services import cast_ballot
from counters.models import ResidentContact, VisitAction
from information.models import RequestEvent
from participation import data_export
from participation.data_export import Excluded, Exported, collect, policies, user_relations
from participation.data_export_tasks import (
    build_data_export,
    delete_expired_exports,
    request_export,
)
from participation.models import (
    AuditLogEntry,
    Consent,
    DataExport,
    LoginCode,
    Notification,
    NotificationCategory,
    Support,
)
from participation.national_id import cin_digest
from sharik.models import StaffDigestPreference
from tests.budgets.factories import BudgetPageFactory, BudgetProjectFactory, arrondissement
from tests.consultations.factories import AnswerFactory, ResponseFactory
from tests.counters.factories import make_agent, open_file
from tests.events.factories import EventPageFactory
from tests.factories import (
    declare_identity,
    log_in,
    make_moderator,
    make_organisation,
    make_petition,
)
from tests.information.factories import file as file_information_request
from tests.participation.factories import (
    CommentFactory,
    FollowFactory,
    NotificationFactory,
    NotificationPreferenceFactory,
    ReportFactory,
    ResidentFactory,
)
from tests.petitions.factories import PetitionEventFactory, SignatureFactory
from tests.plan.factories import ProjectEvaluationFactory
from tests.procedures.factories import DigitalisationVoteFactory, ProcedureFeedbackFactory
from tests.proposals.factories import ProposalEventFactory, ProposalFactory, SupportFactory

pytestmark = pytest.mark.django_db

CIN = "AB123456"


@pytest.fixture(autouse=True)
def private_files(tmp_path, monkeypatch):
    """Exports written to a folder of the test's own, not to the installation's private files."""
    field = DataExport._meta.get_field("file")
    monkeypatch.setattr(field, "storage", FileSystemStorage(location=tmp_path))
    return tmp_path


@pytest.fixture
def subject():
    """A resident of Bab Lamrissa, born in 1990, who declared their identity with ``CIN``."""
    user = ResidentFactory(
        arrondissement=arrondissement("bab-lamrissa"), birth_year=1990, preferred_language="ar"
    )
    declare_identity(user, cin=CIN, arrondissement=arrondissement("bab-lamrissa"))
    return get_user_model().objects.get(pk=user.pk)


def _ballot(user):
    budget = BudgetPageFactory(
        phase=BudgetPhase.VOTE, envelope_amounts=(("bab-lamrissa", 2_000_000), (None, 400_000))
    )
    envelope = budget.envelopes.get(arrondissement=arrondissement("bab-lamrissa"))
    project = BudgetProjectFactory(budget=budget, official_cost=100_000)
    return cast_ballot(user, envelope, [project.pk])


def _visit(user):
    visit = open_file(make_agent(), user, seen=True)
    VisitAction.objects.create(visit=visit, kind="identity_checked")
    return visit


def _request_event(user):
    return RequestEvent.objects.create(
        request=file_information_request(requester=user), actor=user, text="—"
    )


def _announcement_delivery(user):
    from announcements.models import Delivery, DeliveryState
    from tests.announcements.factories import AnnouncementFactory

    return Delivery.objects.create(
        announcement=AnnouncementFactory(), recipient=user, state=DeliveryState.SENT, language="ar"
    )


# One row of each exported relation, made for the resident: a new ``Exported`` policy needs a
# line here (test_every_exported_relation_is_filled_here).
BUILDERS = {
    "participation.Comment.author": lambda user: CommentFactory(author=user),
    "participation.Follow.user": lambda user: FollowFactory(user=user),
    "participation.Support.user": lambda user: Support.objects.create(
        user=user,
        content_type=ContentType.objects.get_for_model(user),
        object_id=user.pk,
    ),
    "participation.Notification.recipient": lambda user: NotificationFactory(recipient=user),
    "participation.NotificationPreference.user": lambda user: NotificationPreferenceFactory(
        user=user
    ),
    "participation.Report.reporter": lambda user: ReportFactory(reporter=user),
    "participation.IdentityDeclaration.user": lambda user: user.identity,
    "participation.LoginCode.user": lambda user: LoginCode.objects.create(
        user=user, digest="d" * 64, expires_at=timezone.now()
    ),
    "participation.DataExport.user": lambda user: DataExport.objects.create(user=user),
    "participation.Consent.user": lambda user: Consent.objects.create(
        user=user, purpose="announcements", text_version="1", given_at=timezone.now()
    ),
    "account.EmailAddress.user": lambda user: user.emailaddress_set.first(),
    "proposals.Proposal.author": lambda user: ProposalFactory(author=user),
    "proposals.Support.user": lambda user: SupportFactory(user=user),
    "proposals.ProposalEvent.actor": lambda user: ProposalEventFactory(actor=user),
    "petitions.Organisation.representatives": lambda user: make_organisation(representative=user),
    "petitions.Petition.mandataire": lambda user: make_petition(mandataire=user),
    "petitions.Signature.user": lambda user: SignatureFactory(user=user),
    "petitions.PetitionEvent.actor": lambda user: PetitionEventFactory(actor=user),
    "information.InformationRequest.requester": lambda user: file_information_request(
        requester=user
    ),
    "information.RequestEvent.actor": _request_event,
    "events.Registration.user": lambda user: EventPageFactory().registrations.create(
        user=user, status="confirmed"
    ),
    "budgets.BudgetProject.author": lambda user: BudgetProjectFactory(author=user),
    "budgets.Ballot.voter": _ballot,
    "counters.ResidentContact.user": lambda user: ResidentContact.objects.create(
        user=user, phone="0612345678"
    ),
    "counters.Visit.resident": _visit,
    "counters.IdentityCheck.resident": lambda user: _visit(user).identity_checks.first(),
    "procedures.ProcedureFeedback.user": lambda user: ProcedureFeedbackFactory(user=user),
    "procedures.DigitalisationVote.user": lambda user: DigitalisationVoteFactory(user=user),
    "consultations.Response.participant": lambda user: (
        AnswerFactory(response=ResponseFactory(participant=user)).response
    ),
    "plan.ProjectEvaluation.resident": lambda user: ProjectEvaluationFactory(resident=user),
    # Which announcements were emailed to the resident (announcements/sending.py).
    "announcements.Delivery.recipient": _announcement_delivery,
    # A member of staff's choice of the email of what waits (sharik/staff_digest.py).
    "sharik.StaffDigestPreference.user": lambda user: StaffDigestPreference.objects.create(
        user=user, frequency="daily"
    ),
}


def section(exported, label):
    model, via = label.rsplit(".", 1)
    return next(s for s in exported["sections"] if s["model"] == model and s["via"] == via)


def exported_ids(exported, label):
    return {row["id"] for row in section(exported, label)["rows"]}


# --- Completeness, by introspection ---------------------------------------------------------


def test_every_relation_to_the_user_model_is_exported_or_excluded_with_a_reason():
    """A new model with a foreign key to users fails here until its policy says how it is
    exported, or why not (participation/data_export.py, POLICIES or the features' hook)."""
    assert data_export.unaccounted_relations() == []
    for label, _model, _field in user_relations():
        policy = data_export.policy_for(label)
        if isinstance(policy, Excluded):
            assert len(policy.reason) > 20, label


def test_the_policies_name_relations_and_fields_that_exist():
    relations = {label: (model, field) for label, model, field in user_relations()}
    for label, policy in policies().items():
        if label.endswith(".*"):
            continue
        assert label in relations, f"{label}: no such relation to the user model"
        if isinstance(policy, Exported):
            model, _field = relations[label]
            names = {field.name for field in model._meta.get_fields()}
            for name in (*policy.omit, *policy.national_ids):
                assert name in names, f"{label}: no field {name}"
            for path in policy.children:
                assert path.split("__")[0] in names, f"{label}: no relation {path}"


def test_every_exported_relation_is_filled_here():
    exported = {label for label, policy in policies().items() if isinstance(policy, Exported)}
    assert exported == set(BUILDERS)


def test_one_row_of_each_exported_relation_appears_in_the_export(subject):
    rows = {label: build(subject) for label, build in BUILDERS.items()}
    exported = collect(subject)["json"]
    for label, row in rows.items():
        assert row.pk in exported_ids(exported, label), label
    # The children: a response's answers, a ballot's versions and their projects, a visit's acts.
    response = section(exported, "consultations.Response.participant")["rows"][0]
    assert len(response["answers"]) == 1
    ballot = section(exported, "budgets.Ballot.voter")["rows"][0]
    assert ballot["versions"] and "token" not in ballot and "cin_digest" not in ballot
    visit = section(exported, "counters.Visit.resident")["rows"][0]
    assert visit["actions"][0]["kind"] == "identity_checked"
    # The profile, with the consent to the privacy notice.
    assert exported["profile"]["email"] == subject.email
    assert "privacy_notice_version" in exported["profile"]
    assert "password" not in exported["profile"]


def test_the_cin_is_decrypted_for_the_resident_and_no_digest_or_hash_leaves(subject):
    BUILDERS["petitions.Signature.user"](subject)
    BUILDERS["participation.LoginCode.user"](subject)
    exported = collect(subject)["json"]
    identity = section(exported, "participation.IdentityDeclaration.user")["rows"][0]
    assert identity["cin"] == CIN
    assert section(exported, "petitions.Signature.user")["rows"][0]["cin"] == CIN
    document = json.dumps(exported, default=str)
    assert cin_digest(CIN) not in document
    assert "cin_encrypted" not in document and "d" * 64 not in document
    code = section(exported, "participation.LoginCode.user")["rows"][0]
    assert set(code) >= {"created_at", "expires_at", "used_at"} and "digest" not in code


def test_staff_who_acted_are_not_named(subject):
    agent = make_agent()
    open_file(agent, subject, seen=True)
    document = json.dumps(collect(subject)["json"], default=str)
    assert agent.email not in document
    assert str(agent.display_name) not in document


def test_the_queries_do_not_grow_with_the_rows(subject):
    def count():
        with CaptureQueriesContext(connection) as queries:
            collect(subject)
        return len(queries)

    for label in ("participation.Comment.author", "proposals.Proposal.author"):
        BUILDERS[label](subject)
    _visit(subject)
    few = count()
    for _ in range(4):
        for label in ("participation.Comment.author", "proposals.Proposal.author"):
            BUILDERS[label](subject)
        _visit(subject)
        BUILDERS["consultations.Response.participant"](subject)
    assert count() == few + 1  # the responses' answers, read once now that there are responses
    assert few < 60


# --- Requesting, building, telling ----------------------------------------------------------


def _request(client, user, django_capture_on_commit_callbacks):
    log_in(client, user)
    with django_capture_on_commit_callbacks(execute=True):
        return client.post(reverse("data_export_request"))


def test_the_resident_asks_and_is_told_when_it_is_ready(
    client, subject, django_capture_on_commit_callbacks
):
    response = _request(client, subject, django_capture_on_commit_callbacks)
    assert response.status_code == 302
    export = DataExport.objects.get(user=subject)
    assert export.ready_at is not None
    assert export.expires_at == export.ready_at + timedelta(days=7)
    # A random name of 256 bits that says nothing of whose data it is.
    assert re.fullmatch(r"data-exports/[\w-]{43}\.zip", export.file.name)
    notification = Notification.objects.get(recipient=subject, key=f"data-export:{export.pk}")
    assert notification.category == NotificationCategory.FOLLOWED_ACTIVITY
    assert notification.url.startswith("/ar/")
    assert [message.to for message in mail.outbox] == [[subject.email]]
    page = client.get(reverse("profile"))
    assert reverse("data_export_download", args=[export.pk]) in page.content.decode()


def test_the_page_says_it_is_being_prepared(client, subject):
    log_in(client, subject)
    with translation.override("en"):
        before = client.get(reverse("profile")).content.decode()
        assert f'action="{reverse("data_export_request")}"' in before
        client.post(reverse("data_export_request"))  # the task waits for the commit
        page = client.get(reverse("profile")).content.decode()
    assert "Your data is being prepared" in page
    assert DataExport.objects.get(user=subject).ready_at is None


def test_asking_again_while_it_is_prepared_queues_nothing(subject):
    first, created = request_export(subject)
    again, created_again = request_export(subject)
    assert created and not created_again and again == first


def test_an_export_never_built_does_not_block_a_new_request(subject):
    stuck, _created = request_export(subject)
    DataExport.objects.filter(pk=stuck.pk).update(created_at=timezone.now() - timedelta(days=2))
    export, created = request_export(subject)
    assert created and export != stuck


def test_the_request_is_rate_limited(client, subject, settings):
    settings.SHARIK_RATE_LIMITS = {**settings.SHARIK_RATE_LIMITS, "data_export": "1/h/user"}
    log_in(client, subject)
    assert client.post(reverse("data_export_request")).status_code == 302
    assert client.post(reverse("data_export_request")).status_code == 429


def test_asking_needs_a_post_and_a_log_in(client, subject):
    assert client.post(reverse("data_export_request")).status_code == 302  # to log in
    assert not DataExport.objects.exists()
    log_in(client, subject)
    assert client.get(reverse("data_export_request")).status_code == 405


def test_building_twice_builds_once(subject):
    export, _created = request_export(subject)
    assert build_data_export.call(export.pk) is True
    export.refresh_from_db()
    name, ready_at = export.file.name, export.ready_at
    assert build_data_export.call(export.pk) is False
    export.refresh_from_db()
    assert (export.file.name, export.ready_at) == (name, ready_at)
    assert Notification.objects.filter(recipient=subject).count() == 1


def test_a_resident_without_an_email_address_is_told_on_the_site(subject):
    type(subject).objects.filter(pk=subject.pk).update(email=None)
    subject.refresh_from_db()
    export, _created = request_export(subject)
    build_data_export.call(export.pk)
    assert Notification.objects.filter(recipient=subject).count() == 1
    assert mail.outbox == []


# --- Downloading ----------------------------------------------------------------------------


@pytest.fixture
def ready_export(subject):
    export, _created = request_export(subject)
    build_data_export.call(export.pk)
    export.refresh_from_db()
    return export


def test_the_resident_downloads_json_and_a_page_in_their_language(client, subject, ready_export):
    response = log_in(client, subject).get(reverse("data_export_download", args=[ready_export.pk]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/zip"
    assert "no-store" in response["Cache-Control"]
    archive = zipfile.ZipFile(io.BytesIO(b"".join(response.streaming_content)))
    assert set(archive.namelist()) == {"sharik-data.json", "sharik-data.html"}
    document = json.loads(archive.read("sharik-data.json"))
    assert section(document, "participation.IdentityDeclaration.user")["rows"][0]["cin"] == CIN
    page = archive.read("sharik-data.html").decode()
    assert 'lang="ar" dir="rtl"' in page and CIN in page
    ready_export.refresh_from_db()
    assert ready_export.downloaded_at is not None


def test_the_page_is_french_and_left_to_right_for_a_french_reader(subject):
    type(subject).objects.filter(pk=subject.pk).update(preferred_language="fr")
    subject.refresh_from_db()
    page = zipfile.ZipFile(io.BytesIO(data_export.build_archive(subject))).read("sharik-data.html")
    assert 'lang="fr" dir="ltr"' in page.decode()


@pytest.mark.parametrize("who", ["another resident", "moderator", "superuser"])
def test_nobody_else_downloads_it(client, ready_export, who):
    other = {
        "another resident": ResidentFactory,
        "moderator": make_moderator,
        "superuser": lambda: ResidentFactory(is_staff=True, is_superuser=True),
    }[who]()
    response = log_in(client, other).get(reverse("data_export_download", args=[ready_export.pk]))
    assert response.status_code == 404


def test_anonymous_visitors_are_sent_to_log_in(client, ready_export):
    response = client.get(reverse("data_export_download", args=[ready_export.pk]))
    assert response.status_code == 302
    assert "login" in response["Location"]


def test_an_export_being_prepared_is_not_found(client, subject):
    export, _created = request_export(subject)
    response = log_in(client, subject).get(reverse("data_export_download", args=[export.pk]))
    assert response.status_code == 404


def test_an_expired_link_is_gone_and_its_file_deleted(client, subject, ready_export, private_files):
    path = private_files / ready_export.file.name
    assert path.exists()
    assert delete_expired_exports(now=ready_export.expires_at - timedelta(minutes=1)) == 0
    assert delete_expired_exports(now=ready_export.expires_at + timedelta(minutes=1)) == 1
    assert not path.exists()
    ready_export.refresh_from_db()
    assert ready_export.file.name == ""  # the row stays, as the record of the request
    response = log_in(client, subject).get(reverse("data_export_download", args=[ready_export.pk]))
    assert response.status_code == 410
    assert f"{reverse('profile')}#my-data" in response.content.decode()


def test_a_link_past_its_date_is_gone_before_the_file_is_deleted(client, subject, ready_export):
    DataExport.objects.filter(pk=ready_export.pk).update(
        expires_at=timezone.now() - timedelta(seconds=1)
    )
    response = log_in(client, subject).get(reverse("data_export_download", args=[ready_export.pk]))
    assert response.status_code == 410


def test_requests_and_downloads_are_audited_without_the_cin(client, subject, ready_export):
    log_in(client, subject).get(reverse("data_export_download", args=[ready_export.pk]))
    entries = AuditLogEntry.objects.filter(object_id=ready_export.pk)
    assert sorted(entries.values_list("action", flat=True)) == [
        "data_export.downloaded",
        "data_export.requested",
    ]
    assert all(entry.actor_id == subject.pk for entry in entries)
    for entry in AuditLogEntry.objects.all():
        text = f"{entry.action} {entry.reason} {json.dumps(entry.data)}"
        assert CIN not in text and cin_digest(CIN) not in text
    # The resident's next export lists these entries: what and when, not who or why.
    audit = collect(subject)["json"]["audit_log"]
    assert [entry["action"] for entry in audit] == [
        "data_export.requested",
        "data_export.downloaded",
    ]
    assert set(audit[0]) == {"action", "created_at"}


def test_the_profile_page_queries_are_bounded(
    client, subject, ready_export, django_assert_max_num_queries
):
    log_in(client, subject)
    for _ in range(3):
        request_export(subject)[0].delete()
    with django_assert_max_num_queries(15):
        assert client.get(reverse("profile")).status_code == 200
