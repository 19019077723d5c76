"""Participation in figures (issue 18): how many residents opened an account, proposed,
supported, signed, answered, commented, evaluated, came to a meeting, and what was done for them
at the commune's counters, month by month and per arrondissement; and who takes part, by gender
and age band where residents chose to declare them, for the equality body of organic law 113-14,
art. 120 (participation/equality.py: a group under ``SHARIK_FIGURES_MIN_GROUP`` is never shown as
its number).

The core imports no feature, so each feature declares what it counts under a Wagtail hook, as
the counters' acts are declared (participation/counter_acts.py)::

    @hooks.register(PARTICIPATION_SERIES_HOOK)
    def participation_series():
        return [Series(kind="signatures", label=_("Petition signatures"), …)]

The feature knows which of its rows count (a submitted response, not a draft; a resident marked
present, not a registration) and where each row's arrondissement is; this module counts them all
the same way: one grouped query per series (``TruncMonth`` and the arrondissement, with the part
done at a counter in the same query), whatever the number of rows, then two queries for the
equality breakdown of everyone who took part in the period.

Where a series takes its arrondissement (``Series.arrondissement``, the first one given wins):
proposals their own (where the idea is); signatures, consultation responses and evaluations the
one the resident gave with them, else the one of their profile; supports, comments and event
attendance the one of the resident's profile; new accounts the one of the profile; counter acts
the office where the agent served. A row without one is counted under "Not given".
"""

import datetime
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import reduce
from operator import or_
from typing import Any

from django.contrib.auth import get_user_model
from django.core.cache import cache
from django.db.models import Count, DateField, F, Q
from django.db.models.functions import Coalesce, TruncMonth
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from wagtail import hooks

from participation import equality
from participation.models import Arrondissement, Comment

PARTICIPATION_SERIES_HOOK = "sharik_participation_series"

#: The default period: this month and the eleven before it.
DEFAULT_MONTHS = 12
#: The longest period a page shows (five years of months).
LONGEST_MONTHS = 60
#: How long the public page's counts are kept before they are counted again: the page cache
#: ends with any change on the site, and a busy site must not count a million signatures on
#: every change.
PUBLIC_CACHE_SECONDS = 600


@dataclass(frozen=True)
class Series:
    """One kind of participation, as a feature declares it.

    - ``kind``: a slug (CSV, anchors).
    - ``label``: what is counted, plural ("Petition signatures").
    - ``records()``: a queryset of the rows that count.
    - ``date``: the field whose month a row is counted in.
    - ``arrondissement``: the lookups of the row's arrondissement, the first not empty wins
      (``("arrondissement", "user__arrondissement")``).
    - ``participant``: the lookup of the resident who took part (for the equality breakdown), or
      None when the series is not anyone's participation (accounts opened).
    - ``counter``: the field that marks a row made at a counter (``counter_marks``), or None
      where nothing is done at a counter.
    """

    kind: str
    label: Any
    records: Callable
    date: str
    arrondissement: tuple
    participant: str | None
    counter: str | None = None
    order: int = 100


def core_series():
    """What the core counts itself: accounts opened by residents, and residents' comments (the
    commune's official answers are not participation)."""
    return [
        Series(
            kind="accounts",
            label=_("New accounts"),
            records=lambda: get_user_model().objects.filter(is_staff=False),
            date="date_joined",
            arrondissement=("arrondissement",),
            participant=None,
            order=10,
        ),
        Series(
            kind="comments",
            label=_("Comments"),
            records=lambda: Comment.objects.filter(is_official=False),
            date="created_at",
            arrondissement=("author__arrondissement",),
            participant="author",
            order=70,
        ),
    ]


def registered_series():
    """Every series, the core's and the features', in the order the pages show them."""
    found = core_series() + [
        series for register in hooks.get_hooks(PARTICIPATION_SERIES_HOOK) for series in register()
    ]
    return sorted(found, key=lambda series: (series.order, series.kind))


# --- The period ------------------------------------------------------------------------------


def _add_months(month, count):
    index = month.year * 12 + month.month - 1 + count
    return datetime.date(index // 12, index % 12 + 1, 1)


def _month(text):
    """``YYYY-MM`` (what ``<input type="month">`` sends) as the month's first day, or None."""
    try:
        year, month = (int(part) for part in str(text or "").strip().split("-"))
        return datetime.date(year, month, 1) if 2000 <= year <= 9999 else None
    except ValueError:
        return None


@dataclass(frozen=True)
class Period:
    """Whole months, from ``first`` to ``last`` (the first day of each)."""

    first: datetime.date
    last: datetime.date

    @classmethod
    def last_months(cls, count=DEFAULT_MONTHS, today=None):
        this_month = (today or timezone.localdate()).replace(day=1)
        return cls(_add_months(this_month, 1 - count), this_month)

    @classmethod
    def from_query(cls, query, today=None):
        """The period a page's ``from`` and ``to`` (``YYYY-MM``) ask for: the default where
        they are missing or wrong, never past this month, at most ``LONGEST_MONTHS`` long."""
        default = cls.last_months(today=today)
        last = min(_month(query.get("to")) or default.last, default.last)
        first = _month(query.get("from")) or _add_months(last, 1 - DEFAULT_MONTHS)
        first, last = min(first, last), max(first, last)
        first = max(first, _add_months(last, 1 - LONGEST_MONTHS))
        return cls(first, last)

    @property
    def months(self):
        months, month = [], self.first
        while month <= self.last:
            months.append(month)
            month = _add_months(month, 1)
        return months

    def _moment(self, day):
        return timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))

    @property
    def start(self):
        return self._moment(self.first)

    @property
    def end(self):
        """The first moment after the period."""
        return self._moment(_add_months(self.last, 1))


