"""Consents (law 09-08, art. 4): a resident agrees to an optional use of their data, for a stated
purpose, against the text they read; they may withdraw at any time, and nothing else about their
participation depends on it.

The sign-up privacy notice is not one of these: it is the condition of having an account,
recorded on the account itself (``User.privacy_notice_accepted_at`` / ``_version``), and is
not withdrawable (deleting the account is how one leaves). What is registered here is optional:
a feature that wants an optional use registers its purpose in its ``AppConfig.ready``::

    from participation import consents

    consents.register_purpose(
        "announcements",
        label=_("The commune's announcements by email"),
        text=_("Sharik may email me the commune's announcements …"),
        version="2026-12",
    )

and then asks, never assumes::

    consents.has_consented(user, "announcements")       # one resident
    consents.consenting("announcements")                # a User queryset, for a mailing

A consent counts only for the current version of its text: when a feature changes the text
materially it bumps ``version``, and everyone's earlier consent stops counting until they give
it again (``consenting()`` and ``has_consented()`` say no; the consents page asks again).

History is kept (``participation.Consent``): withdrawing sets ``withdrawn_at`` on the current
row, giving again makes a new row. The resident's own choices are not staff acts and are not in
the audit log; their rows are in "Download my data" and are erased with the account.
"""

from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.core.exceptions import ImproperlyConfigured
from django.db import IntegrityError, transaction
from django.utils import timezone

from participation.models import Consent


class UnknownPurpose(LookupError):
    """No feature registered a purpose under this key."""


@dataclass(frozen=True)
class Purpose:
    """An optional use of residents' data, as the consents page states it."""

    key: str
    label: str  # short, a heading ("The commune's announcements by email")
    text: str  # what the resident agrees to, in full
    version: str  # bumped when the text changes materially


_purposes = {}


def register_purpose(key, label, text, version):
    """Declare an optional use (at start-up, in the feature's ``AppConfig.ready``). Registering
    the same purpose again is harmless; the same key with another definition is a mistake
    (two features, one key) and refused."""
    if not key or len(key) > Consent._meta.get_field("purpose").max_length:
        raise ImproperlyConfigured(f"A consent purpose needs a short key, not {key!r}.")
    version = str(version)
    if not version or len(version) > Consent._meta.get_field("text_version").max_length:
        raise ImproperlyConfigured(f"The consent purpose {key!r} needs a short version.")
    purpose = Purpose(key=key, label=label, text=text, version=version)
    known = _purposes.get(key)
    if known is not None and known != purpose:
        raise ImproperlyConfigured(f"The consent purpose {key!r} is registered twice, differently.")
    _purposes[key] = purpose
    return purpose


def unregister_purpose(key):
    """Forget a purpose (tests that register their own)."""
    _purposes.pop(key, None)


def purposes():
    """Every registered purpose, by key."""
    return [_purposes[key] for key in sorted(_purposes)]


def purpose(key):
    try:
        return _purposes[key]
    except KeyError:
        raise UnknownPurpose(f"No consent purpose is registered under {key!r}.") from None


def current(user, key):
    """The resident's current (not withdrawn) consent row for ``key``, whatever its version,
    or None."""
    return Consent.objects.filter(user=user, purpose=key, withdrawn_at__isnull=True).first()


def give(user, key):
    """Record that ``user`` agrees to the purpose's current text. Idempotent: a consent already
    given to the current version is returned as it is; one given to an earlier version is
    closed (``withdrawn_at``) and a new row records the new version. Returns the current row."""
    text_version = purpose(key).version
    with transaction.atomic():
        # One change at a time per resident: their row is the lock (a double click).
        get_user_model().objects.select_for_update().filter(pk=user.pk).first()
        row = current(user, key)
        if row is not None and row.text_version == text_version:
            return row
        now = timezone.now()
        if row is not None:
            Consent.objects.filter(pk=row.pk).update(withdrawn_at=now)
        try:
            with transaction.atomic():
                return Consent.objects.create(
                    user=user, purpose=key, text_version=text_version, given_at=now
                )
        except IntegrityError:  # given at the same moment by another request
            return current(user, key)


def withdraw(user, key):
    """Withdraw ``user``'s consent to the purpose; the row stays, as the history. Returns
    whether a consent was withdrawn (False: there was none)."""
    purpose(key)  # an unknown key is a mistake, not "nothing to withdraw"
    updated = Consent.objects.filter(user=user, purpose=key, withdrawn_at__isnull=True).update(
        withdrawn_at=timezone.now()
    )
    return bool(updated)


def has_consented(user, key):
    """Whether ``user`` has a current consent to the current version of the purpose's text."""
    text_version = purpose(key).version
    if user is None or not getattr(user, "is_authenticated", False) or not user.is_active:
        return False
    return Consent.objects.filter(
        user=user, purpose=key, text_version=text_version, withdrawn_at__isnull=True
    ).exists()


def consenting(key):
    """The active accounts with a current consent to the current version of the purpose's text,
    as a User queryset (chain ``.exclude(email=None)`` and the like)."""
    text_version = purpose(key).version
    return get_user_model().objects.filter(
        is_active=True,
        consents__purpose=key,
        consents__text_version=text_version,
        consents__withdrawn_at__isnull=True,
    )
