"""What ``/readyz`` reports: whether each service the site depends on answers, one by one.

``/healthz`` only says the process lives. Readiness is for the load balancer and for whoever
watches the site: PostgreSQL (the system of record), Redis (cache, sessions' cache, rate limits,
live updates; the site still serves without it, but slower and without live updates: see
docs/architecture.md, "Production topology") and the worker (tasks waiting longer than
``SHARIK_READY_MAX_TASK_WAIT_SECONDS`` mean no worker is taking them).
"""

from datetime import timedelta

import redis
from django.conf import settings
from django.db import DatabaseError, connection
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

# A service that does not answer within this many seconds is reported down.
CHECK_TIMEOUT_SECONDS = 1


def check_database():
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
    except DatabaseError as error:
        return {"ok": False, "error": type(error).__name__}
    return {"ok": True}


def check_redis():
    if not settings.REDIS_URL:
        return {"ok": True, "configured": False}
    client = redis.Redis.from_url(
        settings.REDIS_URL,
        socket_connect_timeout=CHECK_TIMEOUT_SECONDS,
        socket_timeout=CHECK_TIMEOUT_SECONDS,
    )
    try:
        client.ping()
    except redis.RedisError as error:
        return {"ok": False, "configured": True, "error": type(error).__name__}
    finally:
        client.close()
    return {"ok": True, "configured": True}


def check_worker(now=None):
    """The backlog of tasks stored for the worker: how many are ready to run and how long the
    oldest has waited. Tasks run at once (the embedded install) have no backlog."""
    backend = settings.TASKS["default"]["BACKEND"]
    if backend != "django_tasks_db.DatabaseBackend":
        return {"ok": True, "backend": backend.rsplit(".", 1)[-1]}
    now = now or timezone.now()
    try:
        ready = DBTaskResult.objects.ready()
        backlog = ready.count()
        oldest = ready.order_by("enqueued_at").values_list("enqueued_at", flat=True).first()
    except DatabaseError as error:
        return {"ok": False, "error": type(error).__name__}
    waited = (now - oldest).total_seconds() if oldest else 0
    limit = timedelta(seconds=settings.SHARIK_READY_MAX_TASK_WAIT_SECONDS).total_seconds()
    return {"ok": waited <= limit, "backlog": backlog, "oldest_wait_seconds": round(waited)}


def readiness():
    """Each check's result, and whether all passed."""
    checks = {"database": check_database(), "redis": check_redis(), "worker": check_worker()}
    return all(check["ok"] for check in checks.values()), checks
