"""The site chrome (main navigation, language links, footer links) remembered in each process per
language and per generation of public content (participation/pagecache.py).

The chrome is the same for every reader of a language and changes only when pages are published,
moved or retitled, which moves the generation on. Remembering it costs no query and no cache
call: the generation is read once per request, by the page cache middleware, into
``request.page_generation`` (None when it cannot be known: then the chrome is worked out anew).
"""

import threading

# Entries of older generations are never read again; the whole memo is dropped when it grows
# past this many entries (a few per language and page).
MAX_ENTRIES = 4096

_memo = {}
_lock = threading.Lock()


def remembered(request, key, compute):
    """``compute()``, remembered under ``key`` for the request's generation of public content."""
    generation = getattr(request, "page_generation", None)
    if generation is None:
        return compute()
    full_key = (generation, *key)
    try:
        return _memo[full_key]
    except KeyError:
        pass
    value = compute()
    with _lock:
        if len(_memo) >= MAX_ENTRIES:
            _memo.clear()
        _memo[full_key] = value
    return value
