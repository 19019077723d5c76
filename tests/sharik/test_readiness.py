"""``/readyz`` says, service by service, whether the site can serve (sharik/readiness.py):
200 when PostgreSQL (or the embedded database), Redis and the worker answer, 503 naming the one
that does not. ``/healthz`` only says the process lives."""

from datetime import timedelta

import pytest
from django.db import OperationalError, connection
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

pytestmark = pytest.mark.django_db

DATABASE_TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


def stored_task(waited):
    task = DBTaskResult.objects.create(
        task_path="proposals.tasks.refresh_support_count",
        args_kwargs={"args": [1], "kwargs": {}},
        backend_name="default",
        run_after=timezone.now() - waited,
    )
    DBTaskResult.objects.filter(pk=task.pk).update(enqueued_at=timezone.now() - waited)
    return task


def test_the_embedded_site_is_ready(client, settings):
    settings.REDIS_URL = ""
    response = client.get("/readyz")
    assert response.status_code == 200
    assert response["Cache-Control"].startswith("max-age=0")
    body = response.json()
    assert body["status"] == "ready"
    assert body["checks"]["database"] == {"ok": True}
    assert body["checks"]["redis"] == {"ok": True, "configured": False}
    assert body["checks"]["worker"] == {"ok": True, "backend": "ImmediateBackend"}


def test_a_backlog_the_worker_does_not_take_makes_the_site_not_ready(client, settings):
    settings.REDIS_URL = ""
    settings.TASKS = DATABASE_TASKS
    settings.SHARIK_READY_MAX_TASK_WAIT_SECONDS = 300
    stored_task(waited=timedelta(seconds=30))
    response = client.get("/readyz")
    assert response.status_code == 200
    assert response.json()["checks"]["worker"] == {
        "ok": True,
        "backlog": 1,
        "oldest_wait_seconds": 30,
    }

    stored_task(waited=timedelta(minutes=10))
    response = client.get("/readyz")
    assert response.status_code == 503
    worker = response.json()["checks"]["worker"]
    assert worker["ok"] is False and worker["backlog"] == 2
    assert worker["oldest_wait_seconds"] == 600
    assert response.json()["checks"]["database"]["ok"] is True


def test_redis_that_does_not_answer_is_named(client, settings):
    settings.REDIS_URL = "redis://127.0.0.1:1/0"  # nothing listens on port 1
    response = client.get("/readyz")
    assert response.status_code == 503
    body = response.json()
    assert body["status"] == "not ready"
    assert body["checks"]["redis"]["ok"] is False
    assert body["checks"]["redis"]["error"] == "ConnectionError"
    assert body["checks"]["database"]["ok"] is True


@pytest.mark.redis
def test_the_configured_redis_answers(client, settings):
    response = client.get("/readyz")
    assert response.json()["checks"]["redis"] == {"ok": True, "configured": True}


def test_a_database_that_does_not_answer_is_named(client, settings, monkeypatch):
    settings.REDIS_URL = ""

    def lost(*args, **kwargs):
        raise OperationalError("server closed the connection unexpectedly")

    monkeypatch.setattr(connection, "cursor", lost)
    response = client.get("/readyz")
    assert response.status_code == 503
    assert response.json()["checks"]["database"] == {"ok": False, "error": "OperationalError"}
