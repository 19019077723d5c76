"""WSGI entry point: gunicorn serves the pages (see deploy/gunicorn.conf.py)."""

import gc
import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "sharik.settings")

application = get_wsgi_application()


def keep_loaded_objects_out_of_collections():
    """What loading Django, Wagtail and the apps made (about 250,000 objects: modules, classes,
    models, URL patterns) lives as long as the worker: moved to the collector's permanent
    generation, Python's full collections no longer walk it. A full collection took 155-170 ms
    with it, 12 ms without: a pause of every thread of the worker, in the middle of whichever
    requests were running (bench/README.md, 2026-12-01 fourth session). The garbage of loading
    is collected first, so none of it is kept for good."""
    gc.collect()
    gc.freeze()


keep_loaded_objects_out_of_collections()
