"""The verbs of consultations: answer (saved as you go), submit, take part by email, publish a
quote, announce the phases, count the participants. One transaction each."""

from datetime import timedelta

from django.conf import settings
from django.core import signing
from django.core.mail import EmailMessage
from django.db import IntegrityError, connection, transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from consultations.counts import recount_key
from consultations.models import (
    Answer,
    ConsultationPage,
    ConsultationPhase,
    PhaseAnnouncement,
    PhaseKind,
    Response,
)
from consultations.results import results_changed
from consultations.tasks import announce_phase, refresh_participant_count
from participation.lookups import first_row, one_statement, rows, written, written_row
from participation.pagecache import pages_changed_on_commit
from participation.services import audit
from participation.tasks import (
    enqueue_recount,
    mark_recount_queued_sql,
    queue_email,
    queue_recount,
    recount_window,
)

EMAIL_CONFIRMATION_SALT = "consultations.participate-by-email"


class ConsultationError(Exception):
    """A refused action, with a message for the participant."""


# --- Answering --------------------------------------------------------------------------------


def response_of(consultation, participant):
    """``participant``'s response to ``consultation`` (the original page), or None: read on every
    save of the questionnaire, its SQL written once (participation/lookups.py)."""
    return first_row(Response, consultation=consultation.original.pk, participant=participant.pk)


def _response_for_update(
    consultation, participant=None, response_id=None, *, new_columns=None, look_first=True
):
    """The participant's response, created if needed (with ``new_columns``), locked for this
    transaction; returns it and whether this call created it.

    ``look_first=False``: the caller found none, so it is created first, without looking for it
    again. Two first saves racing (two tabs, a double click, autosave and submit together) meet
    on the unique constraint: the loser takes the winner's row, so there is one response. A
    response created here is this transaction's own until it commits: no other can lock or
    duplicate it meanwhile.
    """
    original = consultation.original
    if response_id is not None:
        locked = Response.objects.select_for_update()
        return locked.get(pk=response_id, consultation=original), False
    if look_first:
        response = first_row(
            Response, for_update=True, consultation=original.pk, participant=participant.pk
        )
        if response is not None:
            return response, False
    try:
        with transaction.atomic():  # a savepoint: the race's loser goes on in this transaction
            created = Response.objects.create(
                consultation=original,
                participant=participant,
                arrondissement_id=participant.arrondissement_id,
                **(new_columns or {}),
            )
        return created, True
    except IntegrityError:
        pass
    locked = Response.objects.select_for_update()
    return locked.get(consultation=original, participant=participant), False


def save_answers(
    consultation,
    answers,
    *,
    participant=None,
    response_id=None,
    submit=False,
    at_counter=None,
    recorded_by=None,
    first_save=False,
):
    """Record ``answers`` (question id → list of Answer rows, from the questionnaire form) for
    ``participant`` (or an email participant's response), replacing those questions' previous
    answers; ``submit`` makes the response count. Questions absent from ``answers`` keep theirs.

    ``at_counter`` (an arrondissement) and ``recorded_by`` (the agent) mark answers a counter
    agent recorded for the participant (counters/); a save without them (the participant's own,
    online) takes the marks away: they say who gave the answers as they stand.

    A new response is written whole, with its submission and marks, and has no answers to
    replace: a questionnaire answered in one go costs its insert and the answers'.
    ``first_save``: the caller found no response of ``participant``'s, so it is created without
    being looked for again; one saved meanwhile by a racing request is taken as usual.
    """
    now = timezone.now()
    if not consultation.questionnaire_is_open(now):
        raise ConsultationError(_("The questionnaire is closed: answers are no longer recorded."))
    marks = (getattr(at_counter, "pk", None), getattr(recorded_by, "pk", None))
    if first_save and participant is not None and connection.vendor == "postgresql":
        response = _first_save_in_one_statement(
            consultation, participant, answers, submit, marks, now
        )
        if response is not None:
            return response
        # a racing first save wrote the participant's response: save onto it, as usual
        first_save = False
    with transaction.atomic():
        response, created = _response_for_update(
            consultation,
            participant,
            response_id,
            new_columns={
                "at_counter_id": marks[0],
                "recorded_by_id": marks[1],
                "submitted_at": now if submit else None,
            },
            look_first=not first_save,
        )
        if not created:  # a new response has no answers to replace
            _replace_answers(response, answers)
        _insert_answers(response, [row for rows in answers.values() for row in rows])
        if created:
            newly_submitted = response.submitted_at is not None
        else:
            newly_submitted = _update_response(response, participant, marks, submit, now)
        if newly_submitted:
            schedule_participant_count(response.consultation_id)
    return response


