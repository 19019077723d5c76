"""Supports of the hosts that opt in (``ParticipationHost.supportable``): a resident backs a host
once; the host shows how many did.

The write is one ``INSERT … ON CONFLICT DO NOTHING`` guarded by ``support_once_per_host``, so
double clicks and concurrent requests make one row; the visible count is recounted in the
background after commit, at most one pending recount per host, never by updating a hot row per
click (docs/architecture.md, "Counting").
"""

from django.db import connection, transaction
from django.utils import timezone
from django_tasks import task

from participation import live
from participation.hosts import locked_host
from participation.models import Support
from participation.pagecache import pages_changed_on_commit
from participation.services import follow_automatically, host_content_type
from participation.tasks import queue_recount, recount_started


def support(user, host):
    """``user`` supports ``host``, once; they start following it. Returns whether this call
    added the support (False when it was already there)."""
    content_type = host_content_type(host)
    table = connection.ops.quote_name(Support._meta.db_table)
    with transaction.atomic():
        with connection.cursor() as cursor:
            cursor.execute(
                f"INSERT INTO {table} (content_type_id, object_id, user_id, created_at) "  # noqa: S608
                "VALUES (%s, %s, %s, %s) "
                "ON CONFLICT (content_type_id, object_id, user_id) DO NOTHING RETURNING id",
                [content_type.pk, host.pk, user.pk, timezone.now()],
            )
            created = cursor.fetchone() is not None
        if created:
            follow_automatically(user, host)
            transaction.on_commit(lambda: schedule_recount(content_type.pk, host.pk))
    return created


def withdraw_support(user, host):
    """``user`` takes their support back; returns whether there was one."""
    content_type = host_content_type(host)
    with transaction.atomic():
        deleted, _rows = Support.objects.filter(
            content_type=content_type, object_id=host.pk, user=user
        ).delete()
        if deleted:
            transaction.on_commit(lambda: schedule_recount(content_type.pk, host.pk))
    return bool(deleted)


def has_supported(user, host):
    return (
        user.is_authenticated
        and Support.objects.filter(
            content_type=host_content_type(host), object_id=host.pk, user=user
        ).exists()
    )


def supported_among(user, hosts):
    """The ids of ``hosts`` (all of one model) that ``user`` supports, in one query."""
    hosts = list(hosts)
    if not user.is_authenticated or not hosts:
        return set()
    return set(
        Support.objects.filter(
            content_type=host_content_type(hosts[0]),
            object_id__in=[host.pk for host in hosts],
            user=user,
        ).values_list("object_id", flat=True)
    )


def carry_supports(hosts, into):
    """When ``hosts`` are merged into ``into``, their supporters support ``into`` (once each;
    never its own author). The merged hosts keep their rows: what each one gathered stays."""
    content_type = host_content_type(into)
    supporters = (
        Support.objects.filter(content_type=content_type, object_id__in=[h.pk for h in hosts])
        .exclude(user_id=getattr(into, "author_id", None))
        .values_list("user_id", flat=True)
        .distinct()
    )
    Support.objects.bulk_create(
        [Support(content_type=content_type, object_id=into.pk, user_id=u) for u in supporters],
        ignore_conflicts=True,
        batch_size=1000,
    )
    transaction.on_commit(lambda: schedule_recount(content_type.pk, into.pk))


# --- The visible count ----------------------------------------------------------------------


def recount_key(content_type_id, object_id):
    return f"supports:{content_type_id}.{object_id}:count-refresh-queued"


def schedule_recount(content_type_id, object_id):
    queue_recount(
        refresh_support_count, recount_key(content_type_id, object_id), content_type_id, object_id
    )


@task(queue_name="counts", priority=50)
def refresh_support_count(content_type_id, object_id):
    return record_support_count(content_type_id, object_id)


def record_support_count(content_type_id, object_id):
    """Count the host's supports, give the host the figure and push it to its viewers (the
    host's row locked first: ``locked_host``)."""
    recount_started(recount_key(content_type_id, object_id))
    with transaction.atomic():
        host = locked_host(content_type_id, object_id)
        if host is None or not host.supportable:
            return 0
        count = Support.objects.filter(content_type_id=content_type_id, object_id=object_id).count()
        host.record_support_count(count)
        pages_changed_on_commit()
        live.publish_counter(host, "supports", count)
    return count
