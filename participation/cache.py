"""The Redis cache, made to fail soft: a stopped Redis costs speed, never the site.

PostgreSQL is the system of record; Redis holds nothing that cannot be lost (docs/architecture.md,
"Production topology"). So when Redis cannot be reached, each operation of this backend behaves as
if the key had been evicted instead of raising:

* ``get`` misses, ``get_many`` finds nothing, ``has_key`` is False;
* ``set``, ``set_many`` and ``add`` write nothing and report success (``add`` returns True), as
  if the value had been stored and evicted at once. ``add`` says True on purpose: its callers use
  it to claim a marker ("a recount is queued", petitions/counts.py, consultations/counts.py), and a
  recount queued twice is harmless where one never queued is not;
* ``incr`` raises ``ValueError``, as for a key that is not there;
* ``delete`` deletes nothing.

Keys under ``LOCAL_FALLBACK_PREFIXES`` (the rate-limit counters: participation/ratelimits.py and
allauth's) are served from this process's memory instead while Redis is down, so limits are still
enforced, per process.

After a failure the process leaves Redis alone for ``RETRY_AFTER`` seconds (every operation is then
answered locally, at no cost), so a dead Redis costs at most one short connect timeout per process
and period. One warning is logged when Redis becomes unreachable and at most one a minute while it
stays so. The keys a write or delete could not reach are remembered (up to a bound) and deleted when
Redis answers again, so a value changed meanwhile, a session logged out for instance, is not read
back stale from a Redis that had only been out of reach.
"""

import logging
import threading
import time

from django.core.cache.backends.base import DEFAULT_TIMEOUT
from django.core.cache.backends.locmem import LocMemCache
from django.core.cache.backends.redis import RedisCache, RedisCacheClient
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import TimeoutError as RedisTimeoutError

logger = logging.getLogger(__name__)

# What the redis client raises when the server is stopped, unreachable or too slow (socket errors
# are wrapped in ConnectionError; OSError covers any that are not).
UNAVAILABLE_ERRORS = (RedisConnectionError, RedisTimeoutError, OSError)

# Short timeouts: a healthy Redis answers in a millisecond; a dead one must not hold a request.
DEFAULT_CONNECTION_OPTIONS = {"socket_connect_timeout": 0.25, "socket_timeout": 1.0}
WARNING_INTERVAL = 60  # seconds between two "still unreachable" warnings
MAX_STALE_KEYS = 10_000


class Outage:
    """What this process knows about one Redis server being out of reach (shared by the threads,
    which each have their own cache object)."""

    def __init__(self, location, retry_after):
        self.location = location
        self.retry_after = retry_after
        self.lock = threading.Lock()
        self.skip_until = 0.0
        self.since = None
        self.last_warning = 0.0
        self.missed = 0
        self.stale = set()
        self.stale_overflow = False
        self.local = LocMemCache(f"sharik-redis-fallback:{location}", {"MAX_ENTRIES": 10_000})

    @property
    def ongoing(self):
        return self.since is not None

    def skipping(self):
        return self.ongoing and time.monotonic() < self.skip_until

    def failed(self, operation, error):
        now = time.monotonic()
        with self.lock:
            self.skip_until = now + self.retry_after
            self.missed += 1
            first = self.since is None
            if first:
                self.since = now
            if first or now - self.last_warning >= WARNING_INTERVAL:
                self.last_warning = now
                logger.warning(
                    "Redis cache at %s unreachable (%s on %s: %s); serving without it "
                    "(%d operations so far), retrying every %ss",
                    self.location,
                    type(error).__name__,
                    operation,
                    error,
                    self.missed,
                    self.retry_after,
                )

    def remember_stale(self, keys):
        with self.lock:
            room = MAX_STALE_KEYS - len(self.stale)
            keys = list(keys)
            if len(keys) > room:
                self.stale_overflow = True
            self.stale.update(keys[: max(room, 0)])

    def recovered(self, client):
        """Redis answered again: forget the outage and delete what it may hold stale."""
        with self.lock:
            if self.since is None:
                return
            duration = time.monotonic() - self.since
            stale, overflow = self.stale, self.stale_overflow
            self.since, self.missed, self.stale, self.stale_overflow = None, 0, set(), False
        if stale:
            try:
                client.delete_many(list(stale))
            except UNAVAILABLE_ERRORS as error:
                self.failed("delete_many", error)
                self.remember_stale(stale)
                return
        logger.warning(
            "Redis cache at %s reachable again after %.1fs; %d keys written meanwhile "
            "invalidated%s",
            self.location,
            duration,
            len(stale),
            " (more were written than remembered: some may be stale until they expire)"
            if overflow
            else "",
        )