def _first_save_in_one_statement(consultation, participant, answers, submit, marks, now):
    """On PostgreSQL, a participant's first save in one statement (atomic by itself, one round
    trip instead of seven): the response with its submission and marks, its answers, and when
    it is submitted the participants' recount marker (petitions/services.py signs the same way).
    Returns the response, or None when the participant already has one (a racing first save:
    nothing written)."""
    original = consultation.original
    rows = [row for question_rows in answers.values() for row in question_rows]
    submitted_at = now if submit else None
    quote = connection.ops.quote_name
    recount = (
        f", recount AS ({mark_recount_queued_sql(for_each_row_of='response')})" if submit else ""
    )
    with one_statement(), connection.cursor() as cursor:
        cursor.execute(
            f"""
            WITH response AS (
                INSERT INTO {quote(Response._meta.db_table)} (
                    consultation_id, participant_id, email, email_confirmed_at,
                    arrondissement_id, created_at, updated_at, submitted_at, at_counter_id,
                    recorded_by_id
                )
                VALUES (%s, %s, '', NULL, %s, %s, %s, %s, %s, %s)
                ON CONFLICT DO NOTHING
                RETURNING id
            ), answers AS ({_answers_insert_sql("response.id", "response, ")}){recount}
            SELECT (SELECT id FROM response),
                {"EXISTS (SELECT 1 FROM recount)" if submit else "false"}
            """,  # noqa: S608 (table names, not input)
            [
                original.pk,
                participant.pk,
                participant.arrondissement_id,
                now,
                now,
                submitted_at,
                *marks,
                *_answer_columns(rows),
                *([recount_key(original.pk), recount_window()] if submit else []),
            ],
        )
        pk, recount_marked = cursor.fetchone()
    if pk is None:
        return None
    if recount_marked:
        transaction.on_commit(lambda: enqueue_recount(refresh_participant_count, original.pk))
    return written_row(
        Response,
        pk=pk,
        consultation=original,
        participant=participant,
        arrondissement_id=participant.arrondissement_id,
        created_at=now,
        updated_at=now,
        submitted_at=submitted_at,
        at_counter_id=marks[0],
        recorded_by_id=marks[1],
    )


def _answers_insert_sql(response_id, source=""):
    """PostgreSQL's INSERT of a response's answers, given as arrays (``_answer_columns``):
    ``response_id`` is a parameter or a column of ``source`` (the response just inserted)."""
    return f"""
        INSERT INTO {connection.ops.quote_name(Answer._meta.db_table)} (
            response_id, question, choice, position, number, text, quote_published_at, read_at
        )
        SELECT {response_id}, answer.question, answer.choice, answer.position, answer.number,
            answer.text, NULL, NULL
        FROM {source}UNNEST(
            %s::varchar[], %s::varchar[], %s::smallint[], %s::smallint[], %s::text[]
        ) AS answer (question, choice, position, number, text)
    """  # noqa: S608 (a table name, not input)


def _answer_columns(rows):
    return (
        [row.question for row in rows],
        [row.choice for row in rows],
        [row.position for row in rows],
        [row.number for row in rows],
        [row.text for row in rows],
    )


def _insert_answers(response, rows):
    """The answers of ``response`` inserted: on PostgreSQL in one statement written once (the
    ORM's ``bulk_create`` compiled its insert on every save)."""
    if not rows:
        return
    if connection.vendor != "postgresql":
        for row in rows:
            row.response = response
        Answer.objects.bulk_create(rows)
        return
    sql = written(("insert answers",), lambda: _answers_insert_sql("%s"))
    with connection.cursor() as cursor:
        cursor.execute(sql, [response.pk, *_answer_columns(rows)])


