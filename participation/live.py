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
import json
import logging
import weakref

from asgiref.sync import async_to_sync
from channels.layers import get_channel_layer
from django.conf import settings
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import translation


def group_name(thread_key, language_code):
    """Channels group of one thread in one language, e.g. ``thread.12.345.ar``."""
    return f"thread.{thread_key}.{language_code}"


def publish_comment_event(kind, comment, comment_count):
    """Queue a live event about ``comment`` (``created``, ``edited``, ``deleted``, ``hidden``)."""
    thread_key = comment.host.thread_key

    def send():
        layer = get_channel_layer()
        if layer is None:
            return
        for language_code, _name in settings.LANGUAGES:
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
                    "comment_count": comment_count,
                },
                ensure_ascii=False,
            )
            async_to_sync(layer.group_send)(
                group_name(thread_key, language_code), {"type": "thread.event", "text": text}
            )

    transaction.on_commit(send)


def publish_counter(host, name, value):
    """Queue a live update of one of ``host``'s counters (supports, signatures…)."""
    thread_key = host.thread_key
    text = json.dumps({"type": "counter", "name": name, "value": value})

    def send():
        layer = get_channel_layer()
        if layer is None:
            return
        for language_code, _name in settings.LANGUAGES:
            async_to_sync(layer.group_send)(
                group_name(thread_key, language_code), {"type": "thread.event", "text": text}
            )

    transaction.on_commit(send)


logger = logging.getLogger(__name__)


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
        async with self.lock:
            self.members.setdefault(group, set()).add(consumer)
            if group not in self.relays:
                channel = await self.layer.new_channel()
                await self.layer.group_add(group, channel)
                task = asyncio.get_running_loop().create_task(self._relay(group, channel))
                self.relays[group] = (channel, task)

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
            await self.layer.group_discard(group, channel)

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
