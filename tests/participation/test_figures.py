"""Participation in figures (issue 18): each kind counted per month and per arrondissement from
known rows, the part done at a counter, the equality groups hidden under the minimum, the staff's
page (staff only, its CSV in the audit log), the public page in Arabic and French and its CSV,
and a number of queries that does not grow with the data."""

import datetime

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from counters.models import ActionKind, VisitAction
from events.models import Registration, RegistrationStatus
from participation import equality, figures
from participation.audit_log import KIND_LABELS, ObjectLinks, object_in_words
from participation.equality import Gender
from participation.models import Arrondissement, AuditLogEntry
from participation.pagecache import HIT_HEADER
from tests.consultations.factories import ResponseFactory
from tests.counters.factories import make_agent, open_file
from tests.events.factories import EventPageFactory
from tests.factories import log_in, make_editor, make_moderator
from tests.participation.factories import CommentFactory, ResidentFactory
from tests.petitions.factories import SignatureFactory
from tests.plan.factories import ProjectEvaluationFactory
from tests.proposals.factories import ProposalFactory, SupportFactory

pytestmark = pytest.mark.django_db

TODAY = datetime.datetime(2026, 6, 15, 12, tzinfo=datetime.UTC)
MAY = datetime.date(2026, 5, 1)
MARCH = datetime.date(2026, 3, 1)


@pytest.fixture(autouse=True)
def _june_2026():
    # The clock goes on from there: the page cache's generations start from it, and a stopped
    # clock would give every test the same one (and the permissions remembered for it).
    with time_machine.travel(TODAY):
        yield


def _on(record, day, field="created_at"):
    """``record`` dated ``day`` (noon, Morocco's time): the models date their rows themselves."""
    moment = timezone.make_aware(datetime.datetime.combine(day, datetime.time(12)))
    type(record).objects.filter(pk=record.pk).update(**{field: moment})
    return record


def _place(slug):
    return Arrondissement.objects.canonical().get(slug=slug)


def _kinds(result):
    return {kind.kind: kind for kind in result.kinds}


def _counts(arrondissement=None):
    period = figures.Period.last_months()
    return _kinds(figures.figures(period, arrondissement=arrondissement))


def _attended(user, day):
    event = EventPageFactory(
        starts_at=timezone.make_aware(datetime.datetime.combine(day, datetime.time(18))),
        ends_at=timezone.make_aware(datetime.datetime.combine(day, datetime.time(20))),
    )
    registration = Registration.objects.create(
        event=event, user=user, status=RegistrationStatus.REGISTERED, attended_at=timezone.now()
    )
    return _on(registration, day, "attended_at")


def test_every_kind_is_counted_in_its_month_and_arrondissement():
    bettana, tabriquet, hssaine = _place("bettana"), _place("tabriquet"), _place("hssaine")
    in_tabriquet = ResidentFactory(arrondissement=tabriquet)
    _on(in_tabriquet, MAY, "date_joined")
    _on(ResidentFactory(arrondissement=bettana, is_staff=True), MAY, "date_joined")  # staff
    # Proposals where the idea is; drafts are not yet proposals.
    _on(ProposalFactory(arrondissement=bettana, author=in_tabriquet), MAY)
    _on(ProposalFactory(arrondissement=bettana, status="draft"), MAY)
    # A support where the supporter lives.
    _on(SupportFactory(user=in_tabriquet), MARCH)
    # A signature where the signatory declared, else their profile.
    _on(SignatureFactory(arrondissement=hssaine), MAY)
    signature = SignatureFactory(arrondissement=None)
    signature.user.arrondissement = tabriquet
    signature.user.save()
    _on(signature, MAY)
    # Responses once submitted, in the month submitted.
    _on(ResponseFactory(participant=in_tabriquet), MAY, "submitted_at")
    ResponseFactory(participant=ResidentFactory(), draft=True)
    _on(ProjectEvaluationFactory(resident=in_tabriquet), MARCH)
    # Residents' comments, not the commune's official answers.
    _on(CommentFactory(author=in_tabriquet), MAY)
    _on(CommentFactory(author=make_moderator(), is_official=True), MAY)
    # Residents marked present, not those who stayed away.
    _attended(in_tabriquet, MAY)
    absent = _attended(ResidentFactory(arrondissement=tabriquet), MAY)
    Registration.objects.filter(pk=absent.pk).update(attended_at=None)

    kinds = _counts()

    def count(kind, month, place):
        return kinds[kind].by_month_and_place.get((month, place.pk), 0)

    # (The factories make rows of their own this month, June: the tests read May and March.)
    assert count("accounts", MAY, tabriquet) == 1
    assert count("accounts", MAY, bettana) == 0
    assert count("proposals", MAY, bettana) == 1
    assert kinds["proposals"].by_month[MAY] == 1
    assert kinds["supports"].by_month == {MARCH: 1}
    assert kinds["supports"].by_place == {tabriquet.pk: 1}
    assert count("signatures", MAY, hssaine) == count("signatures", MAY, tabriquet) == 1
    assert kinds["responses"].by_month == {MAY: 1}
    assert kinds["responses"].by_place == {tabriquet.pk: 1}
    assert kinds["evaluations"].by_month == {MARCH: 1}
    assert kinds["comments"].by_month == {MAY: 1}
    assert kinds["comments"].by_place == {tabriquet.pk: 1}
    assert kinds["attendance"].by_month == {MAY: 1}
    assert kinds["attendance"].by_place == {tabriquet.pk: 1}

    # One arrondissement's figures are its rows only.
    only_bettana = _counts(arrondissement=bettana.pk)
    assert only_bettana["proposals"].by_month[MAY] == 1
    assert only_bettana["supports"].total == 0


