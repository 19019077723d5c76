"""Consultation pages as residents and staff use them: answering through the page, results on a
known data set, constant queries with 2,000 responses, exports without personal data, quotes."""

import csv
import io
import re
from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from consultations.models import Answer, ConsultationTally, Response
from consultations.questions import OTHER
from consultations.results import consultation_results
from participation.models import Arrondissement, AuditLogEntry
from tests.consultations.test_consultations import complete
from tests.factories import (
    C_A,
    C_B,
    C_X,
    C_Y,
    C_YES,
    C_Z,
    Q_CONDITIONAL,
    Q_LONG,
    Q_MULTIPLE,
    Q_RANKING,
    Q_SCALE,
    Q_SHORT,
    Q_SINGLE,
    R1,
    R2,
    R3,
    ResidentFactory,
    UnverifiedResidentFactory,
    in_arabic,
    log_in,
    make_consultation,
    make_editor,
    make_moderator,
    translate_consultation,
)

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]

NOW = timezone.now()
RESULTS_OPEN = {
    "questionnaire": (NOW - timedelta(days=30), NOW - timedelta(days=1)),
    "results": (NOW - timedelta(days=1), NOW + timedelta(days=30)),
}


# --- Answering through the page ------------------------------------------------------------------


def test_visitors_are_asked_to_log_in_and_unconfirmed_accounts_refused(client):
    consultation = make_consultation()
    response = client.get(consultation.url + "questionnaire/")
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    log_in(client, UnverifiedResidentFactory())
    assert client.get(consultation.url + "questionnaire/").status_code == 403


def test_answer_submit_and_change_through_the_page(client):
    consultation = make_consultation()
    resident = ResidentFactory()
    log_in(client, resident)
    page = client.get(consultation.url + "questionnaire/")
    assert page.status_code == 200
    assert "single-ar" in page.content.decode()
    data = complete()
    data["action"] = "submit"
    response = client.post(consultation.url + "questionnaire/", data)
    assert response.status_code == 302
    saved = Response.objects.get(consultation=consultation, participant=resident)
    assert saved.is_submitted
    # The questionnaire shows the saved answers back; a change replaces them.
    page = client.get(consultation.url + "questionnaire/").content.decode()
    assert re.search(rf'value="{C_A}"[^>]*checked', page)
    assert not re.search(rf'value="{C_B}"[^>]*checked', page)
    data = complete(**{f"q-{Q_SINGLE}": C_B, f"q-{Q_CONDITIONAL}": C_YES})
    data["action"] = "submit"
    client.post(consultation.url + "questionnaire/", data)
    assert list(
        Answer.objects.filter(response=saved, question=Q_SINGLE).values_list("choice", flat=True)
    ) == [C_B]
    assert Response.objects.filter(consultation=consultation).count() == 1


def test_bad_input_is_shown_with_what_was_typed(client):
    consultation = make_consultation()
    log_in(client, ResidentFactory())
    data = complete(**{f"q-{Q_SHORT}": "رصيف الحي", f"q-{Q_RANKING}-{R1}": "1"})
    data["action"] = "submit"
    response = client.post(consultation.url + "questionnaire/", data)
    assert response.status_code == 400
    page = response.content.decode()
    assert in_arabic("Give each item a different rank.") in page
    assert "رصيف الحي" in page  # nothing lost
    assert 'href="#question-' + Q_RANKING in page  # the error summary links to the question
    saved = Response.objects.get(consultation=consultation)
    assert not saved.is_submitted
    assert Answer.objects.get(response=saved, question=Q_SHORT).text == "رصيف الحي"


