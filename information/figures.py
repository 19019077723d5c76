"""The public figures of access to information: requests received, answered, answered on
time, the median time to answer in working days, refusals by ground; per year and per
department. Nothing personal: counts only, read in one query per table."""

import statistics
from collections import Counter, defaultdict
from dataclasses import dataclass, field

from django.utils import timezone
from django.utils.translation import gettext

from information.models import (
    ANSWERED_STATUSES,
    OPEN_STATUSES,
    Department,
    InformationRequest,
    RefusalGround,
    RequestStatus,
    commune_working_days,
)

COLUMNS = (
    "received_on",
    "answered_on",
    "due_on",
    "status",
    "department_id",
    "refusal_ground_id",
)


@dataclass
class Tally:
    """The figures of one group of requests (a year, a department)."""

    label: str
    received: int = 0
    answered: int = 0
    on_time: int = 0
    refused: int = 0
    overdue: int = 0
    days_to_answer: list = field(default_factory=list)

    @property
    def median_days(self):
        """The median working days to answer (the lower one of an even count: a whole day)."""
        return statistics.median_low(self.days_to_answer) if self.days_to_answer else None

    @property
    def on_time_share(self):
        """Per cent of the answered requests answered on time."""
        return round(100 * self.on_time / self.answered) if self.answered else None

    def add(self, row, working_days, today):
        received_on, answered_on, due_on, status, _department, _ground = row
        self.received += 1
        if status in ANSWERED_STATUSES and answered_on is not None:
            self.answered += 1
            self.on_time += due_on is not None and answered_on <= due_on
            self.days_to_answer.append(working_days.between(received_on, answered_on))
        if status == RequestStatus.REFUSED:
            self.refused += 1
        if status in OPEN_STATUSES and due_on is not None and due_on < today:
            self.overdue += 1


def read_rows():
    """What the figures read of every request, in one query."""
    return list(InformationRequest.objects.values_list(*COLUMNS))


def by_year(rows=None, working_days=None, today=None):
    """One ``Tally`` per year of receipt, the latest first."""
    rows = read_rows() if rows is None else rows
    working_days = working_days or commune_working_days()
    today = today or timezone.localdate()
    tallies = {}
    for row in rows:
        year = row[0].year
        tallies.setdefault(year, Tally(str(year))).add(row, working_days, today)
    return [tallies[year] for year in sorted(tallies, reverse=True)]


def by_department(rows=None, working_days=None, today=None):
    """One ``Tally`` per department (named in the reader's language), then the requests not
    yet assigned."""
    rows = read_rows() if rows is None else rows
    working_days = working_days or commune_working_days()
    today = today or timezone.localdate()
    names = Department.objects.names_in()
    keys = dict(Department.objects.canonical().values_list("pk", "translation_key"))
    grouped = defaultdict(list)
    for row in rows:
        grouped[row[4]].append(row)
    tallies = []
    for department_id, group in grouped.items():
        if department_id is None:
            continue
        tally = Tally(names.get(keys.get(department_id), ""))
        for row in group:
            tally.add(row, working_days, today)
        tallies.append(tally)
    tallies.sort(key=lambda tally: tally.label)
    if None in grouped:
        tally = Tally(gettext("Not yet assigned"))
        for row in grouped[None]:
            tally.add(row, working_days, today)
        tallies.append(tally)
    return tallies


def refusals_by_ground(names=None, rows=None):
    """``(ground name, count)`` of the refusals, the most cited first."""
    rows = read_rows() if rows is None else rows
    names = RefusalGround.objects.names_in() if names is None else names
    keys = dict(RefusalGround.objects.canonical().values_list("pk", "translation_key"))
    counts = Counter(
        row[5] for row in rows if row[3] == RequestStatus.REFUSED and row[5] is not None
    )
    return [(names.get(keys.get(ground), ""), count) for ground, count in counts.most_common()]
