"""The issue's test: a real worker (``manage.py worker``, django-tasks' database backend, a
process of its own) is killed with SIGKILL in the middle of sending an announcement; the next
worker takes the task up and finishes it; nobody is emailed twice.

The mail goes to an SMTP server of the test's own (tests/sharik/test_worker.py) that stops
answering after ten messages: the worker is killed while it waits for the eleventh to be
accepted. Needs PostgreSQL (the two processes share the test database)."""

import signal
import threading
import time

import pytest
from django_tasks.base import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from announcements import services
from announcements.models import AnnouncementStatus, Delivery, DeliveryState
from tests.announcements.factories import OptedInResidentFactory
from tests.sharik.test_worker import SMTPServer, worker


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_a_worker_killed_mid_announcement_is_replaced_and_nobody_is_emailed_twice(
    settings, monkeypatch, announcement_factory, announcement_sender_factory
):
    settings.TASKS = {
        "default": {
            "BACKEND": "django_tasks_db.DatabaseBackend",
            "QUEUES": settings.TASKS["default"]["QUEUES"],
        }
    }
    # Small batches, so the kill falls in the middle of the third, after two were recorded.
    monkeypatch.setenv("SHARIK_ANNOUNCEMENT_BATCH_SIZE", "4")
    residents = OptedInResidentFactory.create_batch(30)
    announcement = announcement_factory(created_by=announcement_sender_factory())
    smtp = SMTPServer(answer_until=10)
    threading.Thread(target=smtp.serve_forever, daemon=True).start()
    port = smtp.server_address[1]
    try:
        assert services.start_sending(announcement.created_by, announcement) == 30
        sending = DBTaskResult.objects.filter(task_path="announcements.tasks.send_announcement")
        assert sending.count() == 1, list(DBTaskResult.objects.values_list("task_path"))
        first = worker(port)
        assert smtp.stalled.wait(60), first.stderr.read().decode() if first.poll() else ""
        first.send_signal(signal.SIGKILL)  # mid-batch, waiting on the mail server
        first.wait(10)
        assert sending.filter(status=TaskResultStatus.RUNNING).count() == 1
        assert len(smtp.delivered) == 10

        smtp.answering.set()
        time.sleep(2.5)  # past SHARIK_TASK_TIMEOUT_SECONDS (2 in worker())
        second = worker(port, "--batch")
        _, errors = second.communicate(timeout=120)
        assert second.returncode == 0, errors.decode()
    finally:
        smtp.answering.set()
        smtp.shutdown()
        smtp.server_close()

    tasks = list(DBTaskResult.objects.all())
    assert {task.status for task in tasks} == {TaskResultStatus.SUCCESSFUL}, [
        task.traceback for task in tasks
    ]
    emailed = [address for message in smtp.delivered for address in message]
    assert len(emailed) == len(set(emailed))  # nobody twice
    # Everyone but the one whose message was on its way when the worker died: recorded
    # "being sent" before it left (at most once), never sent again.
    interrupted = Delivery.objects.get(state=DeliveryState.SENDING)
    assert sorted(emailed) == sorted(r.email for r in residents if r != interrupted.recipient)
    assert Delivery.objects.filter(state=DeliveryState.SENT).count() == 29
    announcement.refresh_from_db()
    assert announcement.status == AnnouncementStatus.SENT
