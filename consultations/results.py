"""Results of a consultation: counted in the database, a fixed number of queries whatever the
number of responses, over submitted responses only.

- single and multiple choice: how many chose each choice, of those who answered the question;
- ranking: each item's average rank and how often it came first;
- scale: the distribution of 1 to 5 and the average;
- free text: how many answered, and the quotes moderators published.

Every figure is also broken down by arrondissement (the participant's at submission).
"""

import time
from collections import defaultdict
from dataclasses import dataclass, field

from django.core.cache import cache
from django.db.models import Count, Sum

from consultations.models import Answer, Response
from consultations.questions import OTHER, SCALE, QuestionKind
from participation.models import Arrondissement

NO_ARRONDISSEMENT = None


@dataclass
class Row:
    label: str
    count: int = 0
    percent: float = 0.0
    average_rank: float | None = None
    first_place: int = 0
    by_arrondissement: dict = field(default_factory=dict)  # arrondissement id → (count, percent)
    cells: list = field(default_factory=list)  # (count, percent) in the columns' order


@dataclass
class QuestionResult:
    question: object
    answered: int = 0
    rows: list = field(default_factory=list)
    average: float | None = None  # scale
    average_by_arrondissement: dict = field(default_factory=dict)
    answered_by_arrondissement: dict = field(default_factory=dict)
    quotes: list = field(default_factory=list)
    answered_cells: list = field(default_factory=list)
    average_cells: list = field(default_factory=list)


@dataclass
class ConsultationResults:
    participants: int
    participants_by_arrondissement: list  # [(arrondissement name, id, count)]
    questions: list


# How long results stay cached: a short while as answers arrive, longer once they cannot change
# (a published quote or a late submission starts a new version at once, see results_changed).
WHILE_OPEN = 60
ONCE_CLOSED = 3600
# Seconds a count may take before another process may start one; seconds a reader waits for the
# first count of a consultation before counting itself.
COUNTING_AT_MOST = 60
WAIT_FOR_COUNT = 10


def _version_key(consultation_id):
    return f"consultations:results-version:{consultation_id}"


def results_changed(consultation_id):
    """Start a new version of the cached results (a quote published or withdrawn)."""
    try:
        cache.incr(_version_key(consultation_id))
    except ValueError:
        cache.set(_version_key(consultation_id), 2, None)


def cached_results(consultation, questions, language_code):
    """``consultation_results``, computed at most once a minute while the questionnaire is open
    (once an hour after): with 100,000 responses counting takes a second or more (bench/).

    One process at a time counts (single flight): while it does, the others show the results
    counted before, a minute old at most, or, when there are none yet, wait for it up to
    ``WAIT_FOR_COUNT`` seconds. Without this, the minute the results expire every reader of a
    busy page would start the same count at once (measured: nothing answered within 2 s)."""
    original = consultation.original
    version = cache.get_or_set(_version_key(original.pk), 1, None)
    key = f"consultations:results:{original.pk}:{consultation.pk}:{language_code}"
    fresh_for = WHILE_OPEN if consultation.questionnaire_is_open() else ONCE_CLOSED
    waited = 0.0
    while True:
        kept = cache.get(key)  # (version, counted at, results)
        if kept is not None and kept[0] == version and time.time() - kept[1] < fresh_for:
            return kept[2]
        if cache.add(f"{key}:counting", 1, timeout=COUNTING_AT_MOST):
            try:
                results = consultation_results(consultation, questions, language_code)
                cache.set(key, (version, time.time(), results), ONCE_CLOSED)
                return results
            finally:
                cache.delete(f"{key}:counting")
        if kept is not None:
            return kept[2]  # another process is counting: the previous count meanwhile
        if waited >= WAIT_FOR_COUNT:
            return consultation_results(consultation, questions, language_code)
        time.sleep(0.1)
        waited += 0.1


def _percent(part, whole):
    return round(100 * part / whole, 1) if whole else 0.0


