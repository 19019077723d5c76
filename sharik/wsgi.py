"""WSGI entry point: gunicorn serves the pages (see deploy/gunicorn.conf.py)."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "sharik.settings")

application = get_wsgi_application()
