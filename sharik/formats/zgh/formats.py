"""Amazigh formats (zgh, which Django does not know): those of Morocco's CLDR locale "zgh", the
same as French in Django — "25 ⴷⵓⵊⴰⵏⴱⵉⵔ 2026" ("d MMMM y"), 25/12/2026, 09:00, a decimal comma
and amounts grouped by thousands, Monday first. Month names come from the Amazigh catalog
(locale/zgh), in Arabic where it lacks them (sharik/i18n.py)."""

from django.conf.locale.fr.formats import *  # noqa: F403

THOUSAND_SEPARATOR = "\u202f"  # a narrow no-break space, as the site writes Arabic amounts
