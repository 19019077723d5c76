"""A task backend whose queue every thread of a benchmark shares: a stand-in for the database
queue ``manage.py db_worker`` reads (django-tasks' dummy backend keeps one list per thread)."""

import queue

from django_tasks.backends.dummy import DummyBackend

QUEUE = queue.SimpleQueue()


class SharedQueueBackend(DummyBackend):
    def enqueue(self, task, args, kwargs):
        result = super().enqueue(task, args, kwargs)
        QUEUE.put(result)
        return result
