"""National ID (CIN, البطاقة الوطنية للتعريف) numbers: validated, encrypted at rest, hashed for
uniqueness, never shown (docs/legal.md, "Law 09-08").

* Encryption: Fernet (AES-128-CBC + HMAC-SHA256) with a list of keys, newest first, so keys rotate
  without downtime: new values use the first key, old values still decrypt with the others, and
  ``manage.py rotate_cin_keys`` re-encrypts everything with the newest.
* Uniqueness: an HMAC-SHA256 of the normalised number with a separate secret. Two accounts cannot
  declare (and so sign with) one CIN, and the database never holds a value that reveals it.
"""

import hashlib
import hmac
import re
from functools import lru_cache

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

# A Moroccan CIN: one or two letters (the issuing region) then up to six digits, e.g. AB123456.
CIN_PATTERN = re.compile(r"^[A-Z]{1,2}[0-9]{1,6}$")


def normalise_cin(value):
    """Upper case, without spaces, dashes or dots: "ab-123 456" → "AB123456"."""
    return re.sub(r"[\s.\-_/]", "", str(value or "")).upper()


def validate_cin(value):
    if not CIN_PATTERN.match(normalise_cin(value)):
        raise ValidationError(
            _(
                "Enter the number as printed on your national ID card: one or two letters then "
                "up to six digits, e.g. AB123456."
            ),
            code="invalid_cin",
        )


@lru_cache(maxsize=4)
def _cipher(keys):
    return MultiFernet([Fernet(key) for key in keys])


def cipher():
    return _cipher(tuple(settings.SHARIK_CIN_ENCRYPTION_KEYS))


def encrypt_cin(value):
    return cipher().encrypt(normalise_cin(value).encode()).decode()


def decrypt_cin(token):
    try:
        return cipher().decrypt(token.encode()).decode()
    except InvalidToken as error:
        raise ValueError("This CIN cannot be decrypted with the configured keys.") from error


def rotate_token(token):
    """Re-encrypt with the newest key (what ``rotate_cin_keys`` does for every row)."""
    return cipher().rotate(token.encode()).decode()


def cin_digest(value):
    """Keyed hash of the normalised CIN, for unique constraints without storing the number."""
    return hmac.new(
        settings.SHARIK_CIN_HMAC_KEY.encode(), normalise_cin(value).encode(), hashlib.sha256
    ).hexdigest()


def mask_cin(value):
    """For the owner only: "AB****56"."""
    cin = normalise_cin(value)
    return cin[:2] + "*" * max(len(cin) - 4, 0) + cin[-2:]
