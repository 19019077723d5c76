""" "Delete my account" (law 09-08; issue 18, point 6): every relation to the user model has a
policy (introspection), a resident present in every model is deleted and no table nor private file
holds their email, names, CIN, address, telephone or id afterwards, except the signatures the law
keeps on a filed petition, which the daily purge empties once the retention period is over
(frozen clock). Then the page: the password, the emailed link, staff refused, rate limits, a second
click."""

import io
import zipfile
from datetime import timedelta
from pathlib import Path

import pytest
import time_machine
from django.apps import apps
from django.contrib.auth import get_user_model
from django.contrib.sessions.models import Session
from django.core import mail
from django.core.files.storage import FileSystemStorage
from django.core.management import call_command
from django.db import connection, models
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext

from participation import account_deletion, consents
from participation.account_deletion import (
    AccountDeletionRefused,
    Anonymise,
    Erase,
    Retained,
    delete_account,
    policies,
    user_relations,
)
from participation.account_deletion_views import confirmation_token
from participation.data_export_tasks import build_data_export, request_export
from participation.models import AuditLogEntry, Comment, Consent, Notification
from participation.national_id import decrypt_cin
from participation.services import post_comment
from petitions.models import Petition, Signature
from tests.factories import declare_identity, log_in, make_moderator, make_petition
from tests.participation.factories import CommentFactory, ResidentFactory
from tests.participation.test_data_export import BUILDERS
from tests.petitions.factories import SignatureFactory

pytestmark = pytest.mark.django_db

EMAIL = "salma.scanned@example.org"
DISPLAY_NAME = "سلمى-المفحوصة"
FULL_NAME = "سلمى بنت فاحص الجداول"
CIN = "ZX987654"
ADDRESS = "زنقة الفحص 99، حي التجربة، سلا"
PHONE = "0612345678"  # the counters' contact of tests/participation/test_data_export.py


@pytest.fixture(autouse=True)
def private_files(tmp_path, monkeypatch):
    """Every file field writes to a folder of the test's own, which the scan reads whole."""
    storage = FileSystemStorage(location=tmp_path)
    for model in apps.get_models():
        for field in model._meta.concrete_fields:
            if isinstance(field, models.FileField):
                monkeypatch.setattr(field, "storage", storage)
    return tmp_path


@pytest.fixture
def subject():
    user = ResidentFactory(email=EMAIL, display_name=DISPLAY_NAME, birth_year=1990)
    declare_identity(user, cin=CIN, full_name=FULL_NAME, address=ADDRESS)
    return get_user_model().objects.get(pk=user.pk)


def needles(user):
    return {
        "email": user.email,
        "display name": user.display_name,
        "full name": FULL_NAME,
        "CIN": CIN,
        "address": ADDRESS,
        "telephone": PHONE,
    }


# --- The scan -------------------------------------------------------------------------------------


def scan_tables(user_id, needles):
    """``{(model label, pk, field, what)}``: every row of every table (auto-created ones too)
    whose text holds one of ``needles`` (an encrypted CIN decrypted first), or whose foreign key
    to the user model, or generic reference to an account, is ``user_id``; and every live
    session of the account."""
    user_model = get_user_model()
    user_type = apps.get_model("contenttypes", "ContentType").objects.get_for_model(user_model)
    found = set()
    # Every model has its table (makemigrations --check in CI); while a colleague's new model
    # waits for its migration, it has nothing to scan.
    tables = set(connection.introspection.table_names())
    for model in apps.get_models(include_auto_created=True):
        if model is Session or model._meta.db_table not in tables:
            continue
        fields = model._meta.concrete_fields
        for row in model._base_manager.all().values(*(f.attname for f in fields)):
            pk = row[model._meta.pk.attname]
            if model is user_model and pk == user_id:
                found.add((model._meta.label, pk, "id", "id"))
            for field in fields:
                value = row[field.attname]
                if value in (None, ""):
                    continue
                if field.is_relation and field.related_model is user_model and value == user_id:
                    found.add((model._meta.label, pk, field.name, "id"))
                    continue
                if field.name == "object_id" and value == user_id:
                    if row.get("content_type_id") == user_type.pk:
                        found.add((model._meta.label, pk, field.name, "id"))
                    continue
                if field.is_relation or not isinstance(
                    field, (models.CharField, models.TextField, models.JSONField)
                ):
                    continue
                text = str(value)
                if field.name.endswith("_encrypted"):
                    text = decrypt_cin(text)
                for what, needle in needles.items():
                    if needle and needle in text:
                        found.add((model._meta.label, pk, field.name, what))
    store = Session.get_session_store_class()()
    for session in Session.objects.all():
        if str(store.decode(session.session_data).get("_auth_user_id")) == str(user_id):
            found.add(("sessions.Session", session.session_key, "session_data", "id"))
    return found