def test_a_save_onto_saved_answers_shows_what_was_typed_without_reading_them(client):
    """The questionnaire's saves are bound to what was sent: the stored answers are read only
    to show the questionnaire, and a bad save shows what was typed, not what was stored."""
    consultation = make_consultation()
    resident = ResidentFactory()
    log_in(client, resident)
    first = complete(**{f"q-{Q_SHORT}": "إنارة الزقاق"})
    first["action"] = "save"
    client.post(consultation.url + "questionnaire/", first)
    data = complete(**{f"q-{Q_SHORT}": "رصيف الحي", f"q-{Q_RANKING}-{R1}": "1"})
    data["action"] = "submit"
    with CaptureQueriesContext(connection) as captured:
        response = client.post(consultation.url + "questionnaire/", data)
    assert response.status_code == 400
    page = response.content.decode()
    assert "رصيف الحي" in page and "إنارة الزقاق" not in page
    on_answers = [
        query["sql"].split()[0].upper()
        for query in captured.captured_queries
        if "consultations_answer" in query["sql"]
    ]
    assert on_answers == ["DELETE", "INSERT"]  # no SELECT: the stored answers are not read
    saved = Response.objects.get(consultation=consultation, participant=resident)
    assert Answer.objects.get(response=saved, question=Q_SHORT).text == "رصيف الحي"


def test_autosave_answers_in_json(client):
    consultation = make_consultation()
    log_in(client, ResidentFactory())
    data = complete(**{f"q-{Q_SCALE}": "9"})
    data["action"] = "autosave"
    response = client.post(
        consultation.url + "questionnaire/", data, headers={"Accept": "application/json"}
    )
    assert response.status_code == 200
    body = response.json()
    assert body["saved"] is True and body["submitted"] is False
    assert list(body["errors"]) == [Q_SCALE]
    saved = Response.objects.get(consultation=consultation)
    assert Answer.objects.filter(response=saved, question=Q_SHORT).exists()
    assert not Answer.objects.filter(response=saved, question=Q_SCALE).exists()


def test_a_closed_questionnaire_records_nothing(client):
    consultation = make_consultation(phases=RESULTS_OPEN)
    resident = ResidentFactory()
    log_in(client, resident)
    data = complete()
    data["action"] = "submit"
    response = client.post(consultation.url + "questionnaire/", data)
    assert response.status_code == 302
    assert not Response.objects.filter(consultation=consultation).exists()


def test_answering_in_french_counts_in_the_one_consultation(client):
    consultation = make_consultation()
    french = translate_consultation(consultation)
    resident = ResidentFactory(preferred_language="fr")
    log_in(client, resident)
    page = client.get(french.url + "questionnaire/").content.decode()
    assert "single-fr" in page
    data = complete()
    data["action"] = "submit"
    client.post(french.url + "questionnaire/", data)
    assert Response.objects.get(participant=resident).consultation_id == consultation.pk


def test_participation_by_email_through_the_page(
    client, mailoutbox, django_capture_on_commit_callbacks
):
    consultation = make_consultation(open_to_unregistered=True)
    page = client.get(consultation.url).content.decode()
    assert 'action="' + consultation.url + 'participate/"' in page
    bad = client.post(consultation.url + "participate/", {"email": "not an address"})
    assert bad.status_code == 400 and "not an address" in bad.content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        client.post(consultation.url + "participate/", {"email": "visitor@example.org"})
    link = next(line for line in mailoutbox[0].body.splitlines() if "/confirm/" in line)
    path = link.split("://", 1)[-1]
    path = path[path.index("/") :]
    assert client.get(path).status_code == 302
    data = complete()
    data["action"] = "submit"
    client.post(consultation.url + "questionnaire/", data)
    response = Response.objects.get(consultation=consultation, email="visitor@example.org")
    assert response.is_submitted and response.participant is None


# --- Results -------------------------------------------------------------------------------------


def known_data_set(consultation):
    """Four participants in two arrondissements, with answers chosen to check every figure."""
    first, second = list(Arrondissement.objects.canonical()[:2])
    rows = [
        # arrondissement, single, multiple, ranking (R1, R2, R3), scale, short text
        (first, C_A, [C_X, C_Y], (1, 2, 3), 5, "ظل"),
        (first, C_A, [C_X], (2, 1, 3), 4, ""),
        (second, C_B, [C_Z, OTHER], (1, 3, 2), 2, "كراسي"),
        (second, C_A, [], (3, 2, 1), 1, ""),
    ]
    for arrondissement, single, multiple, ranks, scale, text in rows:
        response = Response.objects.create(
            consultation=consultation, arrondissement=arrondissement, submitted_at=NOW
        )
        answers = [Answer(question=Q_SINGLE, choice=single)]
        answers += [
            Answer(question=Q_MULTIPLE, choice=c, text="مكتبة" if c == OTHER else "")
            for c in multiple
        ]
        answers += [
            Answer(question=Q_RANKING, choice=c, position=p)
            for c, p in zip((R1, R2, R3), ranks, strict=True)
        ]
        answers.append(Answer(question=Q_SCALE, number=scale))
        if text:
            answers.append(Answer(question=Q_SHORT, text=text))
        for answer in answers:
            answer.response = response
        Answer.objects.bulk_create(answers)
    # A draft never counts.
    draft = Response.objects.create(consultation=consultation, arrondissement=first)
    Answer.objects.create(response=draft, question=Q_SINGLE, choice=C_B)
    return first, second


