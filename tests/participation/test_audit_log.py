"""The audit log viewer (issue 18, point 3): who sees it, what a row says, filters, pagination, a
fixed number of queries, the audited CSV export, and a log no one can change."""

import csv
import io
from datetime import timedelta

import pytest
import time_machine
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import NoReverseMatch, reverse
from django.utils import timezone

from participation.audit_log import action_label, action_labels
from participation.models import AuditLogEntry, AuditLogIsAppendOnly
from participation.services import audit
from tests.participation.factories import (
    AuditLogEntryFactory,
    EditorFactory,
    ModeratorFactory,
    ResidentFactory,
)

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]

INDEX = "participation_audit_log:index"


@pytest.fixture
def moderator(db):
    """A moderator whose admin speaks English, the language of the code."""
    return ModeratorFactory(preferred_language="en")


EXPORT = "participation_audit_log:export"


def _superuser():
    return ResidentFactory(
        is_staff=True, is_superuser=True, display_name="Admin", preferred_language="en"
    )


def _export_lines(response):
    text = b"".join(response.streaming_content).decode("utf-8").lstrip("\ufeff")
    return list(csv.reader(io.StringIO(text)))


# --- Never editable ---------------------------------------------------------------------------


def test_an_entry_once_written_cannot_be_saved_again(audit_log_entry):
    audit_log_entry.reason = "changed"
    with pytest.raises(AuditLogIsAppendOnly):
        audit_log_entry.save()
    audit_log_entry.refresh_from_db()
    assert audit_log_entry.reason == "كلام مسيء لأحد السكان"


def test_an_entry_cannot_be_deleted(audit_log_entry):
    with pytest.raises(AuditLogIsAppendOnly):
        audit_log_entry.delete()
    assert AuditLogEntry.objects.filter(pk=audit_log_entry.pk).exists()


def test_the_log_cannot_be_updated_in_bulk(audit_log_entry):
    with pytest.raises(AuditLogIsAppendOnly):
        AuditLogEntry.objects.filter(pk=audit_log_entry.pk).update(reason="changed")
    with pytest.raises(AuditLogIsAppendOnly):
        AuditLogEntry.objects.update(reason="changed")
    assert AuditLogEntry.objects.get().reason == "كلام مسيء لأحد السكان"


def test_the_log_cannot_be_deleted_in_bulk(audit_log_entry):
    with pytest.raises(AuditLogIsAppendOnly):
        AuditLogEntry.objects.all().delete()
    with pytest.raises(AuditLogIsAppendOnly):
        AuditLogEntry.objects.filter(pk=audit_log_entry.pk).delete()
    assert AuditLogEntry.objects.count() == 1


def test_a_deleted_account_leaves_its_entries_without_an_actor(audit_log_entry):
    """Django's cascade (law 09-08's account deletion) still works: the entry stays."""
    audit_log_entry.actor.delete()
    entry = AuditLogEntry.objects.get(pk=audit_log_entry.pk)
    assert entry.actor is None and entry.action == "comment.hide"


@pytest.mark.parametrize("view", ["add", "edit", "delete", "copy", "history", "usage"])
def test_the_viewer_has_no_view_that_changes_the_log(view):
    with pytest.raises(NoReverseMatch):
        reverse(f"participation_audit_log:{view}", args=[] if view == "add" else [1])


def test_an_administrator_sees_no_button_to_change_the_log(client, audit_log_entry):
    client.force_login(_superuser())
    for url in (
        reverse(INDEX),
        reverse("participation_audit_log:inspect", args=[audit_log_entry.pk]),
    ):
        page = client.get(url).content.decode()
        assert "/moderation/audit-log/new/" not in page
        assert "/moderation/audit-log/edit/" not in page
        assert "/moderation/audit-log/delete/" not in page
    index = reverse(INDEX)
    assert client.get(f"{index}new/", follow=True).status_code == 404
    assert client.get(f"{index}edit/{audit_log_entry.pk}/", follow=True).status_code == 404
    assert client.post(f"{index}delete/{audit_log_entry.pk}/", follow=True).status_code == 404
    assert AuditLogEntry.objects.filter(pk=audit_log_entry.pk).exists()


