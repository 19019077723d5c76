"""Arabic formats as Salé's residents read them: Django's, with amounts grouped by thousands
(154 550 000 MAD, not 154550000), as the commune's budget documents print them, and dates in the
Arabic order without the comma Django puts before the year ("25 دجنبر 2026", "25 دجنبر 2026،
09:00"; Django's Arabic locale has no date-and-time format and would take the English one).
The month names are Morocco's (يوليوز, غشت, شتنبر…): sharik/months.py."""

from django.conf.locale.ar.formats import *  # noqa: F403

NUMBER_GROUPING = 3
THOUSAND_SEPARATOR = "\u202f"  # a narrow no-break space, as in French
DATE_FORMAT = "j F Y"
DATETIME_FORMAT = "j F Y، H:i"
SHORT_DATETIME_FORMAT = "d/m/Y H:i"
TIME_FORMAT = "H:i"  # a 24-hour clock, as Moroccan administrations write times
