"""Publishing from synchronous code (a view's after-commit callback, a task) through the Redis
channel layer: one loop and one connection per process, not one per event
(participation/live.py ``send_to_groups``)."""

import json
import os

import pytest
import redis
from channels.layers import get_channel_layer
from django.conf import settings

from participation import live

pytestmark = pytest.mark.redis


def test_events_published_from_sync_code_share_one_connection_and_arrive_in_order():
    layer = get_channel_layer()
    client = redis.Redis.from_url(os.environ["REDIS_URL"])
    subscriber = client.pubsub()
    group = "thread.test-live-publish.ar"
    prefix = settings.CHANNEL_LAYERS["default"]["CONFIG"]["prefix"]
    subscriber.subscribe(f"{prefix}__group__{group}")
    assert subscriber.get_message(timeout=2)["type"] == "subscribe"
    live.send_to_groups(layer, [(group, "first")])  # the process's publishing loop connects
    connections = client.info("stats")["total_connections_received"]
    for number in range(10):
        live.send_to_groups(layer, [(group, f"event {number}"), (group, f"again {number}")])
    assert client.info("stats")["total_connections_received"] == connections
    received = []
    while (message := subscriber.get_message(timeout=2)) is not None:
        received.append(layer.deserialize(message["data"])["text"])
    expected = [text for n in range(10) for text in (f"event {n}", f"again {n}")]
    assert received == ["first", *expected]
    subscriber.close()


def test_a_redis_that_does_not_answer_costs_the_publisher_a_bounded_wait(monkeypatch):
    layer = get_channel_layer()
    monkeypatch.setattr(live, "PUBLISH_TIMEOUT_SECONDS", 0.2)

    async def stuck(group, message):
        import asyncio

        await asyncio.sleep(30)

    monkeypatch.setattr(layer, "group_send", stuck, raising=False)
    with pytest.raises(TimeoutError):
        live.send_to_groups(layer, [("thread.stuck.ar", "lost")])


@pytest.mark.django_db
def test_a_comment_is_rendered_in_the_languages_its_thread_is_viewed_in(
    monkeypatch, discussion, resident, django_capture_on_commit_callbacks
):
    """Redis counts each language group's subscribers (a server process with viewers of the
    thread in that language); the comment is rendered and sent for those only."""
    from participation import services

    layer = get_channel_layer()
    thread_key = discussion.thread_key
    assert live.watched_languages(layer, thread_key) == []  # no one reads it now
    client = redis.Redis.from_url(os.environ["REDIS_URL"])
    subscriber = client.pubsub()
    prefix = settings.CHANNEL_LAYERS["default"]["CONFIG"]["prefix"]
    subscriber.subscribe(f"{prefix}__group__{live.group_name(thread_key, 'fr')}")
    assert subscriber.get_message(timeout=2)["type"] == "subscribe"
    assert live.watched_languages(layer, thread_key) == ["fr"]

    rendered = []
    render = live.render_to_string
    monkeypatch.setattr(
        live, "render_to_string", lambda *args, **kw: rendered.append(1) or render(*args, **kw)
    )
    with django_capture_on_commit_callbacks(execute=True):
        services.post_comment(resident, discussion, "تعليق يُقرأ بالفرنسية")
    assert len(rendered) == 1
    events = []
    while (message := subscriber.get_message(timeout=1)) is not None:
        events.append(json.loads(layer.deserialize(message["data"])["text"]))
    (event,) = [event for event in events if event["type"] != "count"]  # the recount's count
    assert event["type"] == "created" and "تعليق يُقرأ بالفرنسية" in event["html"]
    assert "Répondre" in event["html"]  # rendered in French ("Reply")
    subscriber.close()
