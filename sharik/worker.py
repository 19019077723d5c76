"""The background worker's one addition to django-tasks' database worker: a task whose worker
died (killed, out of memory, the machine restarted) is taken up again.

A task a worker takes is marked RUNNING with the time it started. A worker that dies leaves it
so forever; every worker therefore looks, at start and then every ``period`` seconds, for tasks
RUNNING for longer than ``SHARIK_TASK_TIMEOUT_SECONDS`` and puts them back in the queue. Every
task of Sharik is idempotent (docs/architecture.md, "Background work"): a task taken up again
after a worker that was only slow finished it does no harm and sends nothing twice.
"""

import logging
import threading
from datetime import timedelta

from django.conf import settings
from django.db import close_old_connections
from django.utils import timezone
from django_tasks.base import TaskResultStatus
from django_tasks_db.models import DBTaskResult

logger = logging.getLogger("sharik.worker")


def take_up_abandoned_tasks(timeout=None):
    """Put back in the queue the tasks taken more than ``timeout`` seconds ago and not finished.
    Returns how many."""
    timeout = settings.SHARIK_TASK_TIMEOUT_SECONDS if timeout is None else timeout
    now = timezone.now()
    taken_up = DBTaskResult.objects.filter(
        status=TaskResultStatus.RUNNING, started_at__lt=now - timedelta(seconds=timeout)
    ).update(status=TaskResultStatus.READY, started_at=None, run_after=now)
    if taken_up:
        logger.warning("Took up again %d task(s) whose worker stopped mid-way.", taken_up)
    return taken_up


def watch_abandoned_tasks(stop, period):
    """Run ``take_up_abandoned_tasks`` now and every ``period`` seconds until ``stop`` is set."""
    while True:
        try:
            take_up_abandoned_tasks()
        except Exception:
            logger.exception("Could not look for abandoned tasks; trying again later.")
        finally:
            close_old_connections()
        if stop.wait(period):
            return


def start_watching(period):
    stop = threading.Event()
    threading.Thread(
        target=watch_abandoned_tasks, args=(stop, period), name="abandoned-tasks", daemon=True
    ).start()
    return stop
