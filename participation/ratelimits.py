"""Rate limits on every write of the participation core, per account and per address.

Limits are named settings (``SHARIK_RATE_LIMITS``) such as ``"comment": "5/m/user,60/h/user,
30/m/ip"``: at most 5 comments a minute and 60 an hour per account, 30 a minute per address.
Counters live in the cache (Redis in production), in fixed windows. While Redis is down the cache
keeps the ``ratelimit:`` keys in each process's memory (participation/cache.py): limits are still
enforced, per process, so a deployment of N processes lets through up to N times a limit.
"""

import time

from allauth import app_settings as allauth_settings
from allauth.account.adapter import get_adapter
from django.conf import settings
from django.core.cache import cache
from django.shortcuts import render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import get_language

from participation.cache import count_many_with

PERIODS = {"s": 1, "m": 60, "h": 3600, "d": 86400}


def parse_rates(spec):
    """``"5/m/user,30/m/ip"`` → ``[(5, 60, "user"), (30, 60, "ip")]``."""
    rates = []
    for part in filter(None, (chunk.strip() for chunk in spec.split(","))):
        amount, period, scope = part.split("/")
        if scope not in {"user", "ip"}:
            raise ValueError(f"Unknown rate limit scope {scope!r} in {spec!r}")
        rates.append((int(amount), PERIODS[period], scope))
    return rates


def allow(request, action):
    """Count one ``action`` by this request's account and address; False once a limit is passed."""
    spec = settings.SHARIK_RATE_LIMITS.get(action)
    if not spec:
        return True
    now = int(time.time())
    counters = []
    for amount, period, scope in parse_rates(spec):
        if scope == "user":
            if not request.user.is_authenticated:
                continue
            who = f"user:{request.user.pk}"
        else:
            who = f"ip:{client_ip(request)}"
        counters.append((amount, f"ratelimit:{action}:{who}:{period}:{now // period}", period + 1))
    if not counters:
        return True
    # Every counter of the action in one round trip to Redis (participation/cache.py).
    keys_and_periods = [(key, period) for _amount, key, period in counters]
    if hasattr(cache, "count_many"):
        counts = cache.count_many(keys_and_periods)
    else:
        counts = count_many_with(cache, keys_and_periods)
    limits = [amount for amount, _key, _period in counters]
    return all(count <= limit for limit, count in zip(limits, counts, strict=True))


def client_ip(request):
    """The client's address as allauth reads it (its own limits count by it), remembered per
    value of what it reads: parsing and checking the address cost 20 µs on every write."""
    meta = request.META
    header = allauth_settings.TRUSTED_CLIENT_IP_HEADER
    read = (
        meta.get("REMOTE_ADDR"),
        meta.get("HTTP_X_FORWARDED_FOR"),
        request.headers.get(header) if header else None,
    )
    ip = _client_ips.get(read)
    if ip is None:
        ip = get_adapter(request).get_client_ip(request)
        if len(_client_ips) >= MAX_CLIENT_IPS:
            _client_ips.clear()
        _client_ips[read] = ip
    return ip


_client_ips = {}
MAX_CLIENT_IPS = 10_000


def refusal(request, action):
    """Count one ``action`` and return the "please wait" page (HTTP 429) once a limit is passed,
    or ``None`` while the request may go on. Every write of every feature starts with it::

        if refused := ratelimits.refusal(request, "signature"):
            return refused
    """
    if allow(request, action):
        return None
    return too_many_requests(request)


def too_many_requests(request):
    """The site's "please wait" page (``templates/429.html``), with a way back to the page the
    reader came from. allauth renders the same template for its own limits on the account pages,
    where "back" is the account page's form (its address)."""
    referrer = request.headers.get("referer", "")
    safe = url_has_allowed_host_and_scheme(
        referrer, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    )
    back_url = referrer if safe else f"/{get_language()}/"
    return render(request, "429.html", {"back_url": back_url}, status=429)
