"""Live updates: after a write commits, tell everyone viewing the thread.

Views publish; consumers only push (docs/architecture.md, "Live updates"). One event per change per
group: the comment is rendered and JSON-encoded once per language (a group is one thread in one
language), so a viewer receives markup in the language of the page they read, with nothing to fetch.

On the receiving side each server process subscribes once per group it has viewers for, and
fans the already-encoded text out to its local sockets (``ThreadHub``). Giving every socket its
own layer channel instead costs a Redis subscription per socket and a decode, a dispatch and an
encode per socket per message; measured with bench/ws_fanout.py, that per-socket work is what
separated Channels from a bare broadcast.
"""

import asyncio
import concurrent.futures
import json
import logging
import os
import threading
import time
import weakref

from asgiref.sync import async_to_sync
from channels.layers import get_channel_layer
from channels_redis.pubsub import RedisPubSubChannelLayer
from django.conf import settings
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import translation

from participation.cache import UNAVAILABLE_ERRORS


def group_name(thread_key, language_code):
    """Channels group of one thread in one language, e.g. ``thread.12.345.ar``."""
    return f"thread.{thread_key}.{language_code}"


logger = logging.getLogger(__name__)


def _published_safely(send):
    """``send`` as an after-commit callback that cannot fail the write it follows: the change is
    in PostgreSQL whatever happens to its live event (docs/architecture.md, "Production
    topology"). With Redis down the event is dropped and logged; viewers catch up when their
    socket reconnects, and the next publish after Redis is back goes through."""

    def callback():
        try:
            send()
        except UNAVAILABLE_ERRORS as error:
            _log_dropped(error)
        except Exception:
            logger.exception("Live event dropped")

    return callback


_last_drop_warning = [0.0]
DROP_WARNING_INTERVAL = 60  # seconds between two warnings about dropped live events


def _log_dropped(error):
    now = time.monotonic()
    if now - _last_drop_warning[0] >= DROP_WARNING_INTERVAL:
        _last_drop_warning[0] = now
        logger.warning(
            "Live event dropped, the channel layer is unavailable (%s: %s)",
            type(error).__name__,
            error,
        )
    else:
        logger.debug("Live event dropped", exc_info=True)


def publish_comment_event(kind, comment):
    """Queue a live event about ``comment`` (``created``, ``edited``, ``deleted``, ``hidden``),
    rendered in each language someone views the thread in now (``watched_languages``). The
    thread's count follows from its recount (``publish_comment_count``)."""
    thread_key = comment.host.thread_key

    def send():
        layer = get_channel_layer()
        if layer is None:
            return
        events = []
        for language_code in watched_languages(layer, thread_key):
            with translation.override(language_code):
                html = render_to_string(
                    "participation/comments/comment.html",
                    {"comment": comment, "live": True, "LANGUAGE_CODE": language_code},
                )
            text = json.dumps(
                {
                    "type": kind,
                    "comment_id": comment.pk,
                    "parent_id": comment.parent_id,
                    "html": html,
                },
                ensure_ascii=False,
            )
            events.append((group_name(thread_key, language_code), text))
        send_to_groups(layer, events)

    transaction.on_commit(_published_safely(send))


def watched_languages(layer, thread_key):
    """The languages of ``settings.LANGUAGES`` in which someone views the thread now: a comment
    is rendered for those only (four renderings were a sixth of posting a comment; most threads
    are read in one or two languages).

    With Redis, Redis knows: each server process with viewers of a group subscribes to it once
    (``ThreadHub``), so the group's channel has subscribers exactly while someone views it
    (``PUBSUB NUMSUB``, one round trip for the four). A viewer who opens the page meanwhile
    catches up when the socket opens (the page asks what came since it was rendered). Reading
    the channel of a group takes channels_redis's names for it and its connection, which are
    not public: should they change, every language is rendered, as with another layer (the
    embedded one, in one process, has nothing to save)."""
    codes = [code for code, _name in settings.LANGUAGES]
    if not isinstance(layer, RedisPubSubChannelLayer):
        return codes
    groups = {group_name(thread_key, code): code for code in codes}

    async def subscribed_groups():
        loop_layer = layer._get_layer()
        by_shard = {}
        for group in groups:
            channel = loop_layer._get_group_channel_name(group)
            by_shard.setdefault(loop_layer._get_shard(channel), {})[channel] = group
        watched = set()
        for shard, channels in by_shard.items():
            async with shard._lock:
                shard._ensure_redis()
                redis = shard._redis
            for channel, count in await redis.pubsub_numsub(*channels):
                if count:
                    name = channel.decode() if isinstance(channel, bytes) else channel
                    watched.add(channels[name])
        return watched

    try:
        watched = _publisher.run(subscribed_groups, PUBLISH_TIMEOUT_SECONDS)
    except AttributeError:  # channels_redis's internals changed
        logger.warning("Cannot tell who views a thread: rendering every language", exc_info=True)
        return codes
    return [code for group, code in groups.items() if group in watched]