def test_only_the_view_permission_can_be_granted():
    from wagtail import hooks

    codenames = {
        permission.codename
        for register in hooks.get_hooks("register_permissions")
        for permission in register()
        if permission.content_type.model == "auditlogentry"
    }
    assert codenames == {"view_auditlogentry"}


# --- Who sees it ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("role", "allowed"),
    [("resident", False), ("editor", False), ("moderator", True), ("administrator", True)],
)
def test_who_sees_the_audit_log(client, audit_log_entry, role, allowed):
    user = {
        "resident": ResidentFactory,
        "editor": EditorFactory,
        "moderator": ModeratorFactory,
        "administrator": _superuser,
    }[role]()
    client.force_login(user)
    urls = [
        reverse(INDEX),
        reverse("participation_audit_log:inspect", args=[audit_log_entry.pk]),
        reverse(EXPORT),
    ]
    for url in urls:
        response = client.get(url)
        if allowed:
            assert response.status_code == 200, url
        else:
            assert response.status_code in {302, 403}, url
            assert not response.get("Content-Disposition")
    exported = AuditLogEntry.objects.filter(action="audit_log.exported", actor=user).exists()
    assert exported is allowed


def test_the_menu_offers_the_log_to_moderators_only(client):
    client.force_login(ModeratorFactory())
    assert reverse(INDEX) in client.get(reverse("wagtailadmin_home")).content.decode()
    client.force_login(EditorFactory())
    assert reverse(INDEX) not in client.get(reverse("wagtailadmin_home")).content.decode()


# --- What a row says --------------------------------------------------------------------------


def test_a_row_says_who_when_what_on_what_and_why(client, moderator, audit_log_entry):
    client.force_login(moderator)
    page = client.get(reverse(INDEX)).content.decode()
    assert moderator.display_name in page
    assert "Comment hidden" in page and "comment.hide" in page
    assert "كلام مسيء لأحد السكان" in page
    assert "Comment:" in page


def test_an_unknown_action_shows_its_code():
    assert action_label("newfeature.did_something") == "newfeature.did_something"
    assert action_label("petition.decided") == "Council's decision on a petition recorded"


def test_the_object_links_to_its_page(client, moderator, discussion):
    audit(moderator, "plan.post_update", discussion)
    client.force_login(moderator)
    page = client.get(reverse(INDEX)).content.decode()
    assert reverse("wagtailadmin_pages:edit", args=[discussion.pk]) in page


def test_the_details_show_the_data_and_the_action_in_words(client, moderator, discussion):
    entry = audit(moderator, "petition.dossier_download", discussion, format="csv")
    client.force_login(moderator)
    page = client.get(reverse("participation_audit_log:inspect", args=[entry.pk])).content.decode()
    assert "Petition dossier downloaded" in page
    assert "&quot;format&quot;: &quot;csv&quot;" in page or '"format": "csv"' in page


# --- Filters and pagination -------------------------------------------------------------------


@pytest.fixture
def three_entries(moderator, discussion, resident):
    other = ModeratorFactory(display_name="Autre")
    with time_machine.travel(timezone.now() - timedelta(days=40), tick=False):
        old = audit(other, "petition.admissible", discussion, "OK")
    return {
        "hide": audit(moderator, "comment.hide", discussion, "insult"),
        "counter": audit(moderator, "counter.file_opened", resident),
        "old": old,
        "other": other,
    }


def _listed(client, **params):
    response = client.get(reverse(INDEX), params)
    assert response.status_code == 200
    return {entry.pk for entry in response.context["object_list"]}


def test_filter_by_person(client, moderator, three_entries):
    client.force_login(moderator)
    assert _listed(client, actor=three_entries["other"].pk) == {three_entries["old"].pk}


def test_filter_by_kind_or_exact_action(client, moderator, three_entries):
    client.force_login(moderator)
    assert _listed(client, kind="counter.") == {three_entries["counter"].pk}
    assert _listed(client, kind="comment.hide") == {three_entries["hide"].pk}