def test_results_on_a_known_data_set():
    consultation = make_consultation(phases=RESULTS_OPEN)
    first, second = known_data_set(consultation)
    results = consultation_results(consultation, consultation.questions, "en")
    assert results.participants == 4
    by_arrondissement = {pk: count for _name, pk, count in results.participants_by_arrondissement}
    assert by_arrondissement[first.pk] == 2 and by_arrondissement[second.pk] == 2
    single, multiple, ranking, scale, short, _long, conditional = results.questions

    assert single.answered == 4
    assert [(row.label, row.count, row.percent) for row in single.rows] == [
        ("A", 3, 75.0),
        ("ب", 1, 25.0),
    ]
    assert single.rows[0].by_arrondissement == {first.pk: (2, 100.0), second.pk: (1, 50.0)}

    assert multiple.answered == 3  # one participant ticked nothing
    assert [(row.count, row.percent) for row in multiple.rows] == [
        (2, 66.7),
        (1, 33.3),
        (1, 33.3),
        (1, 33.3),
    ]
    assert multiple.rows[-1].label == "Other"

    # Average ranks: R1 (1+2+1+3)/4 = 1.75, R2 (2+1+3+2)/4 = 2.0, R3 (3+3+2+1)/4 = 2.25.
    assert [(row.label, row.average_rank, row.first_place) for row in ranking.rows] == [
        ("R1", 1.75, 2),
        ("R2", 2.0, 1),
        ("R3", 2.25, 1),
    ]

    assert scale.average == 3.0  # (5 + 4 + 2 + 1) / 4
    assert [row.count for row in scale.rows] == [1, 1, 0, 1, 1]
    assert scale.average_by_arrondissement == {first.pk: 4.5, second.pk: 1.5}

    assert short.answered == 2 and short.rows == []
    assert conditional.answered == 0


def test_results_page_and_open_data_have_no_personal_data(client):
    consultation = make_consultation(phases=RESULTS_OPEN)
    known_data_set(consultation)
    resident = ResidentFactory(display_name="Zineb Secret", email="zineb.secret@sale.example")
    Response.objects.create(
        consultation=consultation, participant=resident, submitted_at=NOW, email=""
    )
    page = client.get(consultation.url + "results/").content.decode()
    assert "75.0" in page or "75,0" in page
    download = client.get(consultation.url + "results/csv/")
    assert download.status_code == 200
    text = download.content.decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text)))
    assert len(rows[0]) == 6  # the heading (in the page's language), then one row per answer
    assert ["1", "single-ar", "A", "3", "75.0", "4"] in rows
    for secret in ("Zineb", "zineb.secret", "ظل", "كراسي", "مكتبة"):
        assert secret not in page
        assert secret not in text


def test_results_wait_for_their_phase_but_staff_preview_them(client):
    consultation = make_consultation()  # questionnaire open, results later
    log_in(client, ResidentFactory())
    assert client.get(consultation.url + "results/").status_code == 404
    assert client.get(consultation.url + "results/csv/").status_code == 404
    client.logout()
    log_in(client, make_editor())
    preview = client.get(consultation.url + "results/")
    assert preview.status_code == 200
    assert (
        in_arabic(
            "Preview for council staff: residents will see the results when the results phase"
            " opens."
        )
        in preview.content.decode()
    )