def _replace_answers(response, answers):
    """Delete the stored answers of the questions in ``answers``, in one statement (the ORM's
    delete reads the rows first for its signals, which no receiver needs here). Answers show on
    public pages only as counted in the results and as published quotes
    (participation/pagecache.py ``NOT_SHOWN``): replacing a published quote takes it off the
    results and their pages now."""
    questions = list(answers)
    if not questions:
        return
    sql = written(("replace answers", len(questions)), lambda: _replace_answers_sql(len(questions)))
    with connection.cursor() as cursor:
        cursor.execute(sql, [response.pk, *questions])
        quoted = any(published is not None for (published,) in cursor.fetchall())
    if quoted:
        results_changed(response.consultation_id)
        pages_changed_on_commit()


def _replace_answers_sql(count):
    quote, field = connection.ops.quote_name, Answer._meta.get_field
    response, question, published = (
        quote(field(name).column) for name in ("response", "question", "quote_published_at")
    )
    return (
        f"DELETE FROM {quote(Answer._meta.db_table)} WHERE {response} = %s "  # noqa: S608
        f"AND {question} IN ({', '.join(['%s'] * count)}) RETURNING {published}"
    )


def _update_response(response, participant, marks, submit, now):
    """Save what changed of an existing response with its answers; whether it was submitted
    now."""
    fields = ["updated_at"]
    if participant is not None and response.arrondissement_id != participant.arrondissement_id:
        response.arrondissement_id = participant.arrondissement_id
        fields.append("arrondissement")
    if (response.at_counter_id, response.recorded_by_id) != marks:
        response.at_counter_id, response.recorded_by_id = marks
        fields.extend(["at_counter", "recorded_by"])
    newly_submitted = submit and response.submitted_at is None
    if newly_submitted:
        response.submitted_at = now
        fields.append("submitted_at")
    response.save(update_fields=fields)
    return newly_submitted


def answers_by_question(response):
    """The stored answers of ``response``, grouped by question id."""
    grouped = {}
    if response is None:
        return grouped
    for answer in rows(Answer, response=response.pk):
        grouped.setdefault(answer.question, []).append(answer)
    return grouped


# --- Participants without an account ---------------------------------------------------------


def invite_by_email(consultation, email, arrondissement=None):
    """Send ``email`` a link confirming the address; the response exists from now on, so a
    second request for the same address sends a new link to the same response."""
    original = consultation.original
    if not original.open_to_unregistered:
        raise ConsultationError(_("This consultation is open to registered residents only."))
    if not consultation.questionnaire_is_open():
        raise ConsultationError(_("The questionnaire is closed: answers are no longer recorded."))
    email = email.strip()
    with transaction.atomic():
        response = (
            Response.objects.filter(consultation=original, email__iexact=email)
            .select_for_update()
            .first()
        )
        if response is None:
            try:
                with transaction.atomic():
                    response = Response.objects.create(
                        consultation=original, email=email, arrondissement=arrondissement
                    )
            except IntegrityError:
                response = Response.objects.get(consultation=original, email__iexact=email)
        token = signing.dumps({"response": response.pk}, salt=EMAIL_CONFIRMATION_SALT)
        link = settings.SHARIK_SITE_URL + reverse("consultations:confirm", args=[token])
        context = {
            "consultation": consultation,
            "link": link,
            "days": settings.SHARIK_CONSULTATION_LINK_MAX_AGE // 86400,
        }
        message = EmailMessage(
            _("Confirm your participation in “%(title)s”") % {"title": consultation.title},
            render_to_string("consultations/email/confirm_participation.txt", context),
            settings.DEFAULT_FROM_EMAIL,
            [email],
        )
        queue_email(message)
    return response


def confirm_email(token):
    """The response a confirmation link opens, marked confirmed; None if the link is bad or
    older than the setting allows."""
    try:
        data = signing.loads(
            token,
            salt=EMAIL_CONFIRMATION_SALT,
            max_age=settings.SHARIK_CONSULTATION_LINK_MAX_AGE,
        )
    except signing.BadSignature:
        return None
    response = (
        Response.objects.select_related("consultation").filter(pk=data.get("response")).first()
    )
    if response is None or not response.email:
        return None
    if response.email_confirmed_at is None:
        response.email_confirmed_at = timezone.now()
        response.save(update_fields=["email_confirmed_at", "updated_at"])
    return response


