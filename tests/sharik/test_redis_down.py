"""Redis is never the only copy (docs/architecture.md, "Production topology"): when it stops the
site keeps working from PostgreSQL. Each test runs its own ``redis-server`` on a free port, points
the cache, the sessions and the channel layer at it, checks the site uses it, stops it and checks
pages, log-in and writes still work; the last one starts it again and checks the cache and the
live updates come back. Run in CI with PostgreSQL and Redis (DATABASE_URL, REDIS_URL)."""

import shutil
import signal
import socket
import subprocess
import time
import uuid

import pytest
import redis
from asgiref.sync import async_to_sync, sync_to_async
from channels.layers import get_channel_layer
from django.contrib.sessions.models import Session
from django.core.cache import cache
from django.urls import reverse

from participation import live
from participation.models import Comment
from participation.pagecache import HIT_HEADER
from participation.views import COMMENT_DRAFT_SESSION_KEY
from petitions.models import Signature
from proposals.models import ProposalStatus, Support
from tests.factories import (
    PASSWORD,
    ResidentFactory,
    make_discussion_page,
    make_petition,
    make_signatory,
)
from tests.proposals.factories import ProposalFactory

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.redis,
    pytest.mark.django_db,
    pytest.mark.skipif(not shutil.which("redis-server"), reason="needs the redis-server binary"),
]


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class RedisServer:
    """A throw-away ``redis-server``, without persistence, that a test may stop and restart."""

    def __init__(self, directory):
        self.port = free_port()
        self.directory = directory
        self.process = None

    @property
    def url(self):
        return f"redis://127.0.0.1:{self.port}/0"

    def client(self):
        return redis.Redis(port=self.port, socket_connect_timeout=0.5, socket_timeout=1)

    def start(self):
        self.process = subprocess.Popen(
            [
                "redis-server",
                "--port",
                str(self.port),
                "--bind",
                "127.0.0.1",
                "--save",
                "",
                "--appendonly",
                "no",
                "--dir",
                str(self.directory),
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        deadline = time.monotonic() + 10
        while True:
            try:
                self.client().ping()
                return
            except redis.ConnectionError:
                if time.monotonic() > deadline or self.process.poll() is not None:
                    raise
                time.sleep(0.02)

    def stop(self):
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            self.process.wait(timeout=10)
        self.process = None


@pytest.fixture
def redis_server(tmp_path, settings):
    """Its own Redis, which the cache, the sessions and the channel layer use (as
    sharik/settings.py configures them from REDIS_URL)."""
    server = RedisServer(tmp_path)
    server.start()
    production_cache = settings.CACHES["default"]
    settings.CACHES = {
        "default": {
            **production_cache,
            "BACKEND": "participation.cache.ResilientRedisCache",
            "LOCATION": server.url,
            "KEY_PREFIX": "sharik-test",
            # Short, so a test sees a restarted Redis used again soon.
            "RETRY_AFTER": 0.2,
        }
    }
    settings.SESSION_ENGINE = "participation.sessions"
    layer = settings.CHANNEL_LAYERS["default"]
    settings.CHANNEL_LAYERS = {
        "default": {
            **layer,
            "BACKEND": "channels_redis.pubsub.RedisPubSubChannelLayer",
            "CONFIG": {
                **layer.get("CONFIG", {}),
                "hosts": [
                    {
                        **(layer.get("CONFIG", {}).get("hosts") or [{}])[0],
                        "address": server.url,
                        "socket_timeout": None,
                        "socket_connect_timeout": 1,
                    }
                ],
            },
        }
    }
    try:
        yield server
    finally:
        server.stop()


@pytest.fixture
def proposal(db):
    from django.utils import timezone

    return ProposalFactory(status=ProposalStatus.PUBLISHED, published_at=timezone.now())


def log_in_through_the_form(client, user):
    response = client.post("/ar/accounts/login/", {"login": user.email, "password": PASSWORD})
    assert response.status_code == 302, response.content.decode()[:500]
    assert int(client.session["_auth_user_id"]) == user.pk
    return response


def session_cache_keys(server):
    return [key for key in server.client().keys("*") if b"sessions.cached_db" in key]


def test_the_site_uses_its_redis(client, redis_server, proposal):
    """Before anything stops: the cache, the session copy and rate limits are in Redis."""
    key = f"probe-{uuid.uuid4()}"
    cache.set(key, "مرحبا", 30)
    assert cache.get(key) == "مرحبا"
    assert redis_server.client().exists(f"sharik-test:1:{key}")

    resident = ResidentFactory()
    log_in_through_the_form(client, resident)
    assert Session.objects.filter(session_key=client.session.session_key).exists()
    assert session_cache_keys(redis_server)
    assert redis_server.client().keys("*allauth:rl*")  # allauth's limits counted in Redis
    assert client.get(proposal.get_absolute_url()).status_code == 200
    assert not cache.unavailable


def test_pages_and_log_in_work_with_redis_stopped(client, redis_server, proposal, caplog):
    resident = ResidentFactory()
    log_in_through_the_form(client, resident)  # before the stop: session in both stores
    redis_server.stop()

    # The logged-in resident keeps their session (read from PostgreSQL) and their pages.
    started = time.monotonic()
    for path in ("/ar/", proposal.get_absolute_url(), "/ar/profile/"):
        response = client.get(path)
        assert response.status_code == 200, path
        assert response.wsgi_request.user == resident
    assert cache.unavailable

    # An anonymous visitor.
    anonymous = client_class(client)
    assert anonymous.get("/ar/").status_code == 200
    assert anonymous.get(proposal.get_absolute_url()).status_code == 200

    # Logging in through the real form, then pages as that resident.
    other = ResidentFactory()
    log_in_through_the_form(anonymous, other)
    response = anonymous.get("/ar/profile/")
    assert response.status_code == 200
    assert response.wsgi_request.user == other
    # Logging out works too.
    anonymous.post("/ar/accounts/logout/")
    assert anonymous.get("/ar/profile/").status_code == 302

    # A dead Redis costs milliseconds, not seconds.
    assert time.monotonic() - started < 5
    # One warning for the outage, not one per operation.
    warnings = [r for r in caplog.records if r.name == "participation.cache"]
    assert len(warnings) == 1


def client_class(client):
    return type(client)()


def test_writes_succeed_with_redis_stopped(
    client, redis_server, proposal, django_capture_on_commit_callbacks
):
    petition = make_petition(threshold=3)
    signatory = make_signatory()
    page = make_discussion_page(slug="redis-down")
    client.force_login(signatory)
    redis_server.stop()

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("petitions:sign", args=[petition.pk]), {"action": "sign", "accept": "on"}
        )
    assert response.status_code == 302
    assert Signature.objects.filter(petition=petition, user=signatory).exists()
    petition.refresh_from_db()
    assert petition.signature_count == 1  # the recount was queued without its cache marker

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"/ar/proposals/{proposal.pk}/support/", {"action": "support"})
    assert response.status_code == 302
    assert Support.objects.filter(proposal=proposal, user=signatory).exists()
    proposal.refresh_from_db()
    assert proposal.support_count == 1

    # Posting a comment publishes a live event after commit: it is dropped, the comment is kept.
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        response = client.post(f"/ar/threads/{page.thread_key}/comment/", {"body": "بلا ريديس"})
    assert response.status_code == 302
    assert callbacks  # the live event was attempted
    assert Comment.objects.filter(object_id=page.pk, author=signatory, body="بلا ريديس").exists()