# --- Counting --------------------------------------------------------------------------------


def _in_period(series, period):
    return series.records().filter(
        **{f"{series.date}__gte": period.start, f"{series.date}__lt": period.end}
    )


def count_series(series, period):
    """``[(month, arrondissement pk or None, count, of which at a counter)]`` of ``series`` in
    ``period``: one query."""
    lookups = [F(lookup) for lookup in series.arrondissement]
    place = lookups[0] if len(lookups) == 1 else Coalesce(*lookups)
    aggregates = {"total": Count("pk")}
    if series.counter:
        aggregates["at_counter"] = Count("pk", filter=Q(**{f"{series.counter}__isnull": False}))
    rows = (
        _in_period(series, period)
        .annotate(month=TruncMonth(series.date, output_field=DateField()), place=place)
        .values("month", "place")
        .annotate(**aggregates)
        .order_by()
    )
    return [(row["month"], row["place"], row["total"], row.get("at_counter", 0)) for row in rows]


def count_participants(all_series, period):
    """How many residents took part in ``period`` (any series with a participant), by gender and
    by year of birth: ``({gender: n}, {birth_year: n})``, two queries, each resident once."""
    subqueries = [
        Q(
            pk__in=_in_period(series, period)
            .filter(**{f"{series.participant}__isnull": False})
            .values(series.participant)
        )
        for series in all_series
        if series.participant
    ]
    if not subqueries:
        return {}, {}
    people = get_user_model().objects.filter(reduce(or_, subqueries)).order_by()
    genders = dict(people.values_list("gender").annotate(count=Count("pk")))
    birth_years = dict(people.values_list("birth_year").annotate(count=Count("pk")))
    return genders, birth_years


def count_all(period, all_series=None):
    """Everything the pages show of ``period``, as counts only (nothing translated): one query
    per series and two for the participants."""
    all_series = registered_series() if all_series is None else all_series
    genders, birth_years = count_participants(all_series, period)
    return {
        "series": {series.kind: count_series(series, period) for series in all_series},
        "genders": genders,
        "birth_years": birth_years,
    }


def cached_counts(period):
    """``count_all`` for the public page, kept ``PUBLIC_CACHE_SECONDS``."""
    key = f"participation-figures:{period.first:%Y-%m}:{period.last:%Y-%m}"
    counts = cache.get(key)
    if counts is None:
        counts = count_all(period)
        cache.set(key, counts, PUBLIC_CACHE_SECONDS)
    return counts


# --- What the pages show ---------------------------------------------------------------------


def share(part, whole):
    """``part`` in per cent of ``whole``, rounded; None of nothing."""
    return round(100 * part / whole) if whole else None


@dataclass
class KindFigures:
    """One series over the period: in all, per month, per arrondissement, at a counter."""

    kind: str
    label: Any
    counted_at_counter: bool
    total: int = 0
    at_counter: int = 0
    by_month: dict = field(default_factory=dict)
    by_place: dict = field(default_factory=dict)
    by_month_and_place: dict = field(default_factory=dict)

    @property
    def counter_share(self):
        return share(self.at_counter, self.total) if self.counted_at_counter else None


@dataclass
class Figures:
    period: Period
    places: list  # [(pk or None, name)], the arrondissements in their order, then "Not given"
    kinds: list  # [KindFigures]
    participants: dict  # equality.breakdown_of_counts(…)
    arrondissement: Any = None  # (pk, name) when the figures are of one arrondissement

    def month_rows(self):
        """``[(month, [count per kind])]``."""
        return [
            (month, [kind.by_month.get(month, 0) for kind in self.kinds])
            for month in self.period.months
        ]

    def place_rows(self):
        """``[(name, [count per kind])]``."""
        return [
            (name, [kind.by_place.get(pk, 0) for kind in self.kinds]) for pk, name in self.places
        ]

    @property
    def counter_kinds(self):
        return [kind for kind in self.kinds if kind.counted_at_counter]


def arrondissements():
    """``[(pk, name in the reader's language)]`` of the commune's arrondissements, in their
    order: one query, and the names (remembered per generation of public content)."""
    names = Arrondissement.objects.names_in()
    rows = Arrondissement.objects.canonical().order_by("sort_order", "name")
    return [
        (pk, names.get(key, name))
        for pk, key, name in rows.values_list("pk", "translation_key", "name")
    ]