def many_responses(consultation, count):
    arrondissements = list(Arrondissement.objects.canonical())
    responses = Response.objects.bulk_create(
        Response(
            consultation=consultation,
            arrondissement=arrondissements[n % len(arrondissements)],
            submitted_at=NOW,
        )
        for n in range(count)
    )
    answers = []
    for n, response in enumerate(responses):
        answers += [
            Answer(response=response, question=Q_SINGLE, choice=(C_A, C_B)[n % 2]),
            Answer(response=response, question=Q_MULTIPLE, choice=C_X),
            Answer(response=response, question=Q_RANKING, choice=R1, position=1 + n % 3),
            Answer(response=response, question=Q_SCALE, number=1 + n % 5),
            Answer(response=response, question=Q_LONG, text=f"رأي {n}"),
        ]
    Answer.objects.bulk_create(answers, batch_size=2000)
    ConsultationTally.objects.update_or_create(
        consultation=consultation, defaults={"participant_count": count}
    )


def queries_for(client, url):
    client.get(url)  # the site chrome is worked out once per language, then remembered
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(captured)


@pytest.mark.usefixtures("site_links")
def test_pages_keep_their_queries_with_2000_responses(client, django_assert_max_num_queries):
    small = make_consultation(phases=RESULTS_OPEN)
    large = make_consultation(phases=RESULTS_OPEN)
    many_responses(small, 20)
    many_responses(large, 2000)
    editor = make_editor()
    log_in(client, editor)
    index_url = large.get_parent().url
    for suffix in ("", "results/", "results/csv/"):
        assert queries_for(client, small.url + suffix) == queries_for(client, large.url + suffix)
    assert queries_for(client, index_url) == queries_for(client, index_url + "?status=closed")
    # Most of these are Wagtail's routing and the site's navigation, the same on every page.
    with django_assert_max_num_queries(40):
        client.get(large.url + "results/")
    with django_assert_max_num_queries(40):
        client.get(large.url)

    def answers_url(consultation):
        url = reverse("consultations_admin:answers", args=[consultation.pk])
        return f"{url}?question={Q_LONG}"

    assert queries_for(client, answers_url(small)) == queries_for(client, answers_url(large))


# --- Staff: exports and quotes -------------------------------------------------------------------


def test_exports_are_anonymous_audited_and_staff_only(client):
    consultation = make_consultation(phases=RESULTS_OPEN)
    known_data_set(consultation)
    log_in(client, ResidentFactory())
    assert client.get(
        reverse("consultations_admin:export", args=[consultation.pk, "csv"])
    ).status_code in (
        302,
        403,
    )
    client.logout()
    editor = make_editor()
    log_in(client, editor)
    download = client.get(reverse("consultations_admin:export", args=[consultation.pk, "csv"]))
    text = b"".join(download.streaming_content).decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text)))
    assert len(rows) == 1 + 4  # the heading and the four submitted responses, not the draft
    assert rows[0][3] == "1. single-ar"
    assert rows[3][4] == f"Z; {in_arabic('Other')}: مكتبة"  # in the staff member's language
    assert rows[1][5] == "1. R1; 2. R2; 3. R3"
    assert AuditLogEntry.objects.filter(
        actor=editor, action="consultation.export_responses", object_id=consultation.pk
    ).exists()

    from openpyxl import load_workbook

    workbook = client.get(reverse("consultations_admin:export", args=[consultation.pk, "xlsx"]))
    sheet = load_workbook(io.BytesIO(b"".join(workbook.streaming_content))).active
    values = list(sheet.iter_rows(values_only=True))
    assert len(values) == 5
    assert values[1][6] == 5  # the scale answer of the first response, as a number
    for row in values:
        assert not any("@" in str(cell) for cell in row if cell)


