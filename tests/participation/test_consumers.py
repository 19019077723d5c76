"""The live thread socket, through the real ASGI application (origin check, session auth,
routing), on the configured channel layer: in-memory by default, Redis pub/sub in CI."""

import json

import pytest
from asgiref.sync import SyncToAsync, sync_to_async
from channels.testing import WebsocketCommunicator
from django.db import connections

from participation import services
from sharik.asgi import application

pytestmark = [pytest.mark.asyncio, pytest.mark.django_db(transaction=True)]

ORIGIN = (b"origin", b"http://testserver")


@pytest.fixture(scope="module", autouse=True)
def close_the_sync_thread_connection():
    """These tests' ORM calls (``sync_to_async``, and the consumers') run in asgiref's one
    thread for sync code, which keeps a database connection of its own: closed once they are
    all done, in that thread, else it outlives the suite and PostgreSQL warns, dropping the test
    database, that it is still in use. (Closed after each test instead, it made the next test's
    first event miss its two seconds against PostgreSQL and Redis.)"""
    yield
    SyncToAsync.single_thread_executor.submit(connections.close_all).result()


@pytest.fixture
def live_thread(transactional_db):
    """A committed page with an open discussion and a resident (transactional tests: the
    ``transactional_db`` fixture gives the site skeleton the page goes under)."""
    from tests.factories import ResidentFactory, make_discussion_page

    return make_discussion_page(slug="live"), ResidentFactory()


async def connect(path, headers=(ORIGIN,)):
    communicator = WebsocketCommunicator(application, path, headers=list(headers))
    connected, code = await communicator.connect(timeout=5)
    return communicator, connected, code


async def test_viewer_receives_a_new_comment_in_their_language(live_thread):
    page, author = live_thread
    arabic, connected, _ = await connect(f"/ws/threads/{page.thread_key}/ar/")
    french, connected_fr, _ = await connect(f"/ws/threads/{page.thread_key}/fr/")
    assert connected and connected_fr

    comment, _ = await sync_to_async(services.post_comment)(author, page, "مرحبا بالجميع")

    event = await arabic.receive_json_from(timeout=2)
    assert event["type"] == "created"
    assert event["comment_id"] == comment.pk
    assert "مرحبا بالجميع" in event["html"] and "إبلاغ" in event["html"]
    # The thread's count comes from its recount (participation/comment_counts.py).
    assert await arabic.receive_json_from(timeout=2) == {"type": "count", "comment_count": 1}
    event_fr = await french.receive_json_from(timeout=2)
    assert "Signaler" in event_fr["html"]
    assert await french.receive_json_from(timeout=2) == {"type": "count", "comment_count": 1}
    await arabic.disconnect()
    await french.disconnect()


async def test_edit_and_hide_are_pushed(live_thread):
    page, author = live_thread
    from tests.factories import make_moderator

    moderator = await sync_to_async(make_moderator)()
    comment, _ = await sync_to_async(services.post_comment)(author, page, "أول")
    viewer, connected, _ = await connect(f"/ws/threads/{page.thread_key}/ar/")
    assert connected
    await sync_to_async(services.edit_comment)(comment, "أول (مصحح)")
    edited = await viewer.receive_json_from(timeout=2)
    assert edited["type"] == "edited" and "مصحح" in edited["html"]
    await sync_to_async(services.hide_comment)(moderator, comment, "سبب")
    hidden = await viewer.receive_json_from(timeout=2)
    assert hidden["type"] == "hidden" and "أول (مصحح)" not in hidden["html"]
    assert await viewer.receive_json_from(timeout=2) == {"type": "count", "comment_count": 0}
    await viewer.disconnect()


async def test_foreign_origin_is_refused(live_thread):
    page, _author = live_thread
    _communicator, connected, _ = await connect(
        f"/ws/threads/{page.thread_key}/ar/", headers=[(b"origin", b"https://evil.example")]
    )
    assert not connected


async def test_unreadable_thread_is_refused(live_thread):
    page, _author = live_thread
    await sync_to_async(page.unpublish)()
    _communicator, connected, code = await connect(f"/ws/threads/{page.thread_key}/ar/")
    assert not connected and code == 4403


async def test_unknown_thread_and_language_are_refused(live_thread):
    page, _author = live_thread
    _c, connected, code = await connect("/ws/threads/999999.1/ar/")
    assert not connected and code == 4404
    _c, connected, code = await connect(f"/ws/threads/{page.thread_key}/xx/")
    assert not connected and code == 4404


async def test_ping_oversized_and_flooding_clients(live_thread, settings):
    page, _author = live_thread
    client, connected, _ = await connect(f"/ws/threads/{page.thread_key}/ar/")
    assert connected
    await client.send_to(text_data=json.dumps({"type": "ping"}, separators=(",", ":")))
    assert await client.receive_json_from(timeout=2) == {"type": "pong"}
    await client.send_to(text_data="x" * (settings.SHARIK_SOCKET_MAX_MESSAGE_BYTES + 1))
    assert (await client.receive_output(timeout=2))["code"] == 4413

    flooder, connected, _ = await connect(f"/ws/threads/{page.thread_key}/ar/")
    assert connected
    for _ in range(settings.SHARIK_SOCKET_MAX_MESSAGES_PER_10S + 1):
        await flooder.send_to(text_data="{}")
    assert (await flooder.receive_output(timeout=2))["code"] == 4429


async def test_garbage_is_ignored_and_the_socket_goes_on(live_thread):
    page, _author = live_thread
    client, connected, _ = await connect(f"/ws/threads/{page.thread_key}/ar/")
    assert connected
    await client.send_to(bytes_data=b"\x00\xff\xfe garbage")
    await client.send_to(text_data="{not json")
    await client.send_to(text_data='{"type": "subscribe", "thread": "../../etc"}')
    assert await client.receive_nothing(timeout=0.3)  # nothing answered, nothing broken
    await client.send_to(text_data=json.dumps({"type": "ping"}, separators=(",", ":")))
    assert await client.receive_json_from(timeout=2) == {"type": "pong"}
    await client.disconnect()


async def test_support_counter_is_pushed(live_thread):
    from proposals import services as proposal_services
    from tests.proposals.test_proposals import make_proposal

    proposal = await sync_to_async(make_proposal)()
    supporter = live_thread[1]
    viewer, connected, _ = await connect(f"/ws/threads/{proposal.thread_key}/fr/")
    assert connected
    await sync_to_async(proposal_services.support)(supporter, proposal)
    event = await viewer.receive_json_from(timeout=2)
    assert event == {"type": "counter", "name": "supports", "value": 1}
    await viewer.disconnect()
