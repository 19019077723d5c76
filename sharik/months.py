"""The months as Morocco writes them in Arabic: ماي, يوليوز, غشت, شتنبر, نونبر, دجنبر, not the
Middle-Eastern names of Django's Arabic catalog (مايو, يوليو, أغسطس, سبتمبر, نوفمبر, ديسمبر).

The msgids are Django's own (``django/utils/dates.py``): listed here so that ``makemessages``
keeps them in the project's catalogs, which Django reads before its own (``LOCALE_PATHS``).
Nothing imports this module; the French entries repeat Django's."""

from django.utils.translation import gettext_noop, pgettext_lazy

# Date formats' "F" (sharik/formats/ar: "j F Y").
MONTHS = (
    gettext_noop("January"),
    gettext_noop("February"),
    gettext_noop("March"),
    gettext_noop("April"),
    gettext_noop("May"),
    gettext_noop("June"),
    gettext_noop("July"),
    gettext_noop("August"),
    gettext_noop("September"),
    gettext_noop("October"),
    gettext_noop("November"),
    gettext_noop("December"),
)
# Date formats' "N" (English "Dec. 25, 2026"); Arabic writes the whole name.
ABBREVIATED_MONTHS = (
    pgettext_lazy("abbrev. month", "Jan."),
    pgettext_lazy("abbrev. month", "Feb."),
    pgettext_lazy("abbrev. month", "March"),
    pgettext_lazy("abbrev. month", "April"),
    pgettext_lazy("abbrev. month", "May"),
    pgettext_lazy("abbrev. month", "June"),
    pgettext_lazy("abbrev. month", "July"),
    pgettext_lazy("abbrev. month", "Aug."),
    pgettext_lazy("abbrev. month", "Sept."),
    pgettext_lazy("abbrev. month", "Oct."),
    pgettext_lazy("abbrev. month", "Nov."),
    pgettext_lazy("abbrev. month", "Dec."),
)
