"""Deciding many waiting items at once in the admin (participation/bulk_moderation.py): proposals
to moderate (publish, or return with one reason) and abuse reports (keep, or hide with one
reason), each item through the service that decides it one by one."""

import pytest
from django.urls import reverse
from django.utils.translation import ngettext

from participation.models import AuditLogEntry, Comment, Notification, ReportStatus
from proposals.models import Proposal, ProposalStatus
from tests.participation.factories import (
    CommentFactory,
    EditorFactory,
    ModeratorFactory,
    ReportFactory,
)
from tests.proposals.factories import ProposalFactory

pytestmark = pytest.mark.django_db


def bulk_url(app_label, model_name, action, items, next_url="/staff/"):
    ids = "&".join(f"id={item.pk}" for item in items)
    url = reverse("wagtail_bulk_action", args=[app_label, model_name, action])
    return f"{url}?{ids}&next={next_url}"


def proposals_url(action, items):
    return bulk_url("proposals", "proposal", action, items)


def reports_url(action, items):
    return bulk_url("participation", "report", action, items)


def messages_of(response):
    return [str(message) for message in response.context["messages"]] if response.context else []


@pytest.fixture
def pending():
    return [
        ProposalFactory(status=ProposalStatus.PENDING, title=f"اقتراح {n}", published_at=None)
        for n in range(3)
    ]


# --- The listing offers the actions -----------------------------------------------------------


def test_the_proposals_queue_has_a_checkbox_per_row_and_the_bulk_actions(client, pending):
    client.force_login(ModeratorFactory())
    page = client.get(f"{reverse('proposals_proposal:index')}?status=pending").content.decode()
    assert page.count("data-bulk-action-checkbox") >= 3
    for action in ("publish", "return"):
        assert reverse("wagtail_bulk_action", args=["proposals", "proposal", action]) in page
    assert f'id="item_{pending[0].pk}_title"' in page


def test_the_reports_queue_has_the_bulk_actions(client):
    ReportFactory.create_batch(2)
    client.force_login(ModeratorFactory())
    page = client.get(f"{reverse('participation_report:index')}?status=open").content.decode()
    assert page.count("data-bulk-action-checkbox") >= 2
    for action in ("keep", "hide"):
        assert reverse("wagtail_bulk_action", args=["participation", "report", action]) in page


# --- Confirmation first -----------------------------------------------------------------------


def test_the_confirmation_lists_what_will_change_and_changes_nothing(client, pending):
    already = ProposalFactory(title="منشور من قبل")
    client.force_login(ModeratorFactory())
    response = client.get(proposals_url("publish", [*pending, already]))
    assert response.status_code == 200
    page = response.content.decode()
    for proposal in pending:
        assert proposal.title in page
    assert "data-bulk-already-decided" in page and "منشور من قبل" in page
    assert set(Proposal.objects.values_list("status", flat=True)) == {
        ProposalStatus.PENDING,
        ProposalStatus.PUBLISHED,
    }
    assert Proposal.objects.filter(status=ProposalStatus.PENDING).count() == 3


# --- Publish ----------------------------------------------------------------------------------


def test_publishing_several_goes_through_the_service_for_each(client, pending):
    moderator = ModeratorFactory()
    client.force_login(moderator)
    response = client.post(proposals_url("publish", pending[:2]), follow=True)
    assert response.status_code == 200
    assert Proposal.objects.filter(status=ProposalStatus.PUBLISHED).count() == 2
    assert Proposal.objects.get(pk=pending[2].pk).status == ProposalStatus.PENDING
    entries = AuditLogEntry.objects.filter(action="proposal.publish", actor=moderator)
    assert sorted(entries.values_list("object_id", flat=True)) == sorted(p.pk for p in pending[:2])
    for proposal in pending[:2]:  # each author told, as one by one
        assert Notification.objects.filter(recipient=proposal.author, category="moderation")
    published = ngettext(
        "%(count)d proposal is published.", "%(count)d proposals are published.", 2
    ) % {"count": 2}
    assert published in messages_of(response)  # Arabic's dual says "two" with the word


def test_a_double_submit_decides_nothing_twice_and_says_so(client, pending):
    moderator = ModeratorFactory()
    client.force_login(moderator)
    url = proposals_url("publish", pending)
    client.post(url)
    response = client.post(url, follow=True)
    assert AuditLogEntry.objects.filter(action="proposal.publish").count() == 3
    assert Notification.objects.filter(category="moderation").count() == 3
    warning = " ".join(messages_of(response))
    assert "اقتراح 0" in warning and "3" in warning  # named as already decided


# --- Hide with one reason ---------------------------------------------------------------------


def test_returning_needs_the_reason(client, pending):
    client.force_login(ModeratorFactory())
    response = client.post(proposals_url("return", pending), {"reason": "   "})
    assert response.status_code == 200  # the form again, with its error
    assert response.context["form"].errors["reason"]
    assert Proposal.objects.filter(status=ProposalStatus.PENDING).count() == 3
    assert not AuditLogEntry.objects.filter(action="proposal.return").exists()


