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
from collections import Counter

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
    """Counts of ``people`` (an iterable of users) by gender and by age band, the undeclared a
    group of each, as ``breakdown_of_counts`` shows them (small groups hidden, with their
    complement)."""
    genders, birth_years = Counter(), Counter()
    for person in people:
        genders[person.gender or ""] += 1
        birth_years[person.birth_year] += 1
    return breakdown_of_counts(genders, birth_years, today)


def hidden_with_complement(counts):
    """``[(label, count)]`` as figures may show them: each count under the minimum becomes
    ``None``; and when exactly one is hidden (and not empty), the smallest shown beside it is hidden
    too, so that no hidden count is found by taking the others from a total the page also shows
    (secondary suppression). Two hidden counts give away only their sum."""
    shown = [(label, shown_count(count)) for label, count in counts]
    hidden = [index for index, (_label, count) in enumerate(shown) if count is None]
    # An empty group found by subtraction singles no one out.
    if len(hidden) == 1 and counts[hidden[0]][1] > 0:
        visible = [index for index, (_label, count) in enumerate(shown) if count is not None]
        if visible:
            smallest = min(visible, key=lambda index: shown[index][1])
            shown[smallest] = (shown[smallest][0], None)
    return shown


def breakdown_of_counts(gender_counts, birth_year_counts, today=None):
    """The same figures as ``breakdown`` from counts the database grouped (``{gender: n}`` and
    ``{birth_year: n}``, the undeclared under ``""`` and ``None``), for groups too large to load
    person by person. The undeclared are a group like the others (hidden under the minimum), and
    each dimension goes through ``hidden_with_complement``."""
    labels = dict(Gender.choices)
    bands = {age_band_label(band): 0 for band in AGE_BANDS}
    undeclared_age = 0
    for birth_year, count in birth_year_counts.items():
        band = age_band(birth_year, today)
        if band is None:
            undeclared_age += count
        else:
            bands[band] += count
    undeclared_gender = sum(
        count for gender, count in gender_counts.items() if gender not in labels
    )
    not_declared = _("Not declared")
    return {
        "people": sum(gender_counts.values()),
        "gender": hidden_with_complement(
            [(labels[value], gender_counts.get(value, 0)) for value in Gender.values]
            + [(not_declared, undeclared_gender)]
        ),
        "age": hidden_with_complement([*bands.items(), (not_declared, undeclared_age)]),
        "minimum": minimum_group(),
    }
