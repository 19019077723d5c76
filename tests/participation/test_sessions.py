"""Sessions whose cached copy arrives with the request's first cache read
(participation/sessions.py, participation/pagecache.py ``_read``): a logged-in resident's request
costs one round trip to Redis, the session included."""

import pytest
import redis
from django.contrib.auth import SESSION_KEY
from django.core.cache import caches
from django.urls import reverse
from django.utils import translation

from participation.sessions import SessionStore
from tests.factories import ResidentFactory, make_petition

pytestmark = pytest.mark.django_db


@pytest.fixture
def session_in_cache(settings):
    settings.SESSION_CACHE_ALIAS = "default"
    store = SessionStore()
    store[SESSION_KEY] = "7"
    store.save()
    return store.session_key


def test_a_primed_session_is_not_read_again(session_in_cache, monkeypatch):
    store = SessionStore(session_in_cache)
    store.prime({SESSION_KEY: "42"})
    monkeypatch.setattr(
        caches["default"], "get", lambda *args, **kwargs: pytest.fail("read the cache again")
    )
    assert store[SESSION_KEY] == "42"  # what the first read found, not another read


def test_a_session_the_first_read_did_not_find_loads_as_cached_db_does(session_in_cache):
    caches["default"].clear()  # Redis restarted empty: the copy is gone, the row is not
    store = SessionStore(session_in_cache)
    store.prime(None)
    assert store[SESSION_KEY] == "7"


def test_a_session_never_primed_loads_as_cached_db_does(session_in_cache):
    assert SessionStore(session_in_cache)[SESSION_KEY] == "7"


@pytest.fixture
def redis_commands(monkeypatch):
    """Every command this process sends to Redis, a pipeline counted as one round trip."""
    sent = []
    real_command, real_pipeline = redis.Redis.execute_command, redis.client.Pipeline.execute

    def command(self, *args, **kwargs):
        sent.append(args[0])
        return real_command(self, *args, **kwargs)

    def pipeline(self, *args, **kwargs):
        sent.append("PIPELINE")
        return real_pipeline(self, *args, **kwargs)

    monkeypatch.setattr(redis.Redis, "execute_command", command)
    monkeypatch.setattr(redis.client.Pipeline, "execute", pipeline)
    return sent


@pytest.mark.redis
@pytest.mark.parametrize("path", ["/ar/petitions/", "petition"])
def test_a_residents_page_costs_one_round_trip_to_redis(client, settings, redis_commands, path):
    assert settings.SESSION_ENGINE == "participation.sessions"
    settings.SHARIK_PAGE_CACHE_SECONDS = 60
    if path == "petition":
        path = make_petition(title="حديقة الحي").get_absolute_url()
    client.force_login(ResidentFactory())
    assert client.get(path).status_code == 200  # kept, shared with the next residents
    redis_commands.clear()
    assert client.get(path).status_code == 200
    assert redis_commands == ["MGET"]  # generation, shared copies and the session together


@pytest.mark.redis
def test_a_residents_write_reads_its_session_with_the_generation(client, redis_commands):
    petition = make_petition(title="حديقة الحي")
    client.force_login(ResidentFactory())
    client.get(petition.get_absolute_url())
    redis_commands.clear()
    with translation.override("ar"):
        path = reverse("petitions:sign", args=[petition.pk])
    client.post(path, {"action": "sign", "accept": "on"})
    assert redis_commands[0] == "MGET"
    assert "GET" not in redis_commands  # no read of its own for the session