def test_rate_limits_still_refuse_with_redis_stopped(client, redis_server, settings):
    settings.SHARIK_RATE_LIMITS = {
        **settings.SHARIK_RATE_LIMITS,
        "comment": "2/m/user",
        "signature": "2/m/user",
    }
    page = make_discussion_page(slug="redis-down-limits")
    petition = make_petition(threshold=3)
    client.force_login(make_signatory())
    redis_server.stop()

    # Past the limit the comment is not posted (the form comes back with the message).
    for n in range(3):
        client.post(f"/ar/threads/{page.thread_key}/comment/", {"body": f"تعليق {n}"})
    assert Comment.objects.filter(object_id=page.pk).count() == 2
    draft = client.session[COMMENT_DRAFT_SESSION_KEY]  # kept in the session, in PostgreSQL
    assert draft["data"]["body"] == "تعليق 2"

    # A write refused outright: "please wait" (429) from the third signing request.
    url = reverse("petitions:sign", args=[petition.pk])
    statuses = [client.post(url, {"action": "withdraw"}).status_code for _n in range(3)]
    assert statuses == [302, 302, 429]
    assert cache.unavailable


def wait_until_cache_answers(timeout=5):
    deadline = time.monotonic() + timeout
    key = f"probe-{uuid.uuid4()}"
    while time.monotonic() < deadline:
        cache.set(key, 1, 30)
        if cache.get(key) == 1:
            return key
        time.sleep(0.05)
    raise AssertionError("the cache did not use Redis again")


