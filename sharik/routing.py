"""WebSocket routes. Consumers only push; every write goes through an HTTP view
(docs/architecture.md, "Live updates")."""

from django.urls import re_path

from participation.consumers import ThreadConsumer

websocket_urlpatterns = [
    re_path(
        r"^ws/threads/(?P<thread_key>\d+\.\d+)/(?P<language>[a-z]{2})/$", ThreadConsumer.as_asgi()
    ),
]