def test_moderators_publish_quotes_shown_with_the_results(client):
    consultation = make_consultation(phases=RESULTS_OPEN)
    known_data_set(consultation)
    text = Answer.objects.get(response__consultation=consultation, text="كراسي")
    url = reverse("consultations_admin:answers", args=[consultation.pk]) + f"?question={Q_SHORT}"
    editor = make_editor()  # reads the answers, does not moderate
    log_in(client, editor)
    assert "كراسي" in client.get(url).content.decode()
    refused = client.post(url, {"answer": text.pk, "action": "publish"})
    assert refused.status_code == 302  # the admin turns a refusal into a message on its home
    text.refresh_from_db()
    assert text.quote_published_at is None
    client.logout()
    moderator = make_moderator()
    log_in(client, moderator)
    client.post(url, {"answer": text.pk, "action": "publish"})
    text.refresh_from_db()
    assert text.quote_published_at is not None
    assert AuditLogEntry.objects.filter(
        actor=moderator, action="consultation.publish_quote"
    ).exists()
    client.logout()
    assert "كراسي" in client.get(consultation.url + "results/").content.decode()
    log_in(client, moderator)
    client.post(url, {"answer": text.pk, "action": "withdraw"})
    client.logout()
    assert "كراسي" not in client.get(consultation.url + "results/").content.decode()


def test_the_index_filters_open_upcoming_and_closed(client):
    open_one = make_consultation(title="مفتوحة-اختبار")
    closed = make_consultation(phases=RESULTS_OPEN, title="مغلقة-اختبار")
    upcoming = make_consultation(
        phases={"debate": (NOW + timedelta(days=5), NOW + timedelta(days=9))},
        title="مرتقبة-اختبار",
    )
    index_url = open_one.get_parent().url
    for status, shown in (("open", open_one), ("closed", closed), ("upcoming", upcoming)):
        page = client.get(f"{index_url}?status={status}").content.decode()
        for consultation in (open_one, closed, upcoming):
            assert (consultation.title in page) is (consultation == shown), (status, consultation)


def test_the_report_page(client):
    consultation = make_consultation(
        phases={"report": (NOW - timedelta(days=1), NOW + timedelta(days=9))},
        report_what_you_said="<p>قلتم الظل</p>",
        report_what_we_will_do="<p>سنزرع الأشجار</p>",
    )
    page = client.get(consultation.url + "report/").content.decode()
    assert "قلتم الظل" in page and "سنزرع الأشجار" in page
    assert "report/" in client.get(consultation.url).content.decode()


def test_results_are_counted_at_most_once_a_minute_while_open(monkeypatch):
    from consultations import results

    clock = [1_000_000.0]
    monkeypatch.setattr(results.time, "time", lambda: clock[0])

    def participants(page):
        return results.cached_results(page, page.questions, "ar").participants

    consultation = make_consultation(results_immediately=True)
    assert participants(consultation) == 0
    Response.objects.create(consultation=consultation, submitted_at=NOW)
    # Counted again only when the counted figures are a minute old while answers arrive…
    clock[0] += results.WHILE_OPEN - 1
    assert participants(consultation) == 0
    clock[0] += 2
    assert participants(consultation) == 1
    # …or at once when they change in another way (a quote published or withdrawn).
    Response.objects.create(consultation=consultation, submitted_at=NOW)
    results.results_changed(consultation.pk)
    assert participants(consultation) == 2
    # Once answers are closed, an hour.
    closed = make_consultation(phases=RESULTS_OPEN)
    assert participants(closed) == 0
    Response.objects.create(consultation=closed, submitted_at=NOW)
    clock[0] += results.WHILE_OPEN + 1
    assert participants(closed) == 0
    clock[0] += results.ONCE_CLOSED
    assert participants(closed) == 1


def test_while_one_process_counts_the_others_show_the_previous_count(
    monkeypatch, django_assert_num_queries
):
    from consultations import results

    clock = [1_000_000.0]
    monkeypatch.setattr(results.time, "time", lambda: clock[0])
    consultation = make_consultation(results_immediately=True)
    results.cached_results(consultation, consultation.questions, "ar")
    Response.objects.create(consultation=consultation, submitted_at=NOW)
    clock[0] += results.WHILE_OPEN + 1
    key = f"consultations:results:{consultation.pk}:{consultation.pk}:ar"
    results.cache.add(f"{key}:counting", 1)  # another process is counting
    with django_assert_num_queries(0):
        shown = results.cached_results(consultation, consultation.questions, "ar")
    assert shown.participants == 0
    results.cache.delete(f"{key}:counting")
    assert results.cached_results(consultation, consultation.questions, "ar").participants == 1
