"""The verbs of the participation core. Each is one transaction; views call them after checking
permissions; live events and emails leave only after the transaction commits."""

from django.contrib.contenttypes.models import ContentType
from django.db import IntegrityError, connection, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from participation import comment_counts, live
from participation.lookups import one_statement, written_row
from participation.models import (
    AuditLogEntry,
    Comment,
    Follow,
    NotificationCategory,
    Report,
    ReportStatus,
)
from participation.notifications import announce_official_comment, notify
from participation.pagecache import pages_changed_on_commit
from participation.tasks import mark_recount_queued_sql, recount_window


class ParticipationError(Exception):
    """A request the rules refuse, with a message for the resident."""


def host_content_type(host):
    return ContentType.objects.get_for_model(host, for_concrete_model=False)


def _thread_changed(kind, comment, host, recount_marked=None):
    """Tell the viewers the change (after the commit), end the pages that show it, and, when the
    visible count may have changed, queue its recount (participation/comment_counts.py), which
    pushes the count and ends the pages again.

    A new comment ends the pages itself only when it queued the recount (the first of a moment):
    during a busy debate the next comments of that moment wait for their recount, half a second
    later, as signatures and supports do, instead of each ending every kept page and remembered
    way of the site (participation/pagecache.py ``NOT_SHOWN``). Its author sees it at once (the
    redirect carries a message, and pages with a message are not served from the cache), viewers
    through their socket. An edit, a deletion or a moderator's hiding ends them at once.
    ``recount_marked``: whether the comment's own statement marked the recount queued
    (``_comment_in_one_statement``)."""
    live.publish_comment_event(kind, comment)
    if recount_marked is None:
        queued = kind != "edited" and comment_counts.schedule_recount(host)
    else:  # the comment's own statement marked it queued, or found it marked
        queued = recount_marked
        if queued:
            comment_counts.enqueue(host)
    if kind != "created" or queued:
        pages_changed_on_commit()


def audit(actor, action, target, reason="", **data):
    return AuditLogEntry.objects.create(
        actor=actor,
        action=action,
        content_type=ContentType.objects.get_for_model(target, for_concrete_model=False),
        object_id=target.pk,
        reason=reason,
        data=data,
    )


# --- Comments ---------------------------------------------------------------------------------


def post_comment(author, host, body, parent=None, official=False, submission=None):
    """Post a comment (or a reply) on ``host``; the author starts following it.

    Returns ``(comment, started_following)`` so the page can say so and offer to undo.
    Replies to a reply join the same conversation under its top-level comment: threads stay two
    levels deep, which reads well on a phone.

    ``submission``, the form's one-time key, makes a second sending of the same form (a double
    click, a retry) return the comment the first one posted, without posting it again: the
    unique constraint decides, with nothing read first (a first sending is the common case).
    The comment is the transaction's first write and nothing after it conflicts (the follow and
    the recount's marker are ``ON CONFLICT DO NOTHING``): a conflict rolls the whole transaction
    back, with no savepoint of its own around the insert. On PostgreSQL a comment that is not a
    reply nor an official answer (nearly all) is written in one statement with its follow and
    its recount's marker (``_comment_in_one_statement``), as a signature is.
    """
    body = body.strip()
    if not body:
        raise ParticipationError(_("Write something before sending."))
    if not host.comments_are_open():
        raise ParticipationError(_("This discussion is closed."))
    content_type = host_content_type(host)
    if parent is not None:
        if (parent.content_type_id, parent.object_id) != (content_type.pk, host.pk):
            raise ParticipationError(_("You can only reply within the same discussion."))
        if parent.parent_id is not None:
            parent = parent.parent
    try:
        if parent is None and not official and _comments_in_one_statement():
            comment, started_following, recount_marked = _comment_in_one_statement(
                author, host, content_type, body, submission
            )
            comment.host = host
            _thread_changed("created", comment, host, recount_marked=recount_marked)
            return comment, started_following
        with transaction.atomic():
            return _post_comment(author, host, content_type, body, parent, official, submission)
    except IntegrityError:  # the same form, sent at the same moment, was posted first
        if submission is None:
            raise
        posted = Comment.objects.filter(author=author, submission=submission).first()
        if posted is None:
            raise
        return posted, False


def _comments_in_one_statement():
    # Data-modifying WITH and RETURNING: PostgreSQL's (SQLite's WITH cannot hold an INSERT).
    return connection.vendor == "postgresql"


