"""Live updates: after a write commits, tell everyone viewing the thread.

Views publish; consumers only push (DESIGN.md §1). One event per change per group: the comment is
rendered once per language (its group is per thread and language), so a viewer receives markup
in the language of the page they are reading, and nothing to fetch.
"""

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
            async_to_sync(layer.group_send)(
                group_name(thread_key, language_code),
                {
                    "type": "thread.event",
                    "event": kind,
                    "comment_id": comment.pk,
                    "parent_id": comment.parent_id,
                    "html": html,
                    "comment_count": comment_count,
                },
            )

    transaction.on_commit(send)
