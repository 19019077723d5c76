"""Sessions stored in the database with a copy in the cache in front (Django's ``cached_db``),
whose cached copy can arrive with the request's first cache read.

Every request already reads the generation of public content from the cache
(participation/pagecache.py), and a resident's GET also reads the shared copies of the page. The
session's copy is read in that same round trip (``prime``), so a logged-in request costs one
round trip to Redis instead of two. When the copy was not found (Redis restarted, or is down),
the session loads as ``cached_db`` does: from the cache, then from the database.
"""

from django.contrib.sessions.backends import cached_db

_NOT_READ = object()


class SessionStore(cached_db.SessionStore):
    _primed = _NOT_READ

    def prime(self, data):
        """What the request's first cache read found under ``cache_key`` (None: nothing)."""
        self._primed = data

    def load(self):
        data, self._primed = self._primed, _NOT_READ
        if isinstance(data, dict):
            return data
        return super().load()