def scan_files(root, needles):
    """``{(path, what)}``: the private files (and the members of a zip) holding a needle."""
    found = set()
    for path in Path(root).rglob("*"):
        if not path.is_file():
            continue
        contents = [path.read_bytes()]
        if zipfile.is_zipfile(path):
            with zipfile.ZipFile(path) as archive:
                contents += [archive.read(name) for name in archive.namelist()]
        for content in contents:
            for what, needle in needles.items():
                if needle and needle.encode() in content:
                    found.add((str(path.relative_to(root)), what))
    return found


def _announcement_delivery(user):
    from tests.announcements.factories import AnnouncementFactory

    return AnnouncementFactory().deliveries.create(recipient=user, state="sent", language="ar")


# Relations a resident can hold that the data export's builders do not fill yet.
MORE_BUILDERS = {"announcements.Delivery.recipient": _announcement_delivery}


def fill_every_model(subject, client, django_capture_on_commit_callbacks):
    """The resident everywhere: one row of each relation (the data export's builders), a
    signature on a petition being collected and on one the council decided, a reply that names
    them in another resident's notifications, a copy of their data built, and a session."""
    export, _created = request_export(subject)  # first: a pending export would be returned
    build_data_export.call(export.pk)
    for build in BUILDERS.values():
        build(subject)
    relations = {label for label, _model, _field in user_relations()}
    for label, build in MORE_BUILDERS.items():
        if label in relations and label not in BUILDERS:
            build(subject)
    decided = make_petition(status="decided", decided_on=timezone.localdate())
    kept = SignatureFactory(user=subject, petition=decided, show_name=True)
    other = ResidentFactory()
    parent = CommentFactory(author=other)
    post_comment(subject, parent.host, "شكرا على الفكرة", parent=parent)
    assert Notification.objects.filter(recipient=other, message__contains=DISPLAY_NAME).exists()
    log_in(client, subject)
    client.get(reverse("profile"))
    return kept


def test_nothing_of_the_resident_is_left_but_what_the_law_keeps_until_the_purge(
    subject, client, private_files, django_capture_on_commit_callbacks
):
    user_id, what = subject.pk, needles(subject)
    kept = fill_every_model(subject, client, django_capture_on_commit_callbacks)
    # Every relation a resident can hold is filled; those left empty are staff roles and acts.
    for label, model, field in user_relations():
        if not model._base_manager.filter(**{field.name: subject}).exists():
            reason = account_deletion.policy_for(label).reason
            assert "staff" in reason or "editor" in reason, f"{label} is not filled"
    # The scan finds the resident before (the scan works), in the tables and in the files.
    before = scan_tables(user_id, what)
    assert {hit[3] for hit in before} == {"id", *what}
    assert {"CIN", "email", "display name"} <= {hit[1] for hit in scan_files(private_files, what)}

    with django_capture_on_commit_callbacks(execute=True):
        stand_in = delete_account(subject)

    # Only the signature on the decided petition, with the identity declared when signing.
    left = scan_tables(user_id, what)
    assert {(label, pk) for label, pk, _field, _what in left} == {("petitions.Signature", kept.pk)}
    assert {hit[3] for hit in left} == {"full name", "CIN", "address"}
    kept.refresh_from_db()
    assert kept.user_id is None and kept.show_name is False
    assert scan_files(private_files, what) == set()
    # The public record stays, as by a deleted resident; the deletion is in the audit log.
    assert stand_in.deleted_at is not None and not stand_in.is_active
    assert stand_in.email is None and not stand_in.has_usable_password()
    assert Comment.objects.filter(author=stand_in).count() == 2
    assert str(stand_in) == str(stand_in.public_name) == gettext("deleted resident")
    entry = AuditLogEntry.objects.get(action="account.deleted")
    assert entry.actor is None and entry.object_id == stand_in.pk
    assert not {needle for needle in what.values() if needle in str(entry.data)}

    # A day before the end of the retention period nothing is purged; past it, all is.
    decided_on = kept.petition.decided_on
    days = timedelta(days=365)
    with time_machine.travel(timezone.now() + days - timedelta(days=1), tick=False):
        call_command("purge_retained_data", stdout=io.StringIO())
    assert scan_tables(user_id, what) == left
    with (
        time_machine.travel(timezone.now() + days + timedelta(days=1), tick=False),
        django_capture_on_commit_callbacks(execute=True),
    ):
        assert timezone.localdate() > decided_on + days
        call_command("purge_retained_data", stdout=io.StringIO())
    assert scan_tables(user_id, what) == set()
    assert scan_files(private_files, what) == set()
    # The petition's count stays true.
    assert Signature.objects.filter(pk=kept.pk, petition=kept.petition).exists()


