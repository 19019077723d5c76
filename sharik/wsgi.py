"""WSGI entry point: gunicorn serves the pages (see deploy/gunicorn.conf.py)."""

import os

from django.core.wsgi import get_wsgi_application

from sharik.loaded import keep_loaded_objects_out_of_collections

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "sharik.settings")

application = get_wsgi_application()

keep_loaded_objects_out_of_collections()
