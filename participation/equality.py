"""What residents may declare about themselves for the commune's equality figures, and how those
figures are shown without singling anyone out.

Organic law 113-14, art. 120 has each commune set up a body for equity, equal opportunities and
gender (هيئة المساواة وتكافؤ الفرص ومقاربة النوع); it needs to know who takes part. Gender and
year of birth are optional profile fields, asked with their purpose stated, and never shown per
person. Law 09-08 (art. 3: data adequate, relevant and not excessive for the purpose) is why the
year of birth is asked, not the date, and why figures are grouped: a group smaller than
``SHARIK_FIGURES_MIN_GROUP`` (10 by default) is shown as "fewer than 10", never as its number.
"""

import datetime

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

PURPOSE = _(
    "Optional. Used only for anonymous figures of who takes part, in groups of at least "
    "%(minimum)s people, for the commune's equality body (organic law 113-14, art. 120). "
    "Never shown with your name."
)

BIRTH_YEAR_PURPOSE = _(
    "Optional. Used to check your age where a vote has a minimum age (participatory budgets), "
    "and for anonymous figures in groups of at least %(minimum)s people for the commune's "
    "equality body (organic law 113-14, art. 120). Never shown with your name."
)


class Gender(models.TextChoices):
    WOMAN = "woman", _("Woman")
    MAN = "man", _("Man")


# Age bands of the figures: (lowest age, highest age or None); the youngest residents who may
# take part are 16 (see the petitions' and consultations' rules).
AGE_BANDS = ((16, 17), (18, 24), (25, 34), (35, 44), (45, 59), (60, None))


def age_band_label(band):
    low, high = band
    return f"{low}+" if high is None else f"{low}\N{EN DASH}{high}"


def age_band(birth_year, today=None):
    """The band of someone born in ``birth_year`` (their age this year), or ``None``."""
    if not birth_year:
        return None
    age = (today or datetime.date.today()).year - birth_year
    for low, high in AGE_BANDS:
        if age >= low and (high is None or age <= high):
            return age_band_label((low, high))
    return None


def minimum_group():
    return settings.SHARIK_FIGURES_MIN_GROUP


def shown_count(count):
    """A group's count as figures may show it: the number, or ``None`` below the minimum (the
    template says "fewer than N")."""
    return count if count >= minimum_group() else None


def breakdown(people, today=None):
    """Counts of ``people`` (an iterable of users) by gender and by age band, among those who
    declared them, each count passed through ``shown_count``; the undeclared counted apart."""
    genders = dict.fromkeys(Gender.values, 0)
    bands = {age_band_label(band): 0 for band in AGE_BANDS}
    undeclared_gender = undeclared_age = 0
    for person in people:
        if person.gender in genders:
            genders[person.gender] += 1
        else:
            undeclared_gender += 1
        band = age_band(person.birth_year, today)
        if band is None:
            undeclared_age += 1
        else:
            bands[band] += 1
    labels = dict(Gender.choices)
    return {
        "gender": [(labels[value], shown_count(count)) for value, count in genders.items()],
        "gender_undeclared": undeclared_gender,
        "age": [(label, shown_count(count)) for label, count in bands.items()],
        "age_undeclared": undeclared_age,
        "minimum": minimum_group(),
    }