def _comment_in_one_statement(author, host, content_type, body, submission):
    """The comment, its author's follow and its thread's recount marker in one statement (atomic
    by itself, one round trip instead of five; petitions/services.py signs the same way).
    Returns the comment, whether the follow started and whether the recount was marked queued
    (then ``_thread_changed`` queues it). A second sending of the same form raises
    ``IntegrityError`` with nothing written, as the insert alone does."""
    table = connection.ops.quote_name(Comment._meta.db_table)
    now = timezone.now()
    with one_statement(), connection.cursor() as cursor:
        cursor.execute(
            f"""
            WITH comment AS (
                INSERT INTO {table} ({COMMENT_COLUMNS})
                VALUES (%s, %s, NULL, %s, %s, false, %s, NULL, NULL, NULL, NULL, '', 0, %s)
                RETURNING id
            ), follow AS (
                {automatic_follow_sql(for_each_row_of="comment")} RETURNING 1
            ), recount AS (
                {mark_recount_queued_sql(for_each_row_of="comment")}
            )
            SELECT (SELECT id FROM comment), EXISTS (SELECT 1 FROM follow),
                EXISTS (SELECT 1 FROM recount)
            """,  # noqa: S608 (table names, not input)
            [
                content_type.pk,
                host.pk,
                author.pk,
                body,
                now,
                submission,
                content_type.pk,
                host.pk,
                author.pk,
                now,
                comment_counts.recount_key(content_type.pk, host.pk),
                recount_window(),
            ],
        )
        pk, started_following, recount_marked = cursor.fetchone()
    comment = written_row(
        Comment,
        pk=pk,
        content_type=content_type,
        object_id=host.pk,
        author=author,
        body=body,
        created_at=now,
        submission=submission,
    )
    return comment, started_following, recount_marked


COMMENT_COLUMNS = (
    "content_type_id, object_id, parent_id, author_id, body, is_official, created_at, edited_at, "
    "deleted_at, hidden_at, hidden_by_id, hidden_reason, reply_count, submission"
)


def _post_comment(author, host, content_type, body, parent, official, submission):
    comment = Comment.objects.create(
        content_type=content_type,
        object_id=host.pk,
        parent=parent,
        author=author,
        body=body,
        is_official=official,
        submission=submission,
    )
    if parent is not None:
        Comment.objects.filter(pk=parent.pk).update(reply_count=F("reply_count") + 1)
        if parent.author_id != author.pk:
            notify(
                parent.author,
                NotificationCategory.REPLY,
                lambda: (
                    _("%(name)s replied to your comment on “%(title)s”")
                    % {"name": author.display_name, "title": host.participation_title()}
                ),
                url=f"{host.participation_url()}#comment-{comment.pk}",
            )
    if official:
        # Followers are told in the background, in batches (participation/notifications.py).
        transaction.on_commit(lambda: announce_official_comment.enqueue(comment.pk))
    started_following = follow_automatically(author, host)
    comment.host = host
    _thread_changed("created", comment, host)
    return comment, started_following


@transaction.atomic
def edit_comment(comment, body):
    body = body.strip()
    if not body:
        raise ParticipationError(_("Write something before sending."))
    comment.body = body
    comment.edited_at = timezone.now()
    comment.save(update_fields=["body", "edited_at"])
    _thread_changed("edited", comment, comment.host)
    return comment


@transaction.atomic
def delete_comment(comment):
    """The author withdraws their comment; its place in the thread says so."""
    comment.deleted_at = timezone.now()
    comment.save(update_fields=["deleted_at"])
    _thread_changed("deleted", comment, comment.host)
    return comment


@transaction.atomic
def hide_comment(moderator, comment, reason):
    """A moderator hides a comment, with a reason the author is told (and the audit log keeps)."""
    reason = reason.strip()
    if not reason:
        raise ParticipationError(_("Give the reason: the author will be told."))
    comment.hidden_at = timezone.now()
    comment.hidden_by = moderator
    comment.hidden_reason = reason
    comment.save(update_fields=["hidden_at", "hidden_by", "hidden_reason"])
    audit(moderator, "comment.hide", comment, reason)
    host = comment.host
    notify(
        comment.author,
        NotificationCategory.MODERATION,
        lambda: (
            _("A moderator hid your comment on “%(title)s”. Reason: %(reason)s")
            % {"title": host.participation_title(), "reason": reason}
        ),
        url=host.participation_url(),
    )
    _thread_changed("hidden", comment, host)
    return comment


# --- Follows ----------------------------------------------------------------------------------


def follow(user, host, automatic=False):
    """Follow ``host``; returns ``(follow, created)``. Idempotent under double clicks."""
    content_type = host_content_type(host)
    try:
        with transaction.atomic():
            return Follow.objects.get_or_create(
                user=user,
                content_type=content_type,
                object_id=host.pk,
                defaults={"automatic": automatic},
            )
    except IntegrityError:  # a concurrent click created it
        return Follow.objects.get(user=user, content_type=content_type, object_id=host.pk), False