def test_after_a_restart_sessions_survive_and_cache_and_live_updates_resume(
    client, redis_server, proposal, django_capture_on_commit_callbacks
):
    resident = ResidentFactory()
    log_in_through_the_form(client, resident)
    redis_server.stop()
    assert client.get("/ar/").status_code == 200  # served without Redis
    assert cache.unavailable

    redis_server.start()  # same port, empty: a restart without persistence
    key = wait_until_cache_answers()
    assert redis_server.client().exists(f"sharik-test:1:{key}")
    assert not cache.unavailable

    # No session was lost: the resident is still logged in, and the copy is back in Redis.
    response = client.get("/ar/profile/")
    assert response.status_code == 200
    assert response.wsgi_request.user == resident
    assert session_cache_keys(redis_server)

    # A live publish goes through Redis again.
    layer = get_channel_layer()

    def publish():
        with django_capture_on_commit_callbacks(execute=True):
            live.publish_counter(proposal, "supports", 7)

    async def round_trip():
        channel = await layer.new_channel()
        group = live.group_name(proposal.thread_key, "ar")
        await layer.group_add(group, channel)
        try:
            await sync_to_async(publish)()
            return await layer.receive(channel)
        finally:
            await layer.group_discard(group, channel)
            await layer.flush()

    message = async_to_sync(round_trip)()
    assert message["type"] == "thread.event"
    assert '"value": 7' in message["text"]


def test_a_log_out_while_redis_is_out_of_reach_is_not_undone_when_it_answers_again(
    client, redis_server
):
    """Redis hung (not restarted, its data kept): the session deleted meanwhile must not be read
    back from its stale copy once Redis answers again."""
    resident = ResidentFactory()
    log_in_through_the_form(client, resident)
    cookie = client.cookies["sessionid"].value
    assert session_cache_keys(redis_server)

    redis_server.process.send_signal(signal.SIGSTOP)  # out of reach: connections hang
    try:
        client.post("/ar/accounts/logout/")
        assert not Session.objects.filter(session_key=cookie).exists()
        assert cache.unavailable
    finally:
        redis_server.process.send_signal(signal.SIGCONT)
    assert session_cache_keys(redis_server)  # the stale copy is still there…

    wait_until_cache_answers()
    assert not session_cache_keys(redis_server)  # …until the process reaches Redis again
    stale = type(client)()
    stale.cookies["sessionid"] = cookie
    assert stale.get("/ar/profile/").status_code == 302  # to the log-in page


@pytest.mark.django_db(transaction=True)
def test_the_page_cache_never_serves_a_page_older_than_a_change_made_while_redis_hung(
    client, redis_server, settings
):
    """Redis out of reach (the process frozen, not restarted: it keeps its cached pages) while a
    change is made: pages are served fresh meanwhile, and once Redis answers again the pages
    kept before the change are not served (the generation written meanwhile is dropped, and a
    missing generation starts again from the clock)."""
    settings.SHARIK_PAGE_CACHE_SECONDS = 60
    proposal = ProposalFactory(status=ProposalStatus.PUBLISHED, title="عنوان قبل التجميد")
    url = proposal.get_absolute_url()
    for _ in range(3):
        if client.get(url).get(HIT_HEADER) == "hit":
            break
    else:
        raise AssertionError("never served from the cache")

    redis_server.process.send_signal(signal.SIGSTOP)
    try:
        proposal.title = "عنوان أثناء التجميد"
        proposal.save()
        during = client.get(url)
        assert during.status_code == 200
        assert HIT_HEADER not in during
        assert "عنوان أثناء التجميد" in during.content.decode()
    finally:
        redis_server.process.send_signal(signal.SIGCONT)
    wait_until_cache_answers()
    after = client.get(url)
    assert after.get(HIT_HEADER) != "hit"
    assert "عنوان أثناء التجميد" in after.content.decode()
