"""Consultations: the calendar decides what residents may do; answers are saved as residents go,
one response per resident, changeable until the questionnaire closes; phases are announced once."""

from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.db import connection
from django.http import QueryDict
from django.test.utils import CaptureQueriesContext
from django.utils import translation
from wagtail import blocks

from consultations import counts, services
from consultations.forms import QuestionnaireForm
from consultations.models import (
    Answer,
    ConsultationPhase,
    ConsultationStatus,
    ConsultationTally,
    PhaseAnnouncement,
    PhaseKind,
    Response,
)
from consultations.questions import OTHER, QuestionnaireBlock
from participation.models import Notification
from participation.pagecache import current_generation
from participation.services import follow
from tests.factories import (
    C_A,
    C_B,
    C_NO,
    C_X,
    C_Y,
    C_YES,
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
    make_consultation,
    translate_consultation,
)

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]


T0 = datetime(2027, 3, 1, 9, 0, tzinfo=UTC)
DAY = timedelta(days=1)
CALENDAR = {
    "information": (T0, T0 + 5 * DAY),
    "debate": (T0 + 2 * DAY, T0 + 20 * DAY),
    "questionnaire": (T0 + 5 * DAY, T0 + 20 * DAY),
    "results": (T0 + 20 * DAY, T0 + 50 * DAY),
    "report": (T0 + 50 * DAY, T0 + 400 * DAY),
}


def complete(**overrides):
    """A complete, valid submission of the test questionnaire (as POST data)."""
    data = {
        f"q-{Q_SINGLE}": C_A,
        f"q-{Q_MULTIPLE}": [C_X, C_Y],
        f"q-{Q_RANKING}-{R1}": "2",
        f"q-{Q_RANKING}-{R2}": "1",
        f"q-{Q_RANKING}-{R3}": "3",
        f"q-{Q_SCALE}": "4",
        f"q-{Q_SHORT}": "إنارة الزقاق",
        f"q-{Q_LONG}": "",
    }
    data.update(overrides)
    query = QueryDict(mutable=True)
    for key, value in data.items():
        if value is None:
            continue
        if isinstance(value, list):
            query.setlist(key, value)
        else:
            query[key] = value
    return query


def answer(consultation, participant, data=None, submit=True):
    form = QuestionnaireForm(consultation.questions, data or complete(), submitting=submit)
    valid = form.is_valid()
    return services.save_answers(
        consultation, form.answers(), participant=participant, submit=submit and valid
    ), form


# --- The calendar ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("moment", "status", "questionnaire", "debate", "results", "report"),
    [
        (T0 - timedelta(seconds=1), "upcoming", False, False, False, False),
        (T0, "open", False, False, False, False),
        (T0 + 2 * DAY, "open", False, True, False, False),
        (T0 + 5 * DAY - timedelta(seconds=1), "open", False, True, False, False),
        (T0 + 5 * DAY, "open", True, True, False, False),
        (T0 + 20 * DAY - timedelta(seconds=1), "open", True, True, False, False),
        (T0 + 20 * DAY, "closed", False, False, True, False),
        (T0 + 50 * DAY, "closed", False, False, True, True),
    ],
)
def test_the_current_phase_decides_what_residents_may_do(
    moment, status, questionnaire, debate, results, report
):
    consultation = make_consultation(
        phases=CALENDAR, report_what_we_will_do="<p>سنفعل</p>", results_immediately=False
    )
    with time_machine.travel(moment, tick=False):
        assert consultation.status() == status
        assert consultation.questionnaire_is_open() is questionnaire
        assert consultation.comments_are_open() is debate
        assert consultation.results_are_public() is results
        assert consultation.report_is_public() is report


def test_results_at_once_when_the_editor_chooses():
    consultation = make_consultation(phases=CALENDAR, results_immediately=True)
    with time_machine.travel(T0 + 5 * DAY - timedelta(seconds=1), tick=False):
        assert not consultation.results_are_public()
    with time_machine.travel(T0 + 5 * DAY, tick=False):
        assert consultation.results_are_public()