# --- The policies -----------------------------------------------------------------------------


def test_every_relation_to_the_user_model_has_a_deletion_policy_with_a_reason():
    """A new model with a foreign key to users fails here until its policy says whether its rows
    are erased, anonymised or kept by law (participation/account_deletion.py, POLICIES or the
    features' hook)."""
    assert account_deletion.unaccounted_relations() == []
    for label, _model, _field in user_relations():
        policy = account_deletion.policy_for(label)
        assert isinstance(policy, (Erase, Anonymise, Retained)), label
        assert len(policy.reason) > 10, label


def test_the_policies_name_relations_and_fields_that_exist():
    relations = {label: (model, field) for label, model, field in user_relations()}
    for label, policy in policies().items():
        if label.endswith(".*"):
            continue
        assert label in relations, f"{label}: no such relation to the user model"
        if isinstance(policy, Anonymise):
            model, field = relations[label]
            assert not field.many_to_many, label
            for name in policy.blank:
                model._meta.get_field(name)


# --- The service ----------------------------------------------------------------------------------


def test_deleting_twice_deletes_once(subject):
    first = delete_account(subject)
    assert first is not None
    assert delete_account(subject) is None
    assert AuditLogEntry.objects.filter(action="account.deleted").count() == 1


@pytest.mark.parametrize("role", ["is_staff", "is_superuser", "group"])
def test_staff_cannot_delete_their_own_account(role):
    member = make_moderator() if role == "group" else ResidentFactory(**{role: True})
    if role == "group":
        member.is_staff = False
        member.save(update_fields=["is_staff"])
    with pytest.raises(AccountDeletionRefused):
        delete_account(member)
    assert get_user_model().objects.filter(pk=member.pk).exists()


def test_signatures_on_a_petition_still_collecting_are_withdrawn(
    subject, django_capture_on_commit_callbacks
):
    signature = SignatureFactory(user=subject)
    petition = signature.petition
    with django_capture_on_commit_callbacks(execute=True):
        delete_account(subject)
    assert not Signature.objects.filter(pk=signature.pk).exists()
    petition.refresh_from_db()
    assert petition.signature_count == 0


def test_a_mandataires_petition_stays_under_a_deleted_resident(client, subject):
    petition = make_petition(mandataire=subject)
    stand_in = delete_account(subject)
    petition.refresh_from_db()
    assert petition.mandataire == stand_in
    with translation.override("fr"):
        page = client.get(petition.get_absolute_url()).content.decode()
    assert DISPLAY_NAME not in page
    with translation.override("fr"):
        assert str(stand_in.public_name) in page


def test_comments_show_deleted_resident(client, subject):
    comment = CommentFactory(author=subject)
    delete_account(subject)
    with translation.override("fr"):
        page = client.get(comment.host.participation_url()).content.decode()
        assert gettext("deleted resident") in page
    assert DISPLAY_NAME not in page


def test_consents_go_with_the_account(subject):
    consents.register_purpose("test-deletion", "Label", "Text", "1")
    try:
        consents.give(subject, "test-deletion")
        stand_in = delete_account(subject)
        assert not Consent.objects.exists()
        assert list(consents.consenting("test-deletion")) == []
        assert not consents.has_consented(stand_in, "test-deletion")
    finally:
        consents.unregister_purpose("test-deletion")


def test_every_session_of_the_account_ends(client, subject, django_capture_on_commit_callbacks):
    other_device = type(client)()
    log_in(client, subject)
    log_in(other_device, subject)
    client.get(reverse("profile"))
    assert Session.objects.count() >= 2
    with django_capture_on_commit_callbacks(execute=True):
        delete_account(subject)
    response = other_device.get(reverse("profile"))
    assert response.status_code == 302
    assert scan_tables(subject.pk, {}) == set()


# --- The page -------------------------------------------------------------------------------------


def delete_url(language="fr"):
    with translation.override(language):
        return reverse("account_delete")


def test_the_page_needs_an_account(client):
    response = client.get(delete_url())
    assert response.status_code == 302 and "login" in response["Location"]


def test_the_page_says_what_is_erased_and_kept(client, subject):
    log_in(client, subject)
    response = client.get(delete_url("ar"))
    assert response.status_code == 200
    page = response.content.decode()
    assert 'dir="rtl"' in page
    assert 'name="password"' in page and 'id="delete-account-form"' in page
    assert "365" in page  # the retention period


def test_the_profile_links_to_the_page(client, subject):
    log_in(client, subject)
    with translation.override("fr"):
        page = client.get(reverse("profile")).content.decode()
    assert delete_url() in page