def test_what_happened_outside_the_period_is_not_counted():
    _on(ProposalFactory(), datetime.date(2025, 6, 1))  # thirteen months ago
    _on(ProposalFactory(), datetime.date(2025, 7, 1))  # the first month of the period
    kinds = _counts()
    assert kinds["proposals"].by_month == {datetime.date(2025, 7, 1): 1}


def test_a_row_without_an_arrondissement_is_counted_as_not_given():
    resident = ResidentFactory(arrondissement=None)
    _on(SupportFactory(user=resident), MAY)
    result = figures.figures(figures.Period.last_months())
    assert _kinds(result)["supports"].by_place == {None: 1}
    assert dict(result.place_rows())[result.places[-1][1]][2] == 1  # the last line: not given


def test_the_part_done_at_a_counter_is_counted_apart():
    agent = make_agent("tabriquet")
    counter = _place("tabriquet")
    for at_counter in (counter, counter, None, None):
        _on(ProposalFactory(at_counter=at_counter, recorded_by=agent if at_counter else None), MAY)
    _on(SignatureFactory(at_counter=counter, recorded_by=agent), MAY)
    visit = open_file(agent, ResidentFactory(), seen=True)
    VisitAction.objects.create(visit=visit, kind=ActionKind.ACCOUNT_OPENED)
    VisitAction.objects.create(visit=visit, kind=ActionKind.IDENTITY_SEEN)  # a check, not an act

    kinds = _counts()

    assert (kinds["proposals"].total, kinds["proposals"].at_counter) == (4, 2)
    assert kinds["proposals"].counter_share == 50
    assert kinds["signatures"].counter_share == 100
    assert kinds["supports"].counter_share is None  # none at all: no share
    assert not kinds["comments"].counted_at_counter  # nothing is commented at a counter
    assert kinds["counter_acts"].total == 1
    assert kinds["counter_acts"].by_place == {counter.pk: 1}


@pytest.mark.parametrize(
    ("query", "first", "last"),
    [
        ({}, datetime.date(2025, 7, 1), datetime.date(2026, 6, 1)),
        ({"from": "2026-01", "to": "2026-03"}, datetime.date(2026, 1, 1), MARCH),
        ({"from": "2026-03", "to": "2026-01"}, datetime.date(2026, 1, 1), MARCH),  # swapped
        ({"from": "abc", "to": "2026-13"}, datetime.date(2025, 7, 1), datetime.date(2026, 6, 1)),
        ({"to": "2030-01"}, datetime.date(2025, 7, 1), datetime.date(2026, 6, 1)),  # no future
        ({"from": "2001-01"}, datetime.date(2021, 7, 1), datetime.date(2026, 6, 1)),  # 5 years
    ],
)
def test_the_period_asked_for(query, first, last):
    period = figures.Period.from_query(query)
    assert (period.first, period.last) == (first, last)
    assert len(period.months) == (last.year - first.year) * 12 + last.month - first.month + 1