def consultation_results(consultation, questions, language_code=None):
    """The results of ``consultation`` (its original page) for ``questions`` (the reader's
    language version's questions, which share ids with the original's)."""
    original = consultation.original
    submitted = Response.objects.filter(consultation=original).submitted()
    answers = Answer.objects.filter(
        response__consultation=original, response__submitted_at__isnull=False
    )

    # 1. Participants per arrondissement.
    per_arrondissement = dict(
        submitted.values_list("arrondissement").annotate(n=Count("id")).order_by()
    )
    participants = sum(per_arrondissement.values())

    # 2. Who answered each question (distinct responses), per arrondissement.
    answered = defaultdict(dict)
    for question_id, arrondissement_id, count in (
        answers.values_list("question", "response__arrondissement")
        .annotate(n=Count("response", distinct=True))
        .order_by()
    ):
        answered[question_id][arrondissement_id] = count

    # 3. Choices, scale values and ranks, per arrondissement.
    counts = defaultdict(lambda: defaultdict(dict))
    for question_id, choice, number, arrondissement_id, count, rank_sum, firsts in (
        answers.exclude(choice="", number__isnull=True)
        .values_list("question", "choice", "number", "response__arrondissement")
        .annotate(
            n=Count("id"),
            rank_sum=Sum("position"),
            firsts=Count("id", filter=_first_place()),
        )
        .order_by()
    ):
        key = choice or number
        counts[question_id][key][arrondissement_id] = (count, rank_sum or 0, firsts)

    # 4. Published quotes.
    quotes = defaultdict(list)
    for question_id, text in (
        answers.filter(quote_published_at__isnull=False)
        .order_by("quote_published_at")
        .values_list("question", "text")
    ):
        quotes[question_id].append(text)

    # 5. Arrondissement names in the reader's language.
    names = Arrondissement.objects.names_in(language_code)
    arrondissements = list(Arrondissement.objects.canonical().order_by("sort_order", "name"))
    columns = [(names.get(a.translation_key, a.name), a.pk) for a in arrondissements]

    results = [
        _question_result(question, answered[question.id], counts[question.id], quotes[question.id])
        for question in questions
    ]
    if per_arrondissement.get(NO_ARRONDISSEMENT):
        columns.append((None, NO_ARRONDISSEMENT))  # participants who did not say
    by_arrondissement = [(name, pk, per_arrondissement.get(pk, 0)) for name, pk in columns]
    for result in results:
        keys = [pk for _name, pk in columns]
        result.answered_cells = [result.answered_by_arrondissement.get(pk, 0) for pk in keys]
        result.average_cells = [result.average_by_arrondissement.get(pk) for pk in keys]
        for row in result.rows:
            row.cells = [row.by_arrondissement.get(pk, (0, 0.0)) for pk in keys]
    return ConsultationResults(participants, by_arrondissement, results)


def _first_place():
    from django.db.models import Q

    return Q(position=1)


def _row(label, per, answered, ranking=False):
    """One answer's row: ``per`` maps arrondissement → (count, rank sum, times first)."""
    row = Row(label=label)
    row.count = sum(count for count, _rank, _first in per.values())
    row.percent = _percent(row.count, sum(answered.values()))
    row.by_arrondissement = {
        arrondissement: (count, _percent(count, answered.get(arrondissement, 0)))
        for arrondissement, (count, _rank, _first) in per.items()
    }
    if ranking and row.count:
        row.average_rank = round(sum(rank for _c, rank, _f in per.values()) / row.count, 2)
        row.first_place = sum(first for _c, _r, first in per.values())
    return row


def _question_result(question, answered, counts, quotes):
    result = QuestionResult(question=question, quotes=quotes)
    result.answered = sum(answered.values())
    result.answered_by_arrondissement = dict(answered)
    if question.is_choice:
        keys = [choice.id for choice in question.choices]
        if question.allow_other:
            keys.append(OTHER)
        ranking = question.kind == QuestionKind.RANKING
        result.rows = [
            _row(question.choice_label(key), counts.get(key, {}), answered, ranking) for key in keys
        ]
        if ranking:
            result.rows.sort(key=lambda row: (row.average_rank is None, row.average_rank or 0))
    elif question.kind == QuestionKind.SCALE:
        result.rows = [_row(str(value), counts.get(value, {}), answered) for value in SCALE]
        weighted = defaultdict(int)  # arrondissement → sum of the values given
        for value in SCALE:
            for arrondissement, (count, _r, _f) in counts.get(value, {}).items():
                weighted[arrondissement] += value * count
        if result.answered:
            result.average = round(sum(weighted.values()) / result.answered, 2)
        result.average_by_arrondissement = {
            arrondissement: round(weighted[arrondissement] / n, 2)
            for arrondissement, n in answered.items()
            if n
        }
    return result
