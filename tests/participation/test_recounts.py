"""At most one recount queued per thing counted (participation/tasks.py ``queue_recount``), marked
in PostgreSQL beside the writes (``QueuedRecount``), never only in Redis."""

from types import SimpleNamespace

import pytest

from participation import tasks
from participation.models import QueuedRecount

pytestmark = pytest.mark.django_db


def test_a_recount_is_marked_once_until_it_starts():
    assert tasks.mark_recount_queued("thing:1") is True
    assert tasks.mark_recount_queued("thing:1") is False  # the burst shares the queued pass
    assert tasks.mark_recount_queued("thing:2") is True  # another thing counted
    tasks.recount_started("thing:1")
    assert tasks.mark_recount_queued("thing:1") is True  # a write after the start queues again
    assert set(QueuedRecount.objects.values_list("marker", flat=True)) == {"thing:1", "thing:2"}


def test_a_lost_recounts_marker_holds_back_others_until_its_window_ends(monkeypatch):
    clock = SimpleNamespace(time=lambda: 1_800_000_001)
    monkeypatch.setattr(tasks, "time", clock)
    assert tasks.mark_recount_queued("thing:1") is True  # its task never runs
    clock.time = lambda: 1_800_000_009
    assert tasks.mark_recount_queued("thing:1") is False
    clock.time = lambda: 1_800_000_010  # the next window
    assert tasks.mark_recount_queued("thing:1") is True
    tasks.recount_started("thing:1")  # the recount clears every window's marker
    assert not QueuedRecount.objects.filter(marker="thing:1").exists()


def test_a_recount_queued_while_redis_is_forgotten_is_still_marked(settings):
    """The marker is a row: a cache emptied (Redis restarted) queues no second pass."""
    from django.core.cache import cache

    assert tasks.mark_recount_queued("thing:1") is True
    cache.clear()
    assert tasks.mark_recount_queued("thing:1") is False
