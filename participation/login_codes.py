"""One-time log-in codes: how a resident whose account a counter agent opened (no email address,
no password: counters/services.py ``create_resident``) logs in, and how one who forgot their
password gets back in without an email.

An agent prints a code at the counter (``issue_code``); the resident types it on the code page
next to the log-in page (participation/login_code_views.py), which calls ``redeem``.

- **Easy to type from paper**: 12 characters from an alphabet without 0, O, 1, I or L (31
  symbols, so 59 bits: guessing one at the page's rate limit is out of reach), printed in groups
  of four (``ABCD-EFGH-JKMN``). Case, spaces, dashes and Arabic-Indic digits do not matter.
- **Never kept in plain**: the row holds an HMAC-SHA256 of the code keyed with ``SECRET_KEY``
  (with ``SECRET_KEY_FALLBACKS`` when redeeming, so rotating the key does not void the codes
  already printed). A code is found by its digest, an indexed equality: nothing compares a
  secret character by character.
- **Once**: the row is marked used by one ``UPDATE … WHERE used_at IS NULL``. Two redeems of the
  same code at once (a double click, two devices) log in once: the second waits for the
  first's row lock, then finds the code used.
- **One at a time**: a new code voids the resident's earlier unused ones.
- **Residents only**: staff, and anyone with a group or a permission, log in with their password
  (``may_log_in_by_code``); a code is neither issued to them nor accepted for them.

Issuing is audited by the caller (the counter: ``counter.login_code_issued``, never the code);
redeeming is the resident's own act, as a password log-in is, and is not.
"""

import secrets
import unicodedata
from datetime import timedelta
from typing import NamedTuple

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.crypto import salted_hmac
from django.utils.translation import gettext as _

from participation.models import LoginCode, User
from participation.services import ParticipationError

# No 0/O, no 1/I/L: what is printed cannot be read as another character.
ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"
LENGTH = 12
GROUP = 4
KEY_SALT = "sharik.participation.login_codes"


class IssuedCode(NamedTuple):
    code: str  # as printed, "ABCD-EFGH-JKMN"
    expires_at: object  # an aware datetime


def lifetime():
    return timedelta(days=settings.SHARIK_LOGIN_CODE_DAYS)


def may_log_in_by_code(user):
    """Only residents: never a member of staff, nor anyone a group or a permission gives more
    than a resident may do (their password, not a paper, opens such an account)."""
    return (
        user.is_active
        and not user.is_staff
        and not user.is_superuser
        and not user.groups.exists()
        and not user.user_permissions.exists()
    )


def normalise(code):
    """``" abcd-efgh jkmn "`` → ``"ABCDEFGHJKMN"``: spaces, dashes and case dropped, full-width
    letters and any script's digits (Arabic-Indic ٢٣…) read as the printed ones."""
    text = unicodedata.normalize("NFKC", str(code or ""))
    characters = []
    for character in text:
        if character.isspace() or unicodedata.category(character) == "Pd":
            continue
        digit = unicodedata.decimal(character, None)
        characters.append(str(digit) if digit is not None else character.upper())
    return "".join(characters)


def formatted(normalised):
    """In groups of four, as printed."""
    return "-".join(normalised[i : i + GROUP] for i in range(0, len(normalised), GROUP))


def digest(normalised, secret=None):
    return salted_hmac(KEY_SALT, normalised, secret=secret, algorithm="sha256").hexdigest()


def digests(normalised):
    """The code's digest under the current key and under each key being rotated out."""
    keys = [settings.SECRET_KEY, *getattr(settings, "SECRET_KEY_FALLBACKS", [])]
    return [digest(normalised, key) for key in keys]


@transaction.atomic
def issue(user, created_by):
    """A new code for ``user``, who must be a resident (``may_log_in_by_code``); their earlier
    unused codes stop working. Returns the code, the only time it exists in plain, and when it
    expires."""
    if not may_log_in_by_code(user):
        raise ParticipationError(
            _(
                "Only residents log in with a code: staff, and accounts with a role, log in with "
                "their password."
            )
        )
    now = timezone.now()
    LoginCode.objects.filter(user=user, used_at__isnull=True, expires_at__gt=now).update(
        expires_at=now
    )
    code = "".join(secrets.choice(ALPHABET) for _position in range(LENGTH))
    row = LoginCode.objects.create(
        user=user, digest=digest(code), expires_at=now + lifetime(), created_by=created_by
    )
    return IssuedCode(formatted(code), row.expires_at)


def issue_code(user, created_by):
    """``issue``, when only the code is needed."""
    return issue(user, created_by).code


def redeem(code):
    """The resident whose valid code this is, the code now used; None for any code that does not
    log in (unknown, used, expired, voided, or its account no longer a resident's), without
    saying which."""
    normalised = normalise(code)
    if len(normalised) != LENGTH or not set(normalised) <= set(ALPHABET):
        return None
    found = LoginCode.objects.filter(digest__in=digests(normalised)).values_list("pk", "user_id")
    found = found.first()
    if found is None:
        return None
    pk, user_id = found
    user = User.objects.filter(pk=user_id).first()
    if user is None or not may_log_in_by_code(user):
        return None
    now = timezone.now()
    # The one statement that decides: of two redeems at once, the second waits for the first's
    # row lock and then reads used_at set, so changes nothing.
    used = LoginCode.objects.filter(pk=pk, used_at__isnull=True, expires_at__gt=now).update(
        used_at=now
    )
    return user if used == 1 else None