# --- Who takes part: the minimum group ----------------------------------------------------------


def _participants(women, men, settings, minimum=10):
    settings.SHARIK_FIGURES_MIN_GROUP = minimum
    for gender, count in (("woman", women), ("man", men)):
        for _ in range(count):
            _on(CommentFactory(author=ResidentFactory(gender=gender, birth_year=1990)), MAY)
    return figures.figures(figures.Period.last_months()).participants


def test_nine_women_are_not_shown_ten_are(settings):
    nine = _participants(9, 12, settings)
    assert nine["people"] == 21
    woman, man, not_declared = (label for label, _count in nine["gender"])
    # Nobody left gender undeclared: that group (0) is hidden too, so nine women cannot be
    # found as 21 - 12.
    assert dict(nine["gender"]) == {woman: None, man: 12, not_declared: None}
    _on(CommentFactory(author=ResidentFactory(gender="woman", birth_year=1990)), MAY)
    ten = figures.figures(figures.Period.last_months()).participants
    assert dict(ten["gender"])[Gender.WOMAN.label] == 10
    assert dict(ten["age"])[equality.age_band_label((35, 44))] == 22


def test_a_resident_who_did_several_things_is_one_participant(settings):
    settings.SHARIK_FIGURES_MIN_GROUP = 1
    resident = ResidentFactory(gender="woman")
    _on(CommentFactory(author=resident), MAY)
    _on(SupportFactory(user=resident, proposal=_on(ProposalFactory(author=resident), MAY)), MAY)
    _on(ProjectEvaluationFactory(resident=resident), MAY)
    participants = figures.figures(figures.Period.last_months()).participants
    assert participants["people"] == 1
    assert dict(participants["gender"])[Gender.WOMAN.label] == 1


def test_the_minimum_is_a_setting(settings):
    participants = _participants(3, 4, settings, minimum=3)
    assert dict(participants["gender"])[Gender.WOMAN.label] == 3
    assert participants["minimum"] == 3


@pytest.mark.parametrize(
    ("counts", "shown"),
    [
        ([("a", 12), ("b", 11), ("c", 3)], [("a", 12), ("b", None), ("c", None)]),
        ([("a", 12), ("b", 11), ("c", 0)], [("a", 12), ("b", 11), ("c", None)]),  # no one
        ([("a", 12), ("b", 5), ("c", 3)], [("a", 12), ("b", None), ("c", None)]),
        ([("a", 12), ("b", 10)], [("a", 12), ("b", 10)]),
        ([("a", 2)], [("a", None)]),
    ],
)
def test_a_hidden_group_is_never_found_by_subtraction(counts, shown, settings):
    settings.SHARIK_FIGURES_MIN_GROUP = 10
    assert equality.hidden_with_complement(counts) == shown


# --- The staff's page ---------------------------------------------------------------------------


def test_the_staff_page_is_for_council_staff(client):
    url = reverse("participation_figures_admin")
    assert client.get(url).status_code == 302  # to the admin's log-in
    log_in(client, ResidentFactory())
    assert client.get(url).status_code in {302, 403}
    for staff in (make_editor(), make_moderator()):
        log_in(client, staff)
        page = client.get(url + "?from=2026-01&to=2026-06&arrondissement=abc")
        assert page.status_code == 200
        assert len(page.context["figures"].period.months) == 6


def test_the_staff_page_draws_each_chart_with_its_table(client):
    _on(ProposalFactory(arrondissement=_place("bettana")), MAY)
    log_in(client, make_editor())
    page = client.get(reverse("participation_figures_admin"))
    html = page.content.decode()
    kinds = len(page.context["figures"].kinds)
    assert html.count('role="img"') == kinds
    assert html.count('<svg class="figures-chart"') == kinds
    assert html.count("<title id=") == kinds
    assert 'id="chart-proposals-desc"' in html
    # Each chart is followed by its table.
    chart = html.index('aria-labelledby="chart-proposals-title')
    assert html.index("<table", chart) < html.index("<svg", chart + 1)


