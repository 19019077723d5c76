"""Working days, the unit of every period of law 31-13 (information/law.py): Monday to Friday,
except the public holidays of Morocco.

The holidays are data staff keep (``PublicHoliday``, in the admin; ``commune_working_days()`` in
information/models.py reads them): the civil ones fall on fixed
dates; the religious ones follow the Hijri calendar and the sighting of the moon, so each year's
dates are entered, and confirmed, by staff. Nothing here caches them: a holiday added after a
request was received moves its deadline, as the law counts the days as they turn out.
"""

import datetime

SATURDAY = 5


class WorkingDays:
    """The working days of the commune, given its holidays (a set of dates)."""

    def __init__(self, holidays=()):
        self.holidays = frozenset(holidays)

    def is_working_day(self, day):
        return day.weekday() < SATURDAY and day not in self.holidays

    def after(self, start, count, standing_still=()):
        """The ``count``-th working day after ``start`` (``start`` itself never counts: a period
        starts the day after the event that opens it). Days in ``standing_still``, pairs of dates
        ``(from, to)`` whose working days after ``from`` up to ``to`` do not count, are skipped;
        a pair whose ``to`` is None stands still still: then None, no day is due yet."""
        if count < 0:
            raise ValueError("count must be zero or more")
        day, counted = start, 0
        while counted < count:
            day += datetime.timedelta(days=1)
            for still_from, still_to in standing_still:
                if still_from < day and (still_to is None or day <= still_to):
                    if still_to is None:
                        return None
                    break
            else:
                if self.is_working_day(day):
                    counted += 1
        return day

    def between(self, start, end):
        """How many working days come after ``start`` up to and including ``end`` (0 when ``end``
        is not after ``start``)."""
        count, day = 0, start
        while day < end:
            day += datetime.timedelta(days=1)
            count += self.is_working_day(day)
        return count