_outages = {}
_outages_lock = threading.Lock()


def outage_of(location, retry_after):
    with _outages_lock:
        outage = _outages.get(location)
        if outage is None:
            outage = _outages[location] = Outage(location, retry_after)
        return outage


class ReusingRedisCacheClient(RedisCacheClient):
    """Django's Redis client wrapper, keeping one ``redis.Redis`` per connection pool instead of
    building one for every cache call (about a millisecond each with redis-py 8: several per
    request). A ``redis.Redis`` is safe to share between threads: each command borrows a
    connection from the pool."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._clients = {}

    def get_client(self, key=None, *, write=False):
        pool = self._get_connection_pool(write)
        client = self._clients.get(id(pool))
        if client is None:
            client = self._clients[id(pool)] = self._client(connection_pool=pool)
        return client


class ResilientRedisCache(RedisCache):
    """Django's Redis cache whose operations degrade to "no cache" while Redis is unreachable
    (see the module's docstring). Extra parameters beside Django's: ``RETRY_AFTER`` (seconds,
    default 2) and ``LOCAL_FALLBACK_PREFIXES`` (keys kept in this process's memory meanwhile)."""

    def __init__(self, server, params):
        params = dict(params)
        params["OPTIONS"] = {**DEFAULT_CONNECTION_OPTIONS, **params.get("OPTIONS", {})}
        super().__init__(server, params)
        self._class = ReusingRedisCacheClient
        self._local_prefixes = tuple(params.get("LOCAL_FALLBACK_PREFIXES", ()))
        self._outage = outage_of(",".join(self._servers), float(params.get("RETRY_AFTER", 2.0)))

    @property
    def unavailable(self):
        """True while this process is answering without Redis."""
        return self._outage.ongoing

    # --- the guard around every operation ------------------------------------------------------

    def _attempt(self, operation, call, fallback, stale_keys=()):
        outage = self._outage
        if not outage.skipping():
            try:
                result = call()
            except UNAVAILABLE_ERRORS as error:
                outage.failed(operation, error)
            else:
                if outage.ongoing:
                    outage.recovered(self._cache)
                return result
        if stale_keys:
            outage.remember_stale(stale_keys)
        return fallback()

    def _is_local(self, key):
        return bool(self._local_prefixes) and str(key).startswith(self._local_prefixes)

    def _full_key(self, key, version):
        return self.make_and_validate_key(key, version=version)

    # --- operations ----------------------------------------------------------------------------

    def add(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        local = self._outage.local
        return self._attempt(
            "add",
            lambda: super(ResilientRedisCache, self).add(key, value, timeout, version),
            (lambda: local.add(key, value, timeout, version)) if self._is_local(key) else _true,
        )

    def get(self, key, default=None, version=None):
        local = self._outage.local
        return self._attempt(
            "get",
            lambda: super(ResilientRedisCache, self).get(key, default, version),
            (lambda: local.get(key, default, version))
            if self._is_local(key)
            else (lambda: default),
        )

    def set(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        local = self._outage.local
        is_local = self._is_local(key)
        return self._attempt(
            "set",
            lambda: super(ResilientRedisCache, self).set(key, value, timeout, version),
            (lambda: local.set(key, value, timeout, version)) if is_local else _none,
            stale_keys=() if is_local else [self._full_key(key, version)],
        )

    def touch(self, key, timeout=DEFAULT_TIMEOUT, version=None):
        local = self._outage.local
        return self._attempt(
            "touch",
            lambda: super(ResilientRedisCache, self).touch(key, timeout, version),
            (lambda: local.touch(key, timeout, version)) if self._is_local(key) else _false,
        )

    def delete(self, key, version=None):
        local = self._outage.local
        is_local = self._is_local(key)
        return self._attempt(
            "delete",
            lambda: super(ResilientRedisCache, self).delete(key, version),
            (lambda: local.delete(key, version)) if is_local else _false,
            stale_keys=() if is_local else [self._full_key(key, version)],
        )

    def get_many(self, keys, version=None):
        keys = list(keys)
        local = self._outage.local
        return self._attempt(
            "get_many",
            lambda: super(ResilientRedisCache, self).get_many(keys, version),
            lambda: local.get_many([key for key in keys if self._is_local(key)], version),
        )

    def has_key(self, key, version=None):
        local = self._outage.local
        return self._attempt(
            "has_key",
            lambda: super(ResilientRedisCache, self).has_key(key, version),
            (lambda: local.has_key(key, version)) if self._is_local(key) else _false,
        )

    def incr(self, key, delta=1, version=None):
        local = self._outage.local
        is_local = self._is_local(key)

        def missing():
            if is_local:
                return local.incr(key, delta, version)
            raise ValueError(f"Key '{key}' not found (the cache is unavailable).")

        return self._attempt(
            "incr",
            lambda: super(ResilientRedisCache, self).incr(key, delta, version),
            missing,
            stale_keys=() if is_local else [self._full_key(key, version)],
        )

    def set_many(self, data, timeout=DEFAULT_TIMEOUT, version=None):
        data = dict(data)
        local = self._outage.local

        def fallback():
            local.set_many({k: v for k, v in data.items() if self._is_local(k)}, timeout, version)
            return []

        return self._attempt(
            "set_many",
            lambda: super(ResilientRedisCache, self).set_many(data, timeout, version),
            fallback,
            stale_keys=[self._full_key(k, version) for k in data if not self._is_local(k)],
        )

    def delete_many(self, keys, version=None):
        keys = list(keys)
        local = self._outage.local
        return self._attempt(
            "delete_many",
            lambda: super(ResilientRedisCache, self).delete_many(keys, version),
            lambda: local.delete_many([k for k in keys if self._is_local(k)], version),
            stale_keys=[self._full_key(k, version) for k in keys if not self._is_local(k)],
        )

    def clear(self):
        self._outage.local.clear()
        return self._attempt("clear", super().clear, _false)

    def count_many(self, keys_and_periods):
        """Add one to each counter and return the new values, in one command (``COUNT_SCRIPT``,
        sent by its digest once Redis knows it): the window starts with the first count. Rate
        limits use it (participation/ratelimits.py). Counted in this process's memory while
        Redis is down."""
        local = self._outage.local

        def call():
            client = self._cache.get_client(write=True)
            script = self._count_script
            if script is None or script.registered_client is not client:
                script = self._count_script = client.register_script(COUNT_SCRIPT)
            keys = [self._full_key(key, None) for key, _period in keys_and_periods]
            return script(keys=keys, args=[period for _key, period in keys_and_periods])

        return self._attempt("count_many", call, lambda: count_many_with(local, keys_and_periods))

    _count_script = None


# Counts one each of KEYS and returns their new values; a counter's first count starts its window
# of ARGV[i] seconds. One command where a pipeline of an INCR and an EXPIRE per counter cost a
# rate-limited write twice the packing and parsing, and atomic: no counter is ever left without its
# expiry.
COUNT_SCRIPT = """
local counts = {}
for i, key in ipairs(KEYS) do
  counts[i] = redis.call('INCR', key)
  if counts[i] == 1 then redis.call('EXPIRE', key, ARGV[i]) end
end
return counts
"""


def _true():
    return True


def _false():
    return False


def _none():
    return None


def count_many_with(cache, keys_and_periods):
    """``count_many`` for any Django cache: an ``add`` and an ``incr`` per counter."""
    counts = []
    for key, period in keys_and_periods:
        cache.add(key, 0, timeout=period)
        try:
            counts.append(cache.incr(key))
        except ValueError:  # expired between add and incr
            cache.set(key, 1, timeout=period)
            counts.append(1)
    return counts
