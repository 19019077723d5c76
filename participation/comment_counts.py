"""The visible count of a thread's comments, recounted in the background as signatures and
supports are (docs/architecture.md, "Counting").

A change to a thread (a comment posted, hidden, deleted) used to count the thread's visible
comments in its own request: 5 ms at 9,506 comments, and growing with the thread
(bench/README.md). It now queues one recount per thread and window (``queue_recount``); the
recount gives the host the figure (``record_comment_count``: lists sort by it), ends the pages
that show it and pushes it to the thread's viewers, whose pages update the count as they do on a
comment event. The page rendered for a reader counts as it always did.
"""

from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django_tasks import task

from participation import live
from participation.hosts import locked_host
from participation.models import Comment
from participation.pagecache import pages_changed_on_commit
from participation.tasks import enqueue_recount, queue_recount, recount_started


def thread_comment_count(host):
    """Comments and replies of a thread that a visitor can read."""
    return Comment.objects.for_host(host).filter(hidden_at__isnull=True).count()


def recount_key(content_type_id, object_id):
    return f"comments:{content_type_id}.{object_id}:count-refresh-queued"


def schedule_recount(host):
    """Queue the recount of ``host``'s thread unless one is queued; whether this queued it."""
    content_type_id = ContentType.objects.get_for_model(host, for_concrete_model=False).pk
    return queue_recount(
        refresh_comment_count, recount_key(content_type_id, host.pk), content_type_id, host.pk
    )


def enqueue(host):
    """Queue the recount of ``host``'s thread, whose marker a comment's statement just set."""
    content_type_id = ContentType.objects.get_for_model(host, for_concrete_model=False).pk
    enqueue_recount(refresh_comment_count, content_type_id, host.pk)


@task(queue_name="counts", priority=50)
def refresh_comment_count(content_type_id, object_id):
    return record_comment_count(content_type_id, object_id)


def record_comment_count(content_type_id, object_id):
    """Count the thread's visible comments, give the host the figure and push it to the viewers
    (the host's row locked first: ``locked_host``)."""
    recount_started(recount_key(content_type_id, object_id))
    with transaction.atomic():
        host = locked_host(content_type_id, object_id)
        if host is None:
            return 0
        count = thread_comment_count(host)
        host.record_comment_count(count)
        pages_changed_on_commit()
        live.publish_comment_count(host, count)
    return count