def test_a_wrong_password_deletes_nothing(client, subject):
    subject.set_password("the-right-one-1")
    subject.save()
    log_in(client, subject)
    response = client.post(delete_url(), {"password": "a-wrong-one"})
    assert response.status_code == 200
    assert "password" in response.context["form"].errors
    assert get_user_model().objects.filter(pk=subject.pk).exists()


def test_the_right_password_deletes_and_logs_out(client, subject):
    subject.set_password("the-right-one-1")
    subject.save()
    log_in(client, subject)
    response = client.post(delete_url(), {"password": "the-right-one-1"})
    with translation.override("fr"):
        assert response["Location"] == reverse("account_deleted")
    assert not get_user_model().objects.filter(pk=subject.pk).exists()
    assert "_auth_user_id" not in client.session
    done = client.get(response["Location"])
    assert done.status_code == 200
    # A second click (the form sent again) asks to log in, and deletes nothing more.
    again = client.post(delete_url(), {"password": "the-right-one-1"})
    assert again.status_code == 302 and "login" in again["Location"]
    assert AuditLogEntry.objects.filter(action="account.deleted").count() == 1


def test_the_form_needs_csrf(subject):
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    subject.set_password("the-right-one-1")
    subject.save()
    log_in(client, subject)
    response = client.post(delete_url(), {"password": "the-right-one-1"})
    assert response.status_code == 403
    assert get_user_model().objects.filter(pk=subject.pk).exists()


def test_guessing_passwords_is_rate_limited(client, subject, settings):
    settings.SHARIK_RATE_LIMITS = {**settings.SHARIK_RATE_LIMITS, "account_deletion": "2/h/user"}
    subject.set_password("the-right-one-1")
    subject.save()
    log_in(client, subject)
    for _ in range(2):
        assert client.post(delete_url(), {"password": "wrong"}).status_code == 200
    response = client.post(delete_url(), {"password": "the-right-one-1"})
    assert response.status_code == 429
    assert get_user_model().objects.filter(pk=subject.pk).exists()


def test_staff_are_refused_with_a_message(client):
    moderator = make_moderator()
    log_in(client, moderator)
    page = client.get(delete_url()).content.decode()
    assert 'id="delete-account-form"' not in page
    assert 'role="alert"' in page
    client.post(delete_url(), {"password": "whatever"})
    assert get_user_model().objects.filter(pk=moderator.pk).exists()


def test_without_a_password_a_link_is_emailed(client, subject, django_capture_on_commit_callbacks):
    subject.set_unusable_password()
    subject.save()
    log_in(client, subject)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(delete_url())
    assert response.status_code == 302
    assert get_user_model().objects.filter(pk=subject.pk).exists()
    (message,) = mail.outbox
    assert message.to == [EMAIL]
    path = next(word for word in message.body.split() if "/confirm/" in word)
    path = path.split("://", 1)[1].split("/", 1)[1]
    # Opening the link shows a button; it does not delete by itself.
    page = client.get(f"/{path}")
    assert page.status_code == 200
    assert get_user_model().objects.filter(pk=subject.pk).exists()
    response = client.post(f"/{path}")
    assert response.status_code == 302
    assert not get_user_model().objects.filter(pk=subject.pk).exists()


def test_a_link_for_another_account_or_expired_deletes_nothing(client, subject):
    other = ResidentFactory()
    log_in(client, subject)
    with translation.override("fr"):
        wrong = reverse("account_delete_confirm", args=[confirmation_token(other)])
        right = reverse("account_delete_confirm", args=[confirmation_token(subject)])
    assert client.post(wrong).status_code == 400
    with time_machine.travel(timezone.now() + timedelta(hours=2)):
        assert client.post(right).status_code == 400
    assert client.post(right[:-2] + "x/").status_code == 400  # altered
    assert get_user_model().objects.filter(pk__in=[subject.pk, other.pk]).count() == 2


def test_an_account_opened_at_a_counter_confirms_with_a_box(client, subject):
    subject.set_unusable_password()
    subject.email = None
    subject.save()
    log_in(client, subject)
    assert client.post(delete_url()).status_code == 200  # the box not ticked
    assert get_user_model().objects.filter(pk=subject.pk).exists()
    assert client.post(delete_url(), {"confirm": "yes"}).status_code == 302
    assert not get_user_model().objects.filter(pk=subject.pk).exists()


def test_a_signature_kept_on_a_filed_petition_is_no_longer_public(client, subject):
    petition = make_petition(status="filed", filed_at=timezone.now())
    SignatureFactory(user=subject, petition=petition, show_name=True)
    delete_account(subject)
    assert Petition.objects.get(pk=petition.pk).signatures.get().show_name is False
