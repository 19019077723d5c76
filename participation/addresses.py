"""The address of a thing's page, reversed once per language instead of on every call.

Django's ``reverse`` walks the URL patterns each time (46 µs for a petition's page here, against
about 1 µs to find it again); a petition's or a proposal's address is asked for on every write
that redirects to it and on every card of a list. The address depends only on the view, its
arguments, the active language (the ``/ar/`` of the i18n patterns) and the script prefix the site
is served under, which are the key. Bounded: the least recently used give way.
"""

from functools import lru_cache

from django.core.signals import setting_changed
from django.dispatch import receiver
from django.urls import get_script_prefix, reverse
from django.utils.translation import get_language

MAX_ADDRESSES = 20_000


def address(viewname, *args):
    """``reverse(viewname, args=args)``, remembered."""
    return _reversed(viewname, args, get_language(), get_script_prefix())


@lru_cache(maxsize=MAX_ADDRESSES)
def _reversed(viewname, args, _language, _prefix):
    return reverse(viewname, args=args)


@receiver(setting_changed)
def _forget_addresses(*, setting, **_kwargs):
    """A test that changes the URL patterns changes the addresses."""
    if setting == "ROOT_URLCONF":
        _reversed.cache_clear()