def test_no_report_shown_before_it_is_written():
    consultation = make_consultation(phases=CALENDAR)
    with time_machine.travel(T0 + 60 * DAY, tick=False):
        assert not consultation.report_is_public()


def test_the_calendar_bounds_are_kept_for_lists():
    consultation = make_consultation(phases=CALENDAR)
    assert consultation.opens_at == T0
    assert consultation.closes_at == T0 + 20 * DAY  # the end of the last participation phase


def test_a_phase_appears_once_and_ends_after_it_starts():
    consultation = make_consultation(phases=CALENDAR)
    consultation.phases.add(ConsultationPhase(kind="debate", starts_at=T0, ends_at=T0 + DAY))
    with pytest.raises(ValidationError):
        consultation.full_clean()
    phase = ConsultationPhase(kind="debate", starts_at=T0, ends_at=T0)
    with pytest.raises(ValidationError):
        phase.clean()


def test_a_condition_must_name_an_earlier_choice():
    block = QuestionnaireBlock()
    value = block.to_python(
        [
            {"type": "short_text", "value": {"text": "q", "show_if": "nowhere", "required": False}},
        ]
    )
    with pytest.raises(blocks.StreamBlockValidationError):
        block.clean(value)


def test_translations_share_the_calendar_and_the_responses():
    consultation = make_consultation()
    french = translate_consultation(consultation)
    assert french.original == consultation
    resident = ResidentFactory(preferred_language="fr")
    answer(french, resident)
    assert Response.objects.filter(consultation=consultation, participant=resident).count() == 1
    # The French page reads the same response back.
    assert services.response_of(french, resident).consultation_id == consultation.pk
    # The one debate links back to the reader's language version.
    with translation.override("fr"):
        assert consultation.participation_url() == french.url
    with translation.override("ar"):
        assert consultation.participation_url() == consultation.url


# --- Answering -----------------------------------------------------------------------------------


def test_answers_only_while_the_questionnaire_is_open():
    consultation = make_consultation(phases=CALENDAR)
    resident = ResidentFactory()
    for moment in (T0 + 5 * DAY - timedelta(seconds=1), T0 + 20 * DAY):
        with time_machine.travel(moment, tick=False), pytest.raises(services.ConsultationError):
            answer(consultation, resident)
    with time_machine.travel(T0 + 6 * DAY, tick=False):
        response, _form = answer(consultation, resident)
    assert response.is_submitted
    assert not Response.objects.filter(consultation=consultation).exclude(pk=response.pk).exists()


def test_a_draft_is_saved_without_counting_then_submitted(django_capture_on_commit_callbacks):
    consultation = make_consultation()
    resident = ResidentFactory()
    with django_capture_on_commit_callbacks(execute=True):
        draft, form = answer(consultation, resident, complete(**{f"q-{Q_SCALE}": ""}), submit=False)
    assert form.is_valid()
    assert not draft.is_submitted
    assert not ConsultationTally.objects.filter(
        consultation=consultation, participant_count__gt=0
    ).exists()
    # Submitting with the required scale still missing is refused, and saves what is valid.
    with django_capture_on_commit_callbacks(execute=True):
        response, form = answer(consultation, resident, complete(**{f"q-{Q_SCALE}": ""}))
    assert not response.is_submitted
    assert form.errors[f"q-{Q_SCALE}"] == ["This question needs an answer."]
    with django_capture_on_commit_callbacks(execute=True):
        response, form = answer(consultation, resident)
    assert response.is_submitted and response.pk == draft.pk
    consultation.refresh_from_db()
    assert consultation.tally.participant_count == 1


def test_changing_an_answer_replaces_it():
    consultation = make_consultation()
    resident = ResidentFactory()
    response, _form = answer(consultation, resident)
    submitted_at = response.submitted_at
    answer(consultation, resident, complete(**{f"q-{Q_SINGLE}": C_B, f"q-{Q_CONDITIONAL}": C_NO}))
    rows = Answer.objects.filter(response=response)
    assert list(rows.filter(question=Q_SINGLE).values_list("choice", flat=True)) == [C_B]
    assert list(rows.filter(question=Q_CONDITIONAL).values_list("choice", flat=True)) == [C_NO]
    response.refresh_from_db()
    assert response.submitted_at == submitted_at  # still one submission
    assert Response.objects.filter(consultation=consultation, participant=resident).count() == 1