def publish_comment_count(host, count):
    """Queue a live update of the count of ``host``'s visible comments (its recount's:
    participation/comment_counts.py); the page's script reads it as a comment event's count."""
    _publish_to_thread(host.thread_key, {"type": "count", "comment_count": count})


def publish_counter(host, name, value):
    """Queue a live update of one of ``host``'s counters (supports, signatures…)."""
    _publish_to_thread(host.thread_key, {"type": "counter", "name": name, "value": value})


def _publish_to_thread(thread_key, event):
    """Queue ``event``, the same in every language, to the thread's viewers after the commit."""
    text = json.dumps(event)

    def send():
        layer = get_channel_layer()
        if layer is None:
            return
        send_to_groups(
            layer,
            [(group_name(thread_key, code), text) for code, _name in settings.LANGUAGES],
        )

    transaction.on_commit(_published_safely(send))


# How long a write's after-commit publishing waits for Redis before dropping the event (logged).
PUBLISH_TIMEOUT_SECONDS = 2


def send_to_groups(layer, events):
    """Send each ``(group, text)`` of one change to its group, from synchronous code (a view's
    after-commit callback, a task).

    With the Redis layer, on the process's publishing loop (``_publisher``): the layer keeps a
    connection per event loop, and ``async_to_sync`` outside a server's loop starts a loop of its
    own at each call, so each event opened a connection to Redis (four per comment, one per
    language: a fifth of a comment's time in gunicorn). There, the events of a change go out
    together on the connection the loop keeps, and a Redis that does not answer costs the write
    ``PUBLISH_TIMEOUT_SECONDS`` at most. Other layers (the embedded in-memory one, whose queues
    belong to the server's loop) are sent to as before, through ``async_to_sync``."""

    async def send_all():
        for group, text in events:
            await layer.group_send(group, {"type": "thread.event", "text": text})

    if not events:
        return
    if isinstance(layer, RedisPubSubChannelLayer):
        _publisher.run(send_all, PUBLISH_TIMEOUT_SECONDS)
    else:
        async_to_sync(send_all)()


class _PublishingLoop:
    """An event loop in a thread of its own, started in the process at its first publish (after
    gunicorn forks its workers; again in a forked child), on which synchronous code publishes."""

    def __init__(self):
        self._lock = threading.Lock()
        self._loop = None
        self._pid = None

    def run(self, make_coroutine, timeout):
        future = asyncio.run_coroutine_threadsafe(make_coroutine(), self._running_loop())
        try:
            return future.result(timeout)
        except concurrent.futures.TimeoutError:
            future.cancel()
            raise

    def _running_loop(self):
        with self._lock:
            if self._loop is None or self._pid != os.getpid():
                loop = asyncio.new_event_loop()
                threading.Thread(
                    target=loop.run_forever, name="sharik-live-publisher", daemon=True
                ).start()
                self._loop, self._pid = loop, os.getpid()
            return self._loop


_publisher = _PublishingLoop()


class ThreadHub:
    """This process's subscriptions to thread groups, and the local sockets of each.

    The first viewer of a group in a process subscribes the process (one layer channel joined
    to the group); the last one to leave unsubscribes it. Events are relayed as received: the
    text was encoded once by the publisher.
    """

    def __init__(self, layer):
        self.layer = layer
        self.members = {}  # group -> set of consumers
        self.relays = {}  # group -> (layer channel, relay task)
        self.lock = asyncio.Lock()

    async def join(self, group, consumer):
        """Add ``consumer`` to ``group``, subscribing the process first if needed. Raises the
        layer's error if Redis cannot be reached, leaving the hub as it was."""
        async with self.lock:
            if group not in self.relays:
                channel = await self.layer.new_channel()
                await self.layer.group_add(group, channel)
                task = asyncio.get_running_loop().create_task(self._relay(group, channel))
                self.relays[group] = (channel, task)
            self.members.setdefault(group, set()).add(consumer)

    async def leave(self, group, consumer):
        async with self.lock:
            members = self.members.get(group)
            if members is None:
                return
            members.discard(consumer)
            if members:
                return
            del self.members[group]
            channel, task = self.relays.pop(group)
            task.cancel()
            try:
                await self.layer.group_discard(group, channel)
            except UNAVAILABLE_ERRORS as error:  # Redis down: the subscription went with it
                _log_dropped(error)

    async def _relay(self, group, channel):
        while True:
            message = await self.layer.receive(channel)
            for consumer in list(self.members.get(group, ())):
                try:
                    await consumer.send(text_data=message["text"])
                except Exception:  # a socket closing under us: its disconnect cleans up
                    logger.debug("Could not push to a closing socket", exc_info=True)


_hubs = weakref.WeakKeyDictionary()  # one hub per event loop (one per worker process)


def thread_hub():
    loop = asyncio.get_running_loop()
    hub = _hubs.get(loop)
    if hub is None:
        hub = _hubs[loop] = ThreadHub(get_channel_layer())
    return hub
