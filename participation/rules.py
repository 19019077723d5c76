"""Who may do what in the participation core: rules predicates, checked in views, templates and
the socket consumer alike (docs/architecture.md, "Permissions")."""

from datetime import timedelta

import rules
from allauth.account.models import EmailAddress
from django.conf import settings
from django.utils import timezone


@rules.predicate
def is_verified_resident(user):
    """Logged in with a confirmed email address (remembered on the user for this request)."""
    if not user.is_authenticated or not user.is_active:
        return False
    if not hasattr(user, "_sharik_email_verified"):
        user._sharik_email_verified = EmailAddress.objects.filter(user=user, verified=True).exists()
    return user._sharik_email_verified


def holds(permission, name):
    """A predicate true for a logged-in person who holds ``permission`` ("app.codename"),
    through a role's group (sharik/roles.py) or as a superuser."""
    return rules.predicate(
        lambda user: user.is_authenticated and user.has_perm(permission), name=name
    )


# The Moderators role (sharik/roles.py gives the permission to that group alone).
is_moderator = holds("participation.moderate_content", "is_moderator")
# The Officials role, alone (sharik/roles.py gives the permission to that group and no other; a
# superuser passes too): official answers, petition decisions, the petition dossier and every
# national ID number.
is_official = holds("participation.answer_officially", "is_official")


@rules.predicate
def host_is_visible(user, host):
    return host is not None and host.participation_is_visible_to(user)


@rules.predicate
def host_accepts_comments(user, host):
    return host is not None and host.comments_are_open()


@rules.predicate
def is_comment_author(user, comment):
    return user.is_authenticated and comment.author_id == user.pk


@rules.predicate
def comment_is_standing(user, comment):
    """Neither deleted by its author nor hidden by a moderator."""
    return comment.deleted_at is None and comment.hidden_at is None


@rules.predicate
def comment_edit_window_open(user, comment):
    window = timedelta(minutes=settings.SHARIK_COMMENT_EDIT_WINDOW_MINUTES)
    return timezone.now() - comment.created_at <= window


@rules.predicate
def comment_host_is_visible(user, comment):
    return comment.host is not None and comment.host.participation_is_visible_to(user)


rules.add_perm("participation.read_thread", host_is_visible)
rules.add_perm(
    "participation.post_comment", is_verified_resident & host_is_visible & host_accepts_comments
)
rules.add_perm(
    "participation.edit_comment",
    is_verified_resident & is_comment_author & comment_is_standing & comment_edit_window_open,
)
rules.add_perm("participation.delete_comment", is_comment_author & comment_is_standing)
rules.add_perm("participation.hide_comment", is_moderator & comment_is_standing)
rules.add_perm(
    "participation.report_comment",
    is_verified_resident & ~is_comment_author & comment_is_standing & comment_host_is_visible,
)


@rules.predicate
def host_is_reportable(user, host):
    return getattr(host, "reportable", False) and getattr(host, "is_public", True)


@rules.predicate
def is_host_author(user, host):
    return user.is_authenticated and getattr(host, "author_id", None) == user.pk


rules.add_perm("participation.follow", is_verified_resident & host_is_visible)
rules.add_perm(
    "participation.report_host",
    is_verified_resident & host_is_visible & host_is_reportable & ~is_host_author,
)
rules.add_perm("participation.post_official_answer", is_official)


@rules.predicate
def reported_content_exists(user, report):
    return report is not None and report.host is not None


# Deciding on a report (hide, keep, warn), one by one or many at once (the admin's bulk actions).
rules.add_perm("participation.decide_report", is_moderator & reported_content_exists)


@rules.predicate
def host_accepts_supports(user, host):
    return host is not None and host.supportable and host.supports_are_open()


# Authors don't support their own contribution: the count says how many others back it.
rules.add_perm(
    "participation.support",
    is_verified_resident & host_is_visible & host_accepts_supports & ~is_host_author,
)

rules.add_perm("participation.declare_identity", is_verified_resident)


# --- Content that moves through a workflow (participation/workflow.py) ---------------------------
# Each feature composes its permissions from these, so "the owner edits while the text may
# change" or "officials answer public content" reads the same for every kind of content.


@rules.predicate
def is_owner(user, host):
    """The resident who owns the host: the author of a proposal, the mandataire of a petition."""
    return host.is_owned_by(user)


@rules.predicate
def host_is_public(user, host):
    return host.is_public


def host_in_statuses(*statuses, name=None):
    """A predicate true while the host is in one of ``statuses``."""
    statuses = frozenset(statuses)
    return rules.predicate(lambda user, host: host.status in statuses, name=name)


def may_edit_own(editable):
    """Who edits a host: its owner, still a verified resident, while ``editable`` (a predicate)
    holds; once others back or sign the text, it stays what they read."""
    return is_verified_resident & is_owner & editable


# --- "Download my data" (participation/data_export.py) -----------------------------------------


@rules.predicate
def is_export_owner(user, export):
    """The resident whose data it is: nobody else, staff included, ever reads an export."""
    return user.is_authenticated and user.is_active and export.user_id == user.pk


rules.add_perm("participation.download_data_export", is_export_owner)


# --- Participation in figures (participation/figures.py) ---------------------------------------


@rules.predicate
def works_in_the_admin(user):
    return user.is_authenticated and user.is_active and user.has_perm("wagtailadmin.access_admin")


# Everyone who works in the admin (editors, moderators, officials, departments, administrators;
# not the counter agents, who serve at their counter): the staff's figures are counts, never a
# person, with a choice of period and arrondissement the public page has not.
rules.add_perm("participation.view_figures", works_in_the_admin)
