"""The live thread socket: read-only push of comment events to the people viewing a thread.

Security: the origin is checked on the handshake (AllowedHostsOriginValidator in asgi.py), the
user comes from the session cookie, a client is subscribed only to a thread it may read (the same
rules predicate as the page), and what a client sends is bounded in size and rate. Writes never
come through here: they go through the HTTP views.
"""

import logging
import time

from channels.db import database_sync_to_async
from channels.generic.websocket import AsyncWebsocketConsumer
from django.conf import settings

from participation.cache import UNAVAILABLE_ERRORS
from participation.hosts import get_host
from participation.live import group_name, thread_hub

CLOSE_FORBIDDEN = 4403
CLOSE_NOT_FOUND = 4404
CLOSE_TOO_LARGE = 4413
CLOSE_TOO_FAST = 4429
CLOSE_UNAVAILABLE = 4503

logger = logging.getLogger(__name__)


@database_sync_to_async
def _readable_host(user, thread_key):
    content_type_id, _sep, object_id = thread_key.partition(".")
    host = get_host(content_type_id, object_id)
    if host is None:
        return None, CLOSE_NOT_FOUND
    if not user.has_perm("participation.read_thread", host):
        return None, CLOSE_FORBIDDEN
    return host, None


class ThreadConsumer(AsyncWebsocketConsumer):
    # No layer channel per socket: the process's ThreadHub holds one subscription per thread
    # and pushes to this socket (see participation/live.py).
    channel_layer_alias = None

    async def connect(self):
        kwargs = self.scope["url_route"]["kwargs"]
        language = kwargs["language"]
        if language not in dict(settings.LANGUAGES):
            await self.close(code=CLOSE_NOT_FOUND)
            return
        _host, refusal = await _readable_host(self.scope["user"], kwargs["thread_key"])
        if refusal:
            await self.close(code=refusal)
            return
        self.group = group_name(kwargs["thread_key"], language)
        self.window_start = time.monotonic()
        self.messages_in_window = 0
        await self.accept()
        try:
            await thread_hub().join(self.group, self)
        except UNAVAILABLE_ERRORS:
            # The channel layer (Redis) is down: close the socket, not the process. The page works
            # without live updates; its script reconnects later (4503 is not a refusal to it).
            logger.warning("Live thread socket closed: the channel layer is unavailable")
            self.group = None
            await self.close(code=CLOSE_UNAVAILABLE)

    async def disconnect(self, code):
        if getattr(self, "group", None):
            await thread_hub().leave(self.group, self)

    async def receive(self, text_data=None, bytes_data=None):
        """Clients only ever say "ping"; anything large or too frequent closes the socket."""
        size = len(text_data.encode()) if text_data is not None else len(bytes_data or b"")
        if size > settings.SHARIK_SOCKET_MAX_MESSAGE_BYTES:
            await self.close(code=CLOSE_TOO_LARGE)
            return
        now = time.monotonic()
        if now - self.window_start > 10:
            self.window_start, self.messages_in_window = now, 0
        self.messages_in_window += 1
        if self.messages_in_window > settings.SHARIK_SOCKET_MAX_MESSAGES_PER_10S:
            await self.close(code=CLOSE_TOO_FAST)
            return
        if text_data and text_data.strip() == '{"type":"ping"}':
            await self.send(text_data='{"type":"pong"}')
