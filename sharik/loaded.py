"""What a server process keeps from loading, out of Python's full garbage collections."""

import gc


def keep_loaded_objects_out_of_collections():
    """What loading Django, Wagtail, Channels and the apps made (about 250,000 objects: modules,
    classes, models, URL patterns) lives as long as the process: moved to the collector's
    permanent generation, Python's full collections no longer walk it. A full collection took
    155-170 ms with it, 12 ms without: a pause of the whole process, in the middle of whichever
    requests were running, or of every socket of a live room (bench/README.md, 2026-12-01
    fourth and fifth sessions). The garbage of loading is collected first, so none of it is kept
    for good. Called last by each entry point (sharik/wsgi.py, sharik/asgi.py)."""
    gc.collect()
    gc.freeze()