def test_a_hidden_question_keeps_no_answer():
    consultation = make_consultation()
    resident = ResidentFactory()
    response, _form = answer(
        consultation, resident, complete(**{f"q-{Q_SINGLE}": C_B, f"q-{Q_CONDITIONAL}": C_YES})
    )
    assert Answer.objects.filter(response=response, question=Q_CONDITIONAL).exists()
    answer(consultation, resident, complete(**{f"q-{Q_SINGLE}": C_A, f"q-{Q_CONDITIONAL}": C_YES}))
    assert not Answer.objects.filter(response=response, question=Q_CONDITIONAL).exists()


def test_double_submit_makes_one_response():
    consultation = make_consultation()
    resident = ResidentFactory()
    first, _form = answer(consultation, resident)
    second, _form = answer(consultation, resident)
    assert first.pk == second.pk
    assert Response.objects.filter(consultation=consultation).count() == 1
    assert Answer.objects.filter(response=first, question=Q_MULTIPLE).count() == 2


def test_a_first_save_writes_the_response_whole():
    """The caller found no response: the response is inserted with its submission, its answers
    after it, and nothing is looked for, replaced or updated."""
    consultation = make_consultation()
    resident = ResidentFactory()
    form = QuestionnaireForm(consultation.questions, complete(), submitting=True)
    assert form.is_valid()
    with CaptureQueriesContext(connection) as captured:
        response = services.save_answers(
            consultation, form.answers(), participant=resident, submit=True, first_save=True
        )
    sql = [query["sql"] for query in captured.captured_queries]
    statements = [statement.split()[0].upper() for statement in sql]
    responses = [statement for statement in sql if "consultations_response" in statement]
    assert "UPDATE" not in statements and "DELETE" not in statements
    assert len(responses) == 1 and responses[0].split()[0].upper() in {"INSERT", "WITH"}
    if connection.vendor == "postgresql":  # with its answers and recount marker, one statement
        assert [statement for statement in sql if "INSERT" in statement] == responses
        assert "consultations_answer" in responses[0] and "queuedrecount" in responses[0]
    response.refresh_from_db()
    assert response.is_submitted and response.participant == resident
    assert Answer.objects.filter(response=response, question=Q_MULTIPLE).count() == 2


def test_a_first_save_racing_an_earlier_one_takes_its_response():
    """Two first saves (two tabs): the second finds the first's row on the unique constraint,
    replaces its answers and submits it; one response."""
    consultation = make_consultation()
    resident = ResidentFactory()
    draft, _form = answer(consultation, resident, complete(**{f"q-{Q_SINGLE}": C_B}), submit=False)
    form = QuestionnaireForm(consultation.questions, complete(), submitting=True)
    assert form.is_valid()
    response = services.save_answers(
        consultation, form.answers(), participant=resident, submit=True, first_save=True
    )
    assert response.pk == draft.pk
    assert Response.objects.filter(consultation=consultation).count() == 1
    assert list(
        Answer.objects.filter(response=response, question=Q_SINGLE).values_list("choice", flat=True)
    ) == [C_A]
    response.refresh_from_db()
    assert response.is_submitted


def test_answers_saved_again_are_replaced_in_one_statement_without_reading_them():
    """An autosave onto a saved response (the common save: the page saves on each change)
    deletes the replaced answers in one statement; the ORM's delete read them first."""
    consultation = make_consultation()
    resident = ResidentFactory()
    answer(consultation, resident, submit=False)
    with CaptureQueriesContext(connection) as captured:
        answer(consultation, resident, complete(**{f"q-{Q_SCALE}": "2"}), submit=False)
    on_answers = [
        query["sql"].split()[0].upper()
        for query in captured.captured_queries
        if "consultations_answer" in query["sql"]
    ]
    assert on_answers == ["DELETE", "INSERT"]
    stored = services.answers_by_question(services.response_of(consultation, resident))
    assert [row.number for row in stored[Q_SCALE]] == [2]
    assert sorted(row.choice for row in stored[Q_MULTIPLE]) == sorted([C_X, C_Y])
    assert Answer.objects.filter(response__participant=resident).count() == sum(
        len(rows) for rows in stored.values()
    )


