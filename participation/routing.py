"""WebSocket routes. Consumers only push; every write goes through an HTTP view (DESIGN.md §1)."""

websocket_urlpatterns = []
