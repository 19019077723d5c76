"""Amazigh formats (zgh, which Django does not know): those of Morocco's CLDR locale "zgh", the
same as French in Django — "25 ⴷⵓⵊⴰⵏⴱⵉⵔ 2026" ("d MMMM y"), 25/12/2026, 09:00, a decimal comma
and amounts grouped by thousands, Monday first. Month names come from the Amazigh catalog
(locale/zgh), in Arabic where it lacks them (sharik/i18n.py)."""

from django.conf.locale.fr.formats import *  # noqa: F403

THOUSAND_SEPARATOR = "\u202f"  # a narrow no-break space, as the site writes Arabic amounts

# A date is written left to right, and Amazigh pages still show many sentences in Arabic
# (sharik/i18n.py): "يُفتتح النقاش بتاريخ 10 ⴷⵓⵊⴰⵏⴱⵉⵔ 2026" would read "ⴷⵓⵊⴰⵏⴱⵉⵔ 2026 10".
# Each date is therefore a left-to-right isolate (U+2066 … U+2069, invisible), wherever a
# template puts it.
_LRI, _PDI = "\u2066", "\u2069"
DATE_FORMAT = f"{_LRI}{DATE_FORMAT}{_PDI}"  # noqa: F405
DATETIME_FORMAT = f"{_LRI}{DATETIME_FORMAT}{_PDI}"  # noqa: F405
SHORT_DATE_FORMAT = f"{_LRI}{SHORT_DATE_FORMAT}{_PDI}"  # noqa: F405
SHORT_DATETIME_FORMAT = f"{_LRI}{SHORT_DATETIME_FORMAT}{_PDI}"  # noqa: F405
MONTH_DAY_FORMAT = f"{_LRI}{MONTH_DAY_FORMAT}{_PDI}"  # noqa: F405
YEAR_MONTH_FORMAT = f"{_LRI}{YEAR_MONTH_FORMAT}{_PDI}"  # noqa: F405