def test_a_participant_s_response_and_answers_read_as_the_orm_reads_them():
    consultation = make_consultation()
    resident = ResidentFactory()
    assert services.response_of(consultation, resident) is None
    assert services.answers_by_question(None) == {}
    response, _form = answer(consultation, resident)
    found = services.response_of(consultation, resident)
    assert found == response and found.submitted_at == Response.objects.get().submitted_at
    stored = services.answers_by_question(found)
    assert {question: sorted(row.pk for row in rows) for question, rows in stored.items()} == {
        question: sorted(
            Answer.objects.filter(response=response, question=question).values_list("pk", flat=True)
        )
        for question in stored
    }
    assert {row.position for row in stored[Q_RANKING]} == {1, 2, 3}


# These commit, as a request does: the generation of public content moves on at a commit.
@pytest.mark.django_db(transaction=True)
def test_answers_saved_again_leave_the_site_s_pages_alone():
    """An autosave replaces a participant's answers: no public page shows them one by one, so
    the pages kept and the ways remembered for the whole site stay (participation/pagecache.py
    ``NOT_SHOWN``)."""
    consultation = make_consultation()
    resident = ResidentFactory()
    answer(consultation, resident, submit=False)
    before = current_generation()
    answer(consultation, resident, complete(**{f"q-{Q_SHORT}": "ممر للراجلين"}), submit=False)
    answer(consultation, resident, complete(**{f"q-{Q_SCALE}": "2"}), submit=False)
    assert current_generation() == before


@pytest.mark.django_db(transaction=True)
def test_a_quote_published_or_replaced_by_its_author_ends_the_pages_that_show_it():
    consultation = make_consultation()
    resident = ResidentFactory()
    response, _form = answer(consultation, resident)
    quote = Answer.objects.get(response=response, question=Q_SHORT)
    moderator = ResidentFactory()
    before = current_generation()
    services.publish_quote(moderator, quote)
    published = current_generation()
    assert published != before
    answer(consultation, resident, complete(**{f"q-{Q_SHORT}": "ممر للراجلين"}))
    assert current_generation() != published
    assert not Answer.objects.filter(response=response, quote_published_at__isnull=False).exists()


def test_the_participant_count_goes_live(django_capture_on_commit_callbacks, monkeypatch):
    consultation = make_consultation()
    pushed = []
    monkeypatch.setattr(
        counts, "publish_counter", lambda host, name, value: pushed.append((host.pk, name, value))
    )
    with django_capture_on_commit_callbacks(execute=True):
        answer(consultation, ResidentFactory())
    with django_capture_on_commit_callbacks(execute=True):
        answer(consultation, ResidentFactory())
    assert pushed == [(consultation.pk, "participants", 1), (consultation.pk, "participants", 2)]