def test_filter_by_date_range(client, moderator, three_entries):
    client.force_login(moderator)
    since = (timezone.localdate() - timedelta(days=7)).isoformat()
    assert _listed(client, created_at_from=since) == {
        three_entries["hide"].pk,
        three_entries["counter"].pk,
    }
    until = (timezone.localdate() - timedelta(days=30)).isoformat()
    assert _listed(client, created_at_to=until) == {three_entries["old"].pk}


def test_filter_by_object(client, moderator, three_entries, resident):
    client.force_login(moderator)
    user_type = ContentType.objects.get_for_model(resident)
    assert _listed(client, content_type=user_type.pk, object_id=resident.pk) == {
        three_entries["counter"].pk
    }


def test_search(client, moderator, three_entries):
    client.force_login(moderator)
    assert _listed(client, q="insult") == {three_entries["hide"].pk}


def test_the_log_is_paginated(client, moderator, discussion):
    for _ in range(55):
        audit(moderator, "comment.hide", discussion)
    client.force_login(moderator)
    assert len(_listed(client)) == 50
    assert len(_listed(client, p=2)) == 5


def _entries_of_three_kinds(count, moderator, discussion, resident):
    for index in range(count):
        kind = index % 3
        if kind == 0:
            AuditLogEntryFactory(actor=moderator)  # on a comment
        elif kind == 1:
            audit(ModeratorFactory(), "plan.post_update", discussion)  # on a page
        else:
            audit(moderator, "counter.file_opened", resident)  # on an account


def test_the_list_takes_as_many_queries_for_3_entries_as_for_60(
    client, moderator, discussion, resident, django_assert_num_queries
):
    client.force_login(moderator)
    url = reverse(INDEX)
    _entries_of_three_kinds(3, moderator, discussion, resident)
    client.get(url)  # caches warmed (content types, site)
    with CaptureQueriesContext(connection) as for_three:
        assert client.get(url).status_code == 200
    _entries_of_three_kinds(57, moderator, discussion, resident)
    with django_assert_num_queries(len(for_three)):
        response = client.get(url)
    assert len(response.context["object_list"]) == 50


# --- Export ------------------------------------------------------------------------------------


def test_the_export_is_the_filtered_log_and_is_itself_audited(client, moderator, three_entries):
    client.force_login(moderator)
    response = client.get(reverse(EXPORT), {"kind": "counter.", "q": ""})
    assert response["Content-Type"].startswith("text/csv")
    assert response["Content-Disposition"].startswith('attachment; filename="audit-log-')
    lines = _export_lines(response)
    assert lines[0][:4] == ["When", "Who", "Who (account number)", "What"]
    assert [line[4] for line in lines[1:]] == ["counter.file_opened"]
    assert lines[1][3] == "Resident's file opened at a counter"
    exported = AuditLogEntry.objects.get(action="audit_log.exported")
    assert exported.actor == moderator
    assert exported.data == {"filters": {"kind": "counter."}}


def test_the_export_records_every_filter(client, moderator, three_entries):
    client.force_login(moderator)
    since = timezone.localdate().isoformat()
    response = client.get(
        reverse(EXPORT),
        {"actor": moderator.pk, "created_at_from": since, "q": "insult"},
    )
    assert [line[4] for line in _export_lines(response)[1:]] == ["comment.hide"]
    filters = AuditLogEntry.objects.get(action="audit_log.exported").data["filters"]
    assert filters == {"actor": moderator.pk, "created_at": [since, ""], "q": "insult"}


def test_an_export_shows_in_the_log_as_an_export_of_the_log(client, moderator):
    client.force_login(moderator)
    b"".join(client.get(reverse(EXPORT)).streaming_content)
    page = client.get(reverse(INDEX)).content.decode()
    assert "Audit log exported" in page


def test_exported_text_cannot_run_as_a_formula(client, moderator, discussion):
    audit(moderator, "comment.hide", discussion, '=HYPERLINK("http://evil")')
    client.force_login(moderator)
    lines = _export_lines(client.get(reverse(EXPORT)))
    assert lines[-1][8].startswith("'=")


def test_every_counter_act_has_words():
    labels = action_labels()
    assert "counter.proposal_supported" in labels
    assert "counter.proposal_supported_refused" in labels