def test_returning_gives_each_author_the_one_reason(client, pending):
    moderator = ModeratorFactory()
    client.force_login(moderator)
    client.post(proposals_url("return", pending), {"reason": "خارج اختصاص الجماعة"})
    assert Proposal.objects.filter(status=ProposalStatus.RETURNED).count() == 3
    entries = AuditLogEntry.objects.filter(action="proposal.return", actor=moderator)
    assert entries.count() == 3
    assert set(entries.values_list("reason", flat=True)) == {"خارج اختصاص الجماعة"}
    for proposal in pending:
        notice = Notification.objects.get(recipient=proposal.author, category="moderation")
        assert "خارج اختصاص الجماعة" in notice.message


# --- Permission per item ----------------------------------------------------------------------


def test_an_editor_may_decide_none_of_them(client, pending):
    client.force_login(EditorFactory())
    page = client.get(proposals_url("publish", pending)).content.decode()
    assert "data-bulk-will-change" not in page
    client.post(proposals_url("publish", pending))
    assert Proposal.objects.filter(status=ProposalStatus.PENDING).count() == 3
    assert not AuditLogEntry.objects.exists()


def test_the_permission_is_asked_for_each_item(client, pending, monkeypatch):
    """The rules permission is asked with the item: an item it refuses is left out."""
    moderator = ModeratorFactory()
    refused = pending[0].pk
    has_perm = type(moderator).has_perm

    def has_perm_except_one(user, perm, obj=None):
        if perm == "proposals.moderate_proposal" and obj is not None and obj.pk == refused:
            return False
        return has_perm(user, perm, obj)

    monkeypatch.setattr(type(moderator), "has_perm", has_perm_except_one)
    client.force_login(moderator)
    client.post(proposals_url("publish", pending))
    assert Proposal.objects.get(pk=refused).status == ProposalStatus.PENDING
    assert Proposal.objects.filter(status=ProposalStatus.PUBLISHED).count() == 2


def test_a_get_changes_nothing_and_the_post_needs_its_csrf_token(pending):
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    client.force_login(ModeratorFactory())
    assert client.post(proposals_url("publish", pending)).status_code == 403
    assert Proposal.objects.filter(status=ProposalStatus.PENDING).count() == 3


def test_bulk_decisions_are_rate_limited(client, pending, settings):
    settings.SHARIK_RATE_LIMITS = {**settings.SHARIK_RATE_LIMITS, "moderation": "1/m/user"}
    client.force_login(ModeratorFactory())
    assert client.post(proposals_url("publish", pending[:1])).status_code == 302
    assert client.post(proposals_url("publish", pending[1:])).status_code == 429
    assert Proposal.objects.filter(status=ProposalStatus.PENDING).count() == 2


def test_select_all_reaches_only_the_waiting_items(client, pending):
    ProposalFactory(title="منشور")
    client.force_login(ModeratorFactory())
    url = f"{reverse('wagtail_bulk_action', args=['proposals', 'proposal', 'publish'])}?id=all"
    page = client.get(url).content.decode()
    assert "منشور" not in page.split("data-bulk-will-change")[1]
    client.post(url)
    assert not Proposal.objects.filter(status=ProposalStatus.PENDING).exists()


# --- Reports ----------------------------------------------------------------------------------


def test_hiding_reported_comments_with_one_reason(client):
    first, second = CommentFactory(), CommentFactory()
    reports = [ReportFactory(host=first), ReportFactory(host=first), ReportFactory(host=second)]
    moderator = ModeratorFactory()
    client.force_login(moderator)
    assert client.post(reports_url("hide", reports), {"reason": ""}).status_code == 200
    assert not Comment.objects.filter(hidden_at__isnull=False).exists()
    client.post(reports_url("hide", reports), {"reason": "شتم"})
    assert Comment.objects.filter(hidden_at__isnull=False, hidden_reason="شتم").count() == 2
    assert {r.status for r in type(reports[0]).objects.all()} == {ReportStatus.HIDDEN}
    assert AuditLogEntry.objects.filter(action="report.hidden").count() == 2  # once per comment
    assert AuditLogEntry.objects.filter(action="comment.hide").count() == 2


def test_keeping_reported_content_and_a_second_submit(client):
    reports = ReportFactory.create_batch(2)
    client.force_login(ModeratorFactory())
    url = reports_url("keep", reports)
    client.post(url)
    response = client.post(url, follow=True)
    assert {r.status for r in type(reports[0]).objects.all()} == {ReportStatus.KEPT}
    assert AuditLogEntry.objects.filter(action="report.kept").count() == 2
    assert not Comment.objects.filter(hidden_at__isnull=False).exists()
    kept = ngettext(
        "Kept: %(count)d reported item; its reporters are told.",
        "Kept: %(count)d reported items; their reporters are told.",
        2,
    ) % {"count": 2}
    assert kept in messages_of(response)  # Arabic's dual says "two" with the word


def test_an_editor_decides_no_report(client):
    reports = ReportFactory.create_batch(2)
    client.force_login(EditorFactory())
    response = client.post(reports_url("hide", reports), {"reason": "شتم"})
    assert response.status_code in {302, 403}
    assert {r.status for r in type(reports[0]).objects.all()} == {ReportStatus.OPEN}
