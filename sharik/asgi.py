"""ASGI entry point.

In production uvicorn serves only ``/ws/`` (nginx routes pages to gunicorn). The embedded server
(``python3 dev.py serve``) uses this same application for both pages and sockets.
"""

import os

from django.core.asgi import get_asgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "sharik.settings")

# Django must be set up before anything imports models.
django_asgi_application = get_asgi_application()

from channels.auth import AuthMiddlewareStack  # noqa: E402
from channels.routing import ProtocolTypeRouter, URLRouter  # noqa: E402
from channels.security.websocket import AllowedHostsOriginValidator  # noqa: E402
from django.conf import settings  # noqa: E402
from django.contrib.staticfiles.handlers import ASGIStaticFilesHandler  # noqa: E402

from sharik.loaded import keep_loaded_objects_out_of_collections  # noqa: E402
from sharik.routing import websocket_urlpatterns  # noqa: E402

if settings.DEBUG:
    # The embedded server serves static files itself; in production nginx does.
    django_asgi_application = ASGIStaticFilesHandler(django_asgi_application)

application = ProtocolTypeRouter(
    {
        "http": django_asgi_application,
        "websocket": AllowedHostsOriginValidator(
            AuthMiddlewareStack(URLRouter(websocket_urlpatterns))
        ),
    }
)

keep_loaded_objects_out_of_collections()