def test_the_staff_csv_is_recorded_in_the_audit_log(client):
    bettana = _place("bettana")
    _on(ProposalFactory(arrondissement=bettana), MAY)
    editor = make_editor()
    log_in(client, editor)
    response = client.get(
        reverse("participation_figures_admin")
        + f"?from=2026-04&to=2026-05&arrondissement={bettana.pk}&format=csv"
    )
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
    text = b"".join(response.streaming_content).decode()
    lines = text.lstrip("\ufeff").splitlines()
    assert len(lines[0].split(",")) == 6
    assert any(",2026-05," in line and line.endswith(",1,") for line in lines)
    entry = AuditLogEntry.objects.get(action="figures.exported")
    assert entry.actor == editor
    assert entry.data == {"from": "2026-04", "to": "2026-05", "arrondissement": bettana.pk}
    assert object_in_words(entry) == str(KIND_LABELS["figures"])
    assert ObjectLinks(editor).url(entry) == reverse("participation_figures_admin")


# --- The public page ----------------------------------------------------------------------------


def test_the_public_page_in_arabic_and_french(client, settings):
    settings.SHARIK_FIGURES_MIN_GROUP = 10
    _on(ProposalFactory(author=ResidentFactory(gender="woman")), MAY)
    arabic = client.get("/ar/participation/figures/")
    assert arabic.status_code == 200
    html = arabic.content.decode()
    assert 'dir="rtl"' in html and 'lang="ar"' in html
    assert "csrfmiddlewaretoken" not in html
    assert html.count('role="img"') == len(arabic.context["figures"].kinds)
    french = client.get("/fr/participation/figures/")
    html = french.content.decode()
    assert 'dir="ltr"' in html
    assert "moins de 10" in html or "fewer than 10" in html  # one woman is not shown as 1
    assert reverse("participation_figures") in client.get("/fr/open-data/").content.decode()


def test_the_public_page_is_kept_by_the_page_cache(client, settings):
    settings.SHARIK_PAGE_CACHE_SECONDS = 60
    first = client.get("/fr/participation/figures/")
    client.cookies.clear()  # another visitor
    second = client.get("/fr/participation/figures/")
    assert (first[HIT_HEADER], second[HIT_HEADER]) == ("miss", "hit")


def test_the_public_csv_has_the_counts_and_hides_small_groups(client, settings):
    settings.SHARIK_FIGURES_MIN_GROUP = 10
    _on(ProposalFactory(author=ResidentFactory(gender="woman")), MAY)
    response = client.get("/en/participation/figures.csv")
    text = b"".join(response.streaming_content).decode()
    assert "Proposals,2026-05," in text
    assert "Woman,fewer than 10" in text
    assert ",Woman,1," not in text
    assert response["Cache-Control"].startswith("public")
    assert not AuditLogEntry.objects.exists()


def test_the_public_counts_are_kept_a_while():
    period = figures.Period.last_months()
    first = figures.cached_counts(period)
    _on(ProposalFactory(), MAY)
    assert figures.cached_counts(period) == first


# --- Queries -------------------------------------------------------------------------------------


def _some_participation(times):
    bettana = _place("bettana")
    for index in range(times):
        resident = ResidentFactory(arrondissement=bettana, gender="woman", birth_year=1980 + index)
        _on(ProposalFactory(author=resident), MAY)
        _on(SupportFactory(user=resident), MARCH)
        _on(SignatureFactory(), MAY)
        _on(CommentFactory(author=resident), MAY)
        _on(ProjectEvaluationFactory(resident=resident), MAY)


def test_the_counts_take_one_query_per_kind_whatever_the_data(django_assert_num_queries):
    period = figures.Period.last_months()
    expected = len(figures.registered_series()) + 2  # and two for who takes part
    _some_participation(1)
    with django_assert_num_queries(expected):
        figures.count_all(period)
    _some_participation(6)
    with django_assert_num_queries(expected):
        figures.count_all(period)


@pytest.mark.parametrize("url", ["/ar/participation/figures/", "participation_figures_admin"])
def test_the_pages_take_as_many_queries_whatever_the_data(client, url):
    if not url.startswith("/"):
        log_in(client, make_editor())
        url = reverse(url)

    def queries():
        from django.core.cache import cache

        cache.clear()  # the public counts are kept: count them again
        with CaptureQueriesContext(connection) as captured:
            assert client.get(url).status_code == 200
        return len(captured)

    client.get(url)  # the site's settings are made on the first visit
    _some_participation(1)
    few = queries()
    _some_participation(5)
    assert queries() == few
