"""Each factory of the participation core, as its registered fixture, makes a valid saved row: a
cheap guard that the factories follow the models' constraints."""

import pytest

from participation.models import Comment, ReportStatus
from tests.checks import assert_saved_and_valid

pytestmark = pytest.mark.django_db

FIXTURES = [
    "user",
    "unverified_resident",
    "arrondissement",
    "identity_declaration",
    "comment",
    "follow",
    "report",
    "audit_log_entry",
    "notification",
    "notification_preference",
]


@pytest.mark.parametrize("name", FIXTURES)
def test_registered_factory_makes_a_valid_saved_row(request, name):
    assert_saved_and_valid(request.getfixturevalue(name))


def test_the_fixtures_of_a_test_share_their_rows(
    comment, report, audit_log_entry, follow, identity_declaration, user, resident, discussion
):
    assert comment.author == user and comment.host == discussion and not comment.is_hidden
    assert follow.user == user and follow.host == discussion
    assert report.host == comment and report.reporter == resident
    assert report.status == ReportStatus.OPEN
    assert audit_log_entry.host == comment and audit_log_entry.actor.is_staff
    assert identity_declaration.user == user and user.identity == identity_declaration


def test_factories_build_replies_hidden_comments_and_declarations_by_activity(
    comment_factory, identity_declaration_factory, comment
):
    reply = comment_factory(parent=comment)
    assert reply.host == comment.host and reply.is_reply
    hidden = comment_factory(hidden=True)
    assert hidden.is_hidden and hidden.hidden_by.has_perm("participation.moderate_content")
    assert Comment.objects.publicly_visible().filter(pk=hidden.pk).exists() is False
    declaration = identity_declaration_factory(by_activity=True, cin="CD654321")
    declaration.full_clean()
    assert declaration.masked_cin == "CD****21"
    assert declaration.basis == "activity" and declaration.activity
