"""The real services of production: PostgreSQL and Redis. Run in CI (.ci/run sets DATABASE_URL and
REDIS_URL); skipped, saying why, where they are not configured."""

import uuid

import pytest
from asgiref.sync import async_to_sync
from channels.layers import get_channel_layer
from django.conf import settings
from django.core.cache import cache
from django.db import connection


@pytest.mark.postgres
@pytest.mark.django_db
def test_the_suite_runs_on_postgresql():
    assert connection.vendor == "postgresql"
    with connection.cursor() as cursor:
        cursor.execute("SHOW server_version_num")
        assert int(cursor.fetchone()[0]) >= 130000


@pytest.mark.redis
def test_cache_and_sessions_use_redis():
    assert settings.CACHES["default"]["BACKEND"] == "participation.cache.ResilientRedisCache"
    key = f"sharik-test-{uuid.uuid4()}"
    cache.set(key, "مرحبا", 30)
    assert cache.get(key) == "مرحبا"
    cache.delete(key)


@pytest.mark.redis
def test_channel_layer_delivers_a_group_message_through_redis_pubsub():
    layer = get_channel_layer()
    assert type(layer).__name__ == "RedisPubSubChannelLayer"

    async def round_trip():
        channel = await layer.new_channel()
        group = f"test-{uuid.uuid4().hex}"
        await layer.group_add(group, channel)
        await layer.group_send(group, {"type": "comment.new", "body": "تعليق"})
        received = await layer.receive(channel)
        await layer.group_discard(group, channel)
        await layer.flush()
        return received

    assert async_to_sync(round_trip)() == {"type": "comment.new", "body": "تعليق"}


@pytest.mark.redis
def test_rate_limit_counters_count_in_one_command_with_their_window(monkeypatch):
    first, second = f"ratelimit:test:{uuid.uuid4()}", f"ratelimit:test:{uuid.uuid4()}"
    client = cache._cache.get_client(write=True)
    sent = []
    real_execute = type(client).execute_command

    def recording(self, *args, **kwargs):
        sent.append(args[0])
        return real_execute(self, *args, **kwargs)

    assert cache.count_many([(first, 61), (second, 3601)]) == [1, 1]
    monkeypatch.setattr(type(client), "execute_command", recording)
    assert cache.count_many([(first, 61), (second, 3601)]) == [2, 2]
    assert sent == ["EVALSHA"]  # one command, the script known by its digest
    assert 0 < client.ttl(cache.make_key(first)) <= 61
    assert 3600 < client.ttl(cache.make_key(second)) <= 3601
    # A Redis that forgot the script (restarted) is sent it again, and counts on.
    client.script_flush()
    assert cache.count_many([(first, 61), (second, 3601)]) == [3, 3]
    assert 0 < client.ttl(cache.make_key(first)) <= 61
    cache.delete_many([first, second])