def forget_participant_addresses(now=None):
    """Erase the email addresses of participants without an account once the questionnaire they
    answered closed more than ``SHARIK_CONSULTATION_ADDRESS_RETENTION_DAYS`` ago: the address
    only served to confirm the participation (law 09-08: kept no longer than needed). Their
    answers stay, anonymous. Returns how many addresses were erased."""
    now = now or timezone.now()
    limit = now - timedelta(days=settings.SHARIK_CONSULTATION_ADDRESS_RETENTION_DAYS)
    closed = ConsultationPhase.objects.filter(
        kind=PhaseKind.QUESTIONNAIRE, ends_at__lte=limit
    ).values("page_id")
    return (
        Response.objects.filter(consultation_id__in=closed)
        .exclude(email="")
        .update(email="", email_confirmed_at=None)
    )


# --- Counting ---------------------------------------------------------------------------------


def schedule_participant_count(consultation_id):
    """Queue a recount after commit unless one is queued: a burst of submissions is counted in
    a few passes (as petitions' signatures are)."""

    def queue():
        queue_recount(refresh_participant_count, recount_key(consultation_id), consultation_id)

    transaction.on_commit(queue)


# --- Quotes -----------------------------------------------------------------------------------


def publish_quote(moderator, answer):
    """Show a free-text answer among the results' selected quotes (anonymous)."""
    if not answer.text.strip():
        raise ConsultationError(_("Only a written answer can be published as a quote."))
    return _set_quote(moderator, answer, published=True)


def withdraw_quote(moderator, answer):
    return _set_quote(moderator, answer, published=False)


def _set_quote(moderator, answer, published):
    if (answer.quote_published_at is not None) != published:
        answer.quote_published_at = timezone.now() if published else None
        answer.save(update_fields=["quote_published_at"])
        results_changed(answer.response.consultation_id)
        pages_changed_on_commit()  # an answer's save alone moves nothing (NOT_SHOWN)
        audit(
            moderator,
            "consultation.publish_quote" if published else "consultation.withdraw_quote",
            answer.response.consultation,
            answer=answer.pk,
            question=answer.question,
        )
    return answer


# --- Phases -----------------------------------------------------------------------------------


def announce_open_phases(now=None):
    """Tell followers (and, for the report, participants) of each phase that has opened and is
    still open, once per phase date; returns the announcements made. Run every few minutes
    (``manage.py open_consultation_phases``).

    A report phase is announced once the report is written, even if its date came earlier.
    """
    now = now or timezone.now()
    announced = []
    consultations = ConsultationPage.objects.live().filter(opens_at__lte=now)
    for consultation in consultations.prefetch_related("phases"):
        if not consultation.is_original:
            continue
        for phase in consultation.phases.all():
            if phase.kind in (PhaseKind.INFORMATION,) or not phase.is_open(now):
                continue
            if phase.kind == PhaseKind.REPORT and not consultation.has_report:
                continue
            announcement, created = PhaseAnnouncement.objects.get_or_create(
                consultation=consultation, kind=phase.kind, starts_at=phase.starts_at
            )
            if created:
                transaction.on_commit(lambda pk=announcement.pk: announce_phase.enqueue(pk))
                announced.append(announcement)
    return announced


# --- Reading the written answers (the staff's queue) -------------------------------------------


def written_answers():
    """The written answers of submitted responses (free text, or what an "other" choice
    means): what staff read, one by one, from the queue of answers to read."""
    return Answer.objects.filter(response__submitted_at__isnull=False).exclude(text="")


@transaction.atomic
def mark_answers_read(staff_member, answer_ids):
    """Mark the written answers ``answer_ids`` read; those already read are left as they are
    (a second submit changes nothing). One audit entry per consultation, with the answers.
    Returns how many were marked now."""
    now = timezone.now()
    unread = written_answers().filter(pk__in=answer_ids, read_at__isnull=True)
    by_consultation = {}
    for pk, consultation_id in unread.values_list("pk", "response__consultation_id"):
        by_consultation.setdefault(consultation_id, []).append(pk)
    marked = Answer.objects.filter(
        pk__in=[pk for pks in by_consultation.values() for pk in pks], read_at__isnull=True
    ).update(read_at=now)
    for consultation in ConsultationPage.objects.filter(pk__in=by_consultation):
        answers = by_consultation[consultation.pk]
        audit(staff_member, "consultation.answers_read", consultation, answers=answers)
    return marked
