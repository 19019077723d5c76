"""Background work of the core, through Django's task interface (the django-tasks backport).

Embedded: tasks run at once. Production: the database backend stores them and
``manage.py worker`` runs them, so no request waits on an SMTP server.
"""

import time
from datetime import timedelta

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db import connection, transaction
from django.utils import timezone
from django_tasks import task

from participation.lookups import written
from participation.models import QueuedRecount


@task()
def send_email(subject, body, from_email, to, html_body=None, headers=None):
    """Send one email message. Arguments are plain data so the task can be stored and retried."""
    message = EmailMultiAlternatives(subject, body, from_email, to, headers=headers or {})
    if html_body:
        message.attach_alternative(html_body, "text/html")
    message.send()


def queue_email(message):
    """Queue an ``EmailMessage`` for sending once the current transaction commits."""
    html_body = next(
        (
            content
            for content, mimetype in getattr(message, "alternatives", [])
            if mimetype == "text/html"
        ),
        None,
    )
    arguments = {
        "subject": str(message.subject),
        "body": message.body,
        "from_email": message.from_email,
        "to": list(message.to),
        "html_body": html_body,
        "headers": dict(message.extra_headers),
    }
    transaction.on_commit(lambda: send_email.enqueue(**arguments))


# A recount's marker holds back others for the rest of its window at most (QueuedRecount).
RECOUNT_WINDOW_SECONDS = 10


def recount_window():
    return int(time.time()) // RECOUNT_WINDOW_SECONDS


def queue_recount(recount, marker, *args):
    """Queue the task ``recount(*args)`` unless one is already queued (``marker``, a row of
    ``QueuedRecount``, says so; the task deletes it as it starts counting, so a write committed
    after that queues another). Where the backend can defer tasks, the recount starts
    ``SHARIK_RECOUNT_DELAY_SECONDS`` later: the writes of that moment share one pass instead of
    queueing one each (docs/architecture.md, "Counting"). Returns whether it queued one."""
    if not mark_recount_queued(marker):
        return False
    enqueue_recount(recount, *args)
    return True


def mark_recount_queued(marker):
    """Mark a recount of ``marker`` queued; False when one already is (in this window)."""
    with connection.cursor() as cursor:
        cursor.execute(mark_recount_queued_sql(), [marker, recount_window()])
        return cursor.fetchone() is not None


def mark_recount_queued_sql(for_each_row_of=None):
    """The ``INSERT`` that marks a recount queued, taking the marker and the window, returning a
    row when it did. ``for_each_row_of``: a name in the statement around it, whose rows (one or
    none) say whether to mark: a write marks its recount in its own statement
    (petitions/services.py), on PostgreSQL.

    Such a write is not committed yet when it finds a recount queued and leaves the counting to
    it: it holds the marker's row (``FOR KEY SHARE``, shared by every write that found it; an
    exclusive lock when it met a marker inserted meanwhile) until it commits, so the recount's
    ``recount_started``, which deletes the marker before counting, waits for it, and counts it.
    Without the lock, a recount could delete the marker and count between such a write's
    statement and its commit, and the write was never counted (seen: 9 signatures displayed of
    20, in tests/petitions/test_petitions_race.py under load)."""
    return written(("mark-recount", for_each_row_of), lambda: _write_mark_sql(for_each_row_of))


def _write_mark_sql(for_each_row_of):
    table = connection.ops.quote_name(QueuedRecount._meta.db_table)
    if not for_each_row_of:  # a write already committed (``queue_recount``): nothing to hold
        return (
            f"INSERT INTO {table} (marker, time_window) VALUES (%s, %s) "  # noqa: S608 (names)
            "ON CONFLICT DO NOTHING RETURNING 1"
        )
    return (
        f"INSERT INTO {table} (marker, time_window) "  # noqa: S608 (names, not input)
        "SELECT queued.marker, queued.time_window "
        "FROM (VALUES (%s::varchar, %s::bigint)) AS queued (marker, time_window), "
        f"{for_each_row_of} "
        f"WHERE NOT EXISTS (SELECT 1 FROM {table} AS found WHERE found.marker = queued.marker "
        "AND found.time_window = queued.time_window FOR KEY SHARE) "
        # A marker another write inserted since this statement began: hold it too (WHERE false:
        # locked, not updated).
        "ON CONFLICT (marker, time_window) DO UPDATE SET time_window = EXCLUDED.time_window "
        "WHERE false RETURNING 1"
    )


def enqueue_recount(recount, *args):
    """Queue the task ``recount(*args)``, deferred by ``SHARIK_RECOUNT_DELAY_SECONDS`` where the
    backend can defer (its marker already taken: ``queue_recount``)."""
    if recount.get_backend().supports_defer and settings.SHARIK_RECOUNT_DELAY_SECONDS:
        delay = timedelta(seconds=settings.SHARIK_RECOUNT_DELAY_SECONDS)
        recount = recount.using(run_after=timezone.now() + delay)
    recount.enqueue(*args)


def recount_started(marker):
    """The recount of ``marker`` starts counting: a write committed from now on queues another
    pass. Called first thing by every recount."""
    table = connection.ops.quote_name(QueuedRecount._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute(f"DELETE FROM {table} WHERE marker = %s", [marker])  # noqa: S608 (names)
