"""A worker that dies mid-task (sharik/worker.py): its task is taken up again after
SHARIK_TASK_TIMEOUT_SECONDS and nobody is emailed twice.

The real test runs ``manage.py worker`` as a separate process against the test database (so it
needs PostgreSQL), sends the daily digest through an SMTP server of the test's own that stops
answering after ten messages, kills the worker with SIGKILL while it waits, then starts a new
worker once the timeout has passed."""

import os
import signal
import socketserver
import subprocess
import sys
import threading
import time
from datetime import timedelta
from pathlib import Path

import pytest
from django.db import connection
from django.utils import timezone
from django_tasks.base import TaskResultStatus
from django_tasks_db.models import DBTaskResult, get_date_max

from participation.models import (
    EmailFrequency,
    Notification,
    NotificationCategory,
    NotificationPreference,
)
from participation.notifications import send_daily_digests
from sharik.worker import take_up_abandoned_tasks
from tests.factories import ResidentFactory

ROOT = Path(__file__).resolve().parents[2]


def stored_task(status, started_at):
    return DBTaskResult.objects.create(
        status=status,
        started_at=started_at,
        args_kwargs={"args": [], "kwargs": {}},
        task_path="participation.notifications.send_daily_digests",
        backend_name="default",
        run_after=get_date_max(),
    )


@pytest.mark.django_db
def test_tasks_left_running_past_the_timeout_are_queued_again(settings):
    settings.SHARIK_TASK_TIMEOUT_SECONDS = 600
    now = timezone.now()
    abandoned = stored_task(TaskResultStatus.RUNNING, now - timedelta(seconds=601))
    still_working = stored_task(TaskResultStatus.RUNNING, now - timedelta(seconds=30))
    finished = stored_task(TaskResultStatus.SUCCESSFUL, now - timedelta(hours=2))

    assert take_up_abandoned_tasks() == 1

    abandoned.refresh_from_db()
    assert abandoned.status == TaskResultStatus.READY
    assert DBTaskResult.objects.ready().filter(pk=abandoned.pk).exists()
    assert DBTaskResult.objects.get(pk=still_working.pk).status == TaskResultStatus.RUNNING
    assert DBTaskResult.objects.get(pk=finished.pk).status == TaskResultStatus.SUCCESSFUL


class SMTPServer(socketserver.ThreadingTCPServer):
    """Just enough SMTP for Django's backend: records each message's recipients; once
    ``answer_until`` messages are in, it stops answering until ``answering`` is set."""

    daemon_threads = True
    allow_reuse_address = True

    def __init__(self, answer_until):
        super().__init__(("127.0.0.1", 0), SMTPHandler)
        self.answer_until = answer_until
        self.answering = threading.Event()
        self.stalled = threading.Event()
        self.delivered = []  # one list of recipients per message
        self.lock = threading.Lock()


class SMTPHandler(socketserver.StreamRequestHandler):
    def say(self, line):
        self.wfile.write(f"{line}\r\n".encode())

    def handle(self):
        server = self.server
        recipients = []
        self.say("220 test SMTP")
        for raw in self.rfile:
            command = raw.decode(errors="replace").strip()
            verb = command[:4].upper()
            if verb in {"EHLO", "HELO"}:
                self.say("250 test")
            elif verb == "MAIL":
                recipients = []
                self.say("250 OK")
            elif verb == "RCPT":
                recipients.append(command.split(":", 1)[1].strip(" <>"))
                self.say("250 OK")
            elif verb == "DATA":
                with server.lock:
                    stall = len(server.delivered) >= server.answer_until
                if stall and not server.answering.is_set():
                    server.stalled.set()
                    server.answering.wait(60)
                    return  # the worker that sent it is dead by now
                self.say("354 go on")
                for line in self.rfile:
                    if line in {b".\r\n", b".\n"}:
                        break
                with server.lock:
                    server.delivered.append(recipients)
                self.say("250 OK")
            elif verb == "QUIT":
                self.say("221 bye")
                return
            else:
                self.say("250 OK")


def worker(smtp_port, *arguments):
    database = connection.settings_dict
    environment = {
        **os.environ,
        "DATABASE_URL": f"postgres://{database['USER']}@{database['HOST']}:{database['PORT']}/"
        f"{database['NAME']}",
        "TASKS_BACKEND": "django_tasks_db.DatabaseBackend",
        "EMAIL_URL": f"smtp://127.0.0.1:{smtp_port}",
        "SHARIK_TASK_TIMEOUT_SECONDS": "2",
    }
    return subprocess.Popen(
        [sys.executable, "manage.py", "worker", "--interval", "0.2", "--no-startup-delay",
         *arguments],
        cwd=ROOT,
        env=environment,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )  # fmt: skip


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_a_worker_killed_mid_digest_is_replaced_and_nobody_is_emailed_twice(settings):
    settings.TASKS = {
        "default": {
            "BACKEND": "django_tasks_db.DatabaseBackend",
            "QUEUES": settings.TASKS["default"]["QUEUES"],
        }
    }
    residents = [ResidentFactory(preferred_language="ar") for _ in range(30)]
    for resident in residents:
        NotificationPreference.objects.create(
            user=resident,
            category=NotificationCategory.FOLLOWED_ACTIVITY,
            email_frequency=EmailFrequency.DAILY,
        )
        Notification.objects.create(
            recipient=resident, category=NotificationCategory.FOLLOWED_ACTIVITY, message="خبر"
        )
    smtp = SMTPServer(answer_until=10)
    threading.Thread(target=smtp.serve_forever, daemon=True).start()
    port = smtp.server_address[1]
    try:
        send_daily_digests.enqueue()
        first = worker(port)
        assert smtp.stalled.wait(60), first.stderr.read().decode() if first.poll() else ""
        first.send_signal(signal.SIGKILL)  # mid-task, waiting on the mail server
        first.wait(10)
        task = DBTaskResult.objects.get()
        assert task.status == TaskResultStatus.RUNNING  # what a dead worker leaves behind
        assert len(smtp.delivered) == 10

        smtp.answering.set()
        time.sleep(2.5)  # past SHARIK_TASK_TIMEOUT_SECONDS
        second = worker(port, "--batch")
        _, errors = second.communicate(timeout=60)
        assert second.returncode == 0, errors.decode()
    finally:
        smtp.answering.set()
        smtp.shutdown()
        smtp.server_close()

    task.refresh_from_db()
    assert task.status == TaskResultStatus.SUCCESSFUL, task.traceback
    assert len(task.worker_ids) == 2
    emailed = [address for message in smtp.delivered for address in message]
    assert len(emailed) == len(set(emailed))  # nobody twice
    # Everyone but the one whose message was on its way when the worker died (marked emailed
    # before it left: at most once) got their digest.
    assert len(emailed) == len(residents) - 1
    assert not Notification.objects.filter(emailed_at__isnull=True).exists()