def follow_automatically(user, host):
    """Follow ``host`` after taking part in it (a signature, a support, a comment), in one
    statement: an ``INSERT … ON CONFLICT DO NOTHING`` that leaves an existing follow as it is.
    For the hot write paths, where ``follow()``'s read, savepoints and returned row cost more
    than the write itself (bench/writes.py). Returns whether the user started following."""
    if not connection.features.can_return_columns_from_insert:  # SQLite before 3.35
        return follow(user, host, automatic=True)[1]
    with connection.cursor() as cursor:
        cursor.execute(
            f"{_follow_insert('VALUES (%s, %s, %s, %s, true)')} RETURNING 1",
            [
                host_content_type(host).pk,
                host.pk,
                user.pk,
                connection.ops.adapt_datetimefield_value(timezone.now()),
            ],
        )
        return cursor.fetchone() is not None


def started_following_tag(thread_key):
    """The tag of the message after a comment that started its author's follow of the thread
    ``thread_key``: the thread's notice then offers to undo it (participation_tags.py)."""
    return f"started-following:{thread_key}"


def automatic_follow_sql(for_each_row_of):
    """``follow_automatically`` as a part of a write's own statement on PostgreSQL: the follow
    ``INSERT`` for each row (one or none) of ``for_each_row_of``, a name in the statement around
    it, taking the host's content type, the host's id, the user and the time (the signature's and
    the support's statements: petitions/services.py, proposals/services.py)."""
    return _follow_insert(f"SELECT %s, %s, %s, %s, true FROM {for_each_row_of}")  # noqa: S608


def _follow_insert(rows):
    """An automatic follow's ``INSERT`` of ``rows`` (the host's content type, the host's id, the
    user, the time, true), leaving an existing follow as it is."""
    table = connection.ops.quote_name(Follow._meta.db_table)
    return (
        f"INSERT INTO {table} (content_type_id, object_id, user_id, created_at, automatic) "
        f"{rows} ON CONFLICT DO NOTHING"
    )


def unfollow(user, host):
    Follow.objects.filter(
        user=user, content_type=host_content_type(host), object_id=host.pk
    ).delete()


def is_following(user, host):
    return (
        user.is_authenticated
        and Follow.objects.filter(
            user=user, content_type=host_content_type(host), object_id=host.pk
        ).exists()
    )


# --- Reports and moderation -------------------------------------------------------------------


def report(reporter, target, reason, details=""):
    """File a report; a second one by the same person while the first is open changes nothing."""
    content_type = ContentType.objects.get_for_model(target, for_concrete_model=False)
    try:
        with transaction.atomic():
            return Report.objects.create(
                reporter=reporter,
                content_type=content_type,
                object_id=target.pk,
                reason=reason,
                details=details.strip(),
            ), True
    except IntegrityError:
        return Report.objects.get(
            reporter=reporter,
            content_type=content_type,
            object_id=target.pk,
            status=ReportStatus.OPEN,
        ), False


OUTCOME_MESSAGES = {
    ReportStatus.HIDDEN: lambda: _(
        "Thank you: the content you reported has been hidden by a moderator."
    ),
    ReportStatus.KEPT: lambda: _(
        "A moderator reviewed the content you reported and kept it: it follows the participation "
        "charter."
    ),
    ReportStatus.WARNED: lambda: _(
        "Thank you: a moderator reviewed the content you reported and warned its author."
    ),
}


@transaction.atomic
def resolve_reports(moderator, target, decision, note=""):
    """Decide on every open report about ``target``: hide it, keep it, or warn its author.

    Each reporter is told the outcome; the decision is in the audit log.
    """
    if decision not in OUTCOME_MESSAGES:
        raise ParticipationError(_("Choose a decision."))
    content_type = ContentType.objects.get_for_model(target, for_concrete_model=False)
    open_reports = list(
        Report.objects.select_for_update()
        .filter(content_type=content_type, object_id=target.pk, status=ReportStatus.OPEN)
        .select_related("reporter")
    )
    reason = note or _("It breaks the participation charter.")
    if decision == ReportStatus.HIDDEN:
        if isinstance(target, Comment):
            if not target.is_hidden:
                hide_comment(moderator, target, reason)
        else:
            target.hide_after_report(moderator, reason)
    if decision == ReportStatus.WARNED:
        host = target.host if isinstance(target, Comment) else target
        title = host.participation_title()
        notify(
            target.author,
            NotificationCategory.MODERATION,
            lambda: (
                _(
                    "A moderator asks you to respect the participation charter in what you "
                    "wrote on “%(title)s”. %(note)s"
                )
                % {"title": title, "note": note}
            ),
            url=host.participation_url(),
        )
    now = timezone.now()
    for open_report in open_reports:
        open_report.status = decision
        open_report.resolved_by = moderator
        open_report.resolved_at = now
        open_report.resolution_note = note
        open_report.save(update_fields=["status", "resolved_by", "resolved_at", "resolution_note"])
        notify(open_report.reporter, NotificationCategory.MODERATION, OUTCOME_MESSAGES[decision])
    audit(moderator, f"report.{decision}", target, note, reports=[r.pk for r in open_reports])
    return open_reports
