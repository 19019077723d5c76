"""``manage.py worker``: django-tasks' database worker (``db_worker``), serving both queues by
default, that also takes up again the tasks of workers that died (sharik/worker.py)."""

from django.conf import settings
from django_tasks_db.management.commands import db_worker

from sharik.worker import start_watching, take_up_abandoned_tasks


class Command(db_worker.Command):
    help = (
        "Run background tasks (counts first, then announcements and emails), and take up again "
        "those a dead worker left unfinished."
    )

    def add_arguments(self, parser):
        super().add_arguments(parser)
        # No autoreloading child process, even with DEBUG: a signal to the worker reaches it.
        parser.set_defaults(queue_name="*", reload=False)

    def handle(self, *args, **options):
        take_up_abandoned_tasks()  # before the first task, so that even --batch finds them
        stop = start_watching(period=min(60, max(1, settings.SHARIK_TASK_TIMEOUT_SECONDS / 2)))
        try:
            super().handle(*args, **options)
        finally:
            stop.set()
