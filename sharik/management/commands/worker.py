"""``manage.py worker``: django-tasks' database worker (``db_worker``), serving both queues by
default, that also takes up again the tasks of workers that died (sharik/worker.py)."""

from django.conf import settings
from django_tasks_db.management.commands import db_worker

from sharik.worker import start_watching


class Command(db_worker.Command):
    help = (
        "Run background tasks (counts first, then announcements and emails), and take up again "
        "those a dead worker left unfinished."
    )

    def add_arguments(self, parser):
        super().add_arguments(parser)
        parser.set_defaults(queue_name="*")

    def handle(self, *args, **options):
        stop = start_watching(period=min(60, max(1, settings.SHARIK_TASK_TIMEOUT_SECONDS / 2)))
        try:
            super().handle(*args, **options)
        finally:
            stop.set()