def figures(period, counts=None, arrondissement=None, all_series=None):
    """The figures of ``period`` (``counts`` from ``count_all`` or ``cached_counts``, counted
    here when not given), of one arrondissement (its pk) when asked. The equality breakdown is
    always of the whole commune: crossed with an arrondissement its groups would be small."""
    all_series = registered_series() if all_series is None else all_series
    counts = count_all(period, all_series) if counts is None else counts
    places = arrondissements()
    known = {pk for pk, _name in places}
    chosen = next(((pk, name) for pk, name in places if pk == arrondissement), None)
    places.append((None, gettext("Not given")))
    kinds = []
    for series in all_series:
        kind = KindFigures(series.kind, series.label, counted_at_counter=bool(series.counter))
        for month, place, total, at_counter in counts["series"].get(series.kind, []):
            place = place if place in known else None
            if chosen is not None and place != chosen[0]:
                continue
            kind.total += total
            kind.at_counter += at_counter
            kind.by_month[month] = kind.by_month.get(month, 0) + total
            kind.by_place[place] = kind.by_place.get(place, 0) + total
            key = (month, place)
            kind.by_month_and_place[key] = kind.by_month_and_place.get(key, 0) + total
        kinds.append(kind)
    return Figures(
        period=period,
        places=places if chosen is None else [chosen],
        kinds=kinds,
        participants=equality.breakdown_of_counts(counts["genders"], counts["birth_years"]),
        arrondissement=chosen,
    )


def csv_rows(result):
    """The figures as the rows of one CSV file: a header, then a line per kind, month and
    arrondissement (zeros included), then the equality breakdown (a hidden group written as
    "fewer than N")."""
    header = [
        gettext("Figure"),
        gettext("Month"),
        gettext("Arrondissement"),
        gettext("Group"),
        gettext("Count"),
        gettext("Of which at a counter"),
    ]
    yield header
    for kind in result.kinds:
        for month in result.period.months:
            for pk, name in result.places:
                count = kind.by_month_and_place.get((month, pk), 0)
                yield [str(kind.label), f"{month:%Y-%m}", name, "", count, ""]
        if kind.counted_at_counter:
            yield [str(kind.label), "", "", gettext("At a counter, in all"), kind.total,
                   kind.at_counter]  # fmt: skip
    fewer = gettext("fewer than %(minimum)s") % {"minimum": result.participants["minimum"]}
    period = f"{result.period.first:%Y-%m}/{result.period.last:%Y-%m}"
    for dimension, title in (
        ("gender", gettext("Residents who took part, by gender")),
        ("age", gettext("Residents who took part, by age band")),
    ):
        for label, count in result.participants[dimension]:
            yield [title, period, "", str(label), fewer if count is None else count, ""]


# --- Charts ----------------------------------------------------------------------------------

CHART_WIDTH = 360
CHART_HEIGHT = 150
CHART_TOP = 18  # room for the highest value
CHART_BOTTOM = 22  # room for the months under the bars
CHART_SIDE = 16  # room for the first and last months' names


@dataclass(frozen=True)
class Bar:
    x: float
    y: float
    width: float
    height: float
    value: int
    label: str
    text_x: float
    value_y: float
    show_label: bool


def month_chart(kind, period, right_to_left=False):
    """The bars of one kind per month, in SVG units (``CHART_WIDTH`` by ``CHART_HEIGHT``): the
    oldest month at the start of the line (on the right in Arabic). Every third month named."""
    months = period.months
    values = [kind.by_month.get(month, 0) for month in months]
    highest = max(values, default=0) or 1
    slot = (CHART_WIDTH - 2 * CHART_SIDE) / max(len(months), 1)
    usable = CHART_HEIGHT - CHART_TOP - CHART_BOTTOM
    step = max(1, round(len(months) / 4))
    bars = []
    for index, (month, value) in enumerate(zip(months, values, strict=True)):
        position = len(months) - 1 - index if right_to_left else index
        height = usable * value / highest
        bars.append(
            Bar(
                x=round(CHART_SIDE + position * slot + slot * 0.15, 1),
                y=round(CHART_TOP + usable - height, 1),
                width=round(slot * 0.7, 1),
                height=round(height, 1),
                value=value,
                label=f"{month:%m/%Y}",
                text_x=round(CHART_SIDE + position * slot + slot / 2, 1),
                value_y=round(CHART_TOP + usable - height - 4, 1),
                show_label=(len(months) - 1 - index) % step == 0,
            )
        )
    return {
        "bars": bars,
        "rows": list(zip(months, values, strict=True)),
        "highest": max(values, default=0),
        "width": CHART_WIDTH,
        "height": CHART_HEIGHT,
        "baseline": CHART_HEIGHT - CHART_BOTTOM,
        "label_y": CHART_HEIGHT - 6,
    }


def place_bars(result):
    """Per arrondissement, all kinds of participation added up (new accounts apart: opening an
    account is not yet taking part), in per cent of the largest, for bars beside the figures."""
    totals = [
        (name, sum(kind.by_place.get(pk, 0) for kind in result.kinds if kind.kind != "accounts"))
        for pk, name in result.places
    ]
    highest = max((total for _name, total in totals), default=0) or 1
    return [(name, total, round(100 * total / highest)) for name, total in totals]