# --- Each question kind validated -----------------------------------------------------------------


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        ({f"q-{Q_SINGLE}": "not-a-choice"}, f"q-{Q_SINGLE}", "Select a valid choice"),
        ({f"q-{Q_SINGLE}": ""}, f"q-{Q_SINGLE}", "This question needs an answer."),
        ({f"q-{Q_MULTIPLE}": [C_X, "forged"]}, f"q-{Q_MULTIPLE}", "Select a valid choice"),
        ({f"q-{Q_MULTIPLE}": [OTHER]}, f"q-{Q_MULTIPLE}-{OTHER}", "Say what “other” is."),
        ({f"q-{Q_RANKING}-{R1}": "1"}, f"q-{Q_RANKING}-{R1}", "Give each item a different rank."),
        ({f"q-{Q_RANKING}-{R3}": ""}, f"q-{Q_RANKING}-{R1}", "Rank every item, or none of them."),
        ({f"q-{Q_RANKING}-{R3}": "9"}, f"q-{Q_RANKING}-{R3}", "Select a valid choice"),
        ({f"q-{Q_SCALE}": "6"}, f"q-{Q_SCALE}", "Select a valid choice"),
        ({f"q-{Q_SCALE}": "0"}, f"q-{Q_SCALE}", "Select a valid choice"),
        ({f"q-{Q_SHORT}": "x" * 301}, f"q-{Q_SHORT}", "at most 300 characters"),
        ({f"q-{Q_LONG}": "x" * 5001}, f"q-{Q_LONG}", "at most 5000 characters"),
        (
            {f"q-{Q_SINGLE}": C_B, f"q-{Q_CONDITIONAL}": ""},
            f"q-{Q_CONDITIONAL}",
            "This question needs an answer.",
        ),
    ],
)
def test_each_question_kind_refuses_bad_input_and_keeps_the_rest(overrides, field, message):
    consultation = make_consultation()
    resident = ResidentFactory()
    response, form = answer(consultation, resident, complete(**overrides))
    assert not response.is_submitted
    assert any(message in str(error) for error in form.errors[field])
    # What was valid is saved anyway: nothing is lost.
    saved = set(Answer.objects.filter(response=response).values_list("question", flat=True))
    assert Q_SHORT in saved or field == f"q-{Q_SHORT}"
    assert Q_SCALE in saved or field == f"q-{Q_SCALE}"


def test_a_conditional_question_not_shown_is_not_required():
    consultation = make_consultation()
    response, form = answer(consultation, ResidentFactory(), complete(**{f"q-{Q_SINGLE}": C_A}))
    assert form.is_valid(), form.errors
    assert response.is_submitted


def test_other_with_its_text_is_kept():
    consultation = make_consultation()
    response, _form = answer(
        consultation,
        ResidentFactory(),
        complete(**{f"q-{Q_MULTIPLE}": [C_X, OTHER], f"q-{Q_MULTIPLE}-{OTHER}": "=HYPERLINK()"}),
    )
    other = Answer.objects.get(response=response, question=Q_MULTIPLE, choice=OTHER)
    assert other.text == "=HYPERLINK()"


# --- Phases announced -----------------------------------------------------------------------------


def announced(consultation, now):
    """The phases of ``consultation`` announced by a run at ``now`` (other pages left out)."""
    with time_machine.travel(now, tick=False):
        return sorted(
            announcement.kind
            for announcement in services.announce_open_phases()
            if announcement.consultation_id == consultation.pk
        )


def test_each_opened_phase_is_announced_once(django_capture_on_commit_callbacks):
    consultation = make_consultation(phases=CALENDAR, report_what_you_said="<p>قلتم</p>")
    follower = ResidentFactory(preferred_language="fr")
    participant = ResidentFactory()
    follow(follower, consultation)
    with time_machine.travel(T0 + 6 * DAY, tick=False):
        answer(consultation, participant)
    with django_capture_on_commit_callbacks(execute=True):
        assert announced(consultation, T0 + 6 * DAY) == ["debate", "questionnaire"]
    with django_capture_on_commit_callbacks(execute=True):
        assert announced(consultation, T0 + 7 * DAY) == []
    assert Notification.objects.filter(recipient=follower).count() == 2
    assert not Notification.objects.filter(recipient=participant).exists()
    with django_capture_on_commit_callbacks(execute=True):
        assert announced(consultation, T0 + 21 * DAY) == ["results"]
    with django_capture_on_commit_callbacks(execute=True):
        assert announced(consultation, T0 + 51 * DAY) == ["report"]
    # Participants hear of the results and the report, with a link in their language.
    for recipient in (participant, follower):
        urls = list(Notification.objects.filter(recipient=recipient).values_list("url", flat=True))
        assert sum(url.endswith("/results/") for url in urls) == 1
        assert sum(url.endswith("/report/") for url in urls) == 1
    assert Notification.objects.filter(recipient=follower).count() == 4
    report = Notification.objects.get(recipient=participant, url__endswith="/report/")
    assert report.url.startswith("/ar/")
    assert PhaseAnnouncement.objects.filter(consultation=consultation).count() == 4


def test_a_phase_moved_to_a_new_date_is_announced_again():
    consultation = make_consultation(phases={"debate": (T0, T0 + 10 * DAY)})
    assert announced(consultation, T0 + DAY) == ["debate"]
    assert announced(consultation, T0 + 2 * DAY) == []
    phase = consultation.phases.get()
    phase.starts_at = T0 + 2 * DAY
    phase.save()
    assert announced(consultation, T0 + 3 * DAY) == ["debate"]


def test_the_report_is_announced_only_once_written():
    consultation = make_consultation(phases={"report": (T0, T0 + 10 * DAY)})
    assert announced(consultation, T0 + DAY) == []
    consultation.report_what_we_will_do = "<p>سنفعل</p>"
    consultation.save_revision().publish()
    assert announced(consultation, T0 + 2 * DAY) == ["report"]


# --- Participants without an account --------------------------------------------------------------


def test_participation_by_email_needs_the_editor_and_a_confirmed_address(
    mailoutbox, django_capture_on_commit_callbacks
):
    consultation = make_consultation()
    with pytest.raises(services.ConsultationError):
        services.invite_by_email(consultation, "visitor@example.org")
    consultation.open_to_unregistered = True
    consultation.save_revision().publish()
    consultation.refresh_from_db()
    with django_capture_on_commit_callbacks(execute=True):
        first = services.invite_by_email(consultation, "Visitor@Example.org")
        again = services.invite_by_email(consultation, "visitor@example.org")
    assert first.pk == again.pk
    assert len(mailoutbox) == 2
    link = next(
        line for line in mailoutbox[0].body.splitlines() if "/consultations/confirm/" in line
    )
    token = link.rstrip("/").rsplit("/", 1)[-1]
    confirmed = services.confirm_email(token)
    assert confirmed.pk == first.pk and confirmed.email_confirmed_at is not None
    assert services.confirm_email(token[:-2] + "xx") is None


def test_phase_kinds_have_a_purpose():
    for kind in PhaseKind:
        assert ConsultationPhase(kind=kind).purpose
    assert {status.value for status in ConsultationStatus} == {"upcoming", "open", "closed"}


@pytest.mark.parametrize(
    ("block_class", "value", "field"),
    [
        ("LinkBlock", {"title": "t", "description": "", "page": None, "url": ""}, "page"),
        (
            "VideoBlock",
            {"title": "t", "video": None, "captions": None, "link": "", "transcript": ""},
            "video",
        ),
    ],
)
def test_blocks_say_what_is_missing(block_class, value, field):
    from cms import blocks as cms_blocks

    block = getattr(cms_blocks, block_class)()
    with pytest.raises(blocks.StructBlockValidationError) as raised:
        block.clean(block.to_python(value))
    assert field in raised.value.block_errors


def test_addresses_of_participants_without_account_are_erased_after_the_retention(settings):
    settings.SHARIK_CONSULTATION_ADDRESS_RETENTION_DAYS = 30
    consultation = make_consultation(phases=CALENDAR, open_to_unregistered=True)
    still_open = make_consultation(
        phases={"questionnaire": (T0, T0 + 200 * DAY)}, open_to_unregistered=True
    )
    answered = Response.objects.create(
        consultation=consultation, email="visitor@example.org", submitted_at=T0 + 6 * DAY
    )
    Answer.objects.create(response=answered, question=Q_SINGLE, choice=C_A)
    other = Response.objects.create(consultation=still_open, email="other@example.org")
    closes = T0 + 20 * DAY
    assert services.forget_participant_addresses(closes + 29 * DAY) == 0
    assert services.forget_participant_addresses(closes + 30 * DAY) == 1
    answered.refresh_from_db()
    other.refresh_from_db()
    assert answered.email == "" and answered.is_submitted
    assert Answer.objects.filter(response=answered).exists()  # the answers stay, anonymous
    assert other.email == "other@example.org"
