"""The verbs of information requests (law 31-13), one transaction each: the resident files,
clarifies, withdraws, agrees to publish and complains; the commune's officers assign, ask for a
clarification, extend, answer, refuse, redirect and answer complaints. The moves are
models.WORKFLOW's; the periods are information/law.py's, counted by information/workdays.py.

Every step is on the request's timeline; every step staff take is in the audit log; the
requester is told of each one in their language, by notification and by email whatever their
notification settings, since the law makes these messages the commune's duty
(``_tell_requester``).
"""

from django.conf import settings
from django.core.mail import EmailMessage
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from information import law
from information.models import (
    OPEN_STATUSES,
    WORKFLOW,
    AnswerDocument,
    ClarificationWait,
    Complaint,
    ComplaintOutcome,
    InformationRequest,
    RequestStatus,
    RequestStep,
    TrackingCounter,
    commune_working_days,
)
from participation.models import IdentityDeclaration, Notification, NotificationCategory
from participation.notifications import in_language
from participation.services import ParticipationError, audit
from participation.tasks import queue_email
from participation.workflow import required_reason


def _date(day):
    return date_format(day, "DATE_FORMAT") if day else ""


def _tell_requester(request, write_message):
    """Tell the requester of a step: a notification in their centre and an email, both in
    their language. The email leaves whatever the requester's notification settings say: the
    law has the commune tell them (of the receipt, an extension and its reason, an answer, a
    refusal and its ground), and the message is the record that it did."""
    requester = request.requester
    language = requester.preferred_language
    with translation.override(language):
        message = str(write_message())
        url = in_language(request.get_absolute_url(), language)
        subject = f"[{_('Sharik')}] {request.number} — {request.subject}"
        body = render_to_string(
            "information/email/step.txt",
            {
                "requester": requester,
                "request": request,
                "message": message,
                "link": f"{settings.SHARIK_SITE_URL}{url}",
                "site_url": settings.SHARIK_SITE_URL,
            },
        )
    Notification.objects.create(
        recipient=requester,
        category=NotificationCategory.FOLLOWED_ACTIVITY,
        message=message[:500],
        url=url,
        emailed_at=timezone.now() if requester.email else None,
    )
    if requester.email:
        queue_email(EmailMessage(subject, body, settings.DEFAULT_FROM_EMAIL, [requester.email]))


def _locked(request):
    return InformationRequest.objects.select_for_update().get(pk=request.pk)


def _step(request, step, actor, text=""):
    return request.events.create(step=step, text=text, actor=actor)


def _save_clock(request, working_days=None):
    request.refresh_clock(working_days)
    request.save(update_fields=["first_period_ends_on", "due_on", "updated_at"])


# --- The resident ---------------------------------------------------------------------------


def _next_number(year):
    """The next tracking number of ``year``, taken in the caller's transaction: the counter's
    row stays locked until it commits, so requests filed at once get numbers in turn."""
    prefix = f"{settings.SHARIK_INFORMATION_REQUEST_PREFIX}-{year}-"
    if not TrackingCounter.objects.filter(prefix=prefix).exists():
        # The first of the year (or of a new prefix): start after any number already given.
        last = (
            InformationRequest.objects.filter(number__startswith=prefix)
            .order_by("-number")
            .values_list("number", flat=True)
            .first()
        )
        TrackingCounter.objects.get_or_create(
            prefix=prefix, defaults={"last": int(last.removeprefix(prefix)) if last else 0}
        )
    counter = TrackingCounter.objects.select_for_update().get(prefix=prefix)
    counter.last += 1
    counter.save(update_fields=["last"])
    return f"{prefix}{counter.last:04d}"


def file_request(
    requester, *, subject, information, delivery, urgent, urgency_reason="", submission=None
):
    """File a request: the identity the law asks for (art. 14) is copied from the requester's
    declaration, the request gets its tracking number and its due date, and the requester the
    acknowledgement. A second sending of the same form (``submission``) returns the first
    request."""
    if submission is not None:
        filed = InformationRequest.objects.filter(
            requester=requester, submission=submission
        ).first()
        if filed is not None:
            return filed
    declaration = IdentityDeclaration.objects.filter(user=requester).first()
    if declaration is None:
        raise ParticipationError(
            _("The law asks for your full name, address and ID number: declare them first.")
        )
    if urgent and not urgency_reason.strip():
        raise ParticipationError(_("Say why the information is urgent."))
    for _attempt in range(5):
        try:
            with transaction.atomic():
                return _file(
                    requester,
                    declaration,
                    subject=subject.strip(),
                    information=information.strip(),
                    delivery=delivery,
                    urgent=urgent,
                    urgency_reason=urgency_reason.strip() if urgent else "",
                    submission=submission,
                )
        except IntegrityError:
            # The same form sent twice at once: the other sending filed it.
            if submission is not None:
                filed = InformationRequest.objects.filter(
                    requester=requester, submission=submission
                ).first()
                if filed is not None:
                    return filed
            continue  # two requests filed at once took the same number: take the next
    raise ParticipationError(_("The request could not be filed; please try again."))


def _file(requester, declaration, **fields):
    today = timezone.localdate()
    request = InformationRequest(
        requester=requester,
        requester_name=declaration.full_name,
        cin_encrypted=declaration.cin_encrypted,
        requester_address=declaration.address,
        received_on=today,
        number=_next_number(today.year),
        **fields,
    )
    request.refresh_clock()
    request.save()
    request.events.create(status=RequestStatus.RECEIVED, actor=requester)
    _tell_requester(
        request,
        lambda: (
            _(
                "Your information request %(number)s is received. The commune answers by "
                "%(due)s at the latest (law 31-13)."
            )
            % {"number": request.number, "due": _date(request.due_on)}
        ),
    )
    return request


@transaction.atomic
def clarify(requester, request, answer):
    """The requester answers the commune's question: the clock runs again from tomorrow."""
    request = _locked(request)
    answer = required_reason(answer, _("Write your clarification."))
    wait = request.waits.filter(answered_on__isnull=True).first()
    if wait is not None:
        wait.answer = answer
        wait.answered_on = timezone.localdate()
        wait.save(update_fields=["answer", "answered_on"])
    WORKFLOW.transition(request, RequestStatus.IN_PROGRESS, requester, answer)
    _save_clock(request)
    _tell_requester(
        request,
        lambda: (
            _("Your clarification is received. The commune answers by %(due)s.")
            % {"due": _date(request.due_on)}
        ),
    )
    return request


@transaction.atomic
def withdraw(requester, request):
    request = _locked(request)
    WORKFLOW.transition(request, RequestStatus.WITHDRAWN, requester)
    return request


@transaction.atomic
def agree_to_publish(requester, request):
    """The requester agrees that the question and the answer, without anything about them,
    go into the public register. Idempotent."""
    request = _locked(request)
    if request.published_at is not None:
        return request
    if request.status not in {RequestStatus.ANSWERED, RequestStatus.PARTLY_ANSWERED}:
        raise ParticipationError(_("Only an answered request can be published."))
    now = timezone.now()
    request.publication_agreed_at = now
    request.published_at = now
    request.unpublished_reason = ""
    request.save(update_fields=["publication_agreed_at", "published_at", "unpublished_reason"])
    _step(request, RequestStep.PUBLICATION_AGREED, requester)
    return request


@transaction.atomic
def complain(requester, request, text):
    """The requester's complaint to the head of the commune (law 31-13, art. 19), who answers
    within its own period. One complaint per request."""
    request = _locked(request)
    text = required_reason(text, _("Write your complaint."))
    deadline = request.complaint_deadline()
    today = timezone.localdate()
    if deadline is None or today > deadline:
        raise ParticipationError(_("The time to complain about this request is over."))
    working_days = commune_working_days()
    complaint, created = Complaint.objects.get_or_create(
        request=request,
        defaults={
            "text": text,
            "filed_on": today,
            "head_due_on": law.head_answer_due(today, working_days),
        },
    )
    if not created:
        return complaint
    _step(request, RequestStep.COMPLAINT, requester, text)
    _tell_requester(
        request,
        lambda: (
            _(
                "Your complaint about request %(number)s is received. The head of the commune "
                "answers by %(due)s."
            )
            % {"number": request.number, "due": _date(complaint.head_due_on)}
        ),
    )
    return complaint


# --- The commune's officers -------------------------------------------------------------------


@transaction.atomic
def assign(official, request, department):
    request = _locked(request)
    if request.status not in OPEN_STATUSES:
        raise ParticipationError(_("This request is closed."))
    request.department = department
    request.save(update_fields=["department", "updated_at"])
    if request.status == RequestStatus.RECEIVED:
        WORKFLOW.transition(request, RequestStatus.IN_PROGRESS, official)
    _step(request, RequestStep.ASSIGNED, official, department.name)
    audit(official, "information.assign", request, department=department.slug)
    _tell_requester(
        request,
        lambda: (
            _("Your request %(number)s is being prepared by: %(department)s.")
            % {"number": request.number, "department": department.localized_name}
        ),
    )
    return request


@transaction.atomic
def ask_clarification(official, request, question):
    """Ask the requester to make the request clearer: the clock stands still until they
    answer (information/law.py, ``AnswerClock.waits``)."""
    request = _locked(request)
    question = required_reason(question, _("Write what the requester should clarify."))
    WORKFLOW.check(request, RequestStatus.CLARIFICATION)
    ClarificationWait.objects.create(
        request=request, question=question, asked_on=timezone.localdate()
    )
    WORKFLOW.transition(request, RequestStatus.CLARIFICATION, official, question)
    _save_clock(request)
    audit(official, "information.clarification", request, question)
    _tell_requester(
        request,
        lambda: (
            _(
                "The commune asks you to clarify request %(number)s: %(question)s — The period "
                "to answer stands still until you reply."
            )
            % {"number": request.number, "question": question}
        ),
    )
    return request


@transaction.atomic
def extend(official, request, reason):
    """Take the one extension (law 31-13, art. 16; art. 17 when urgent), telling the requester
    why, on the last day of the first period at the latest."""
    request = _locked(request)
    reason = required_reason(reason, _("The requester must be told why the period is extended."))
    if not request.may_extend():
        raise ParticipationError(
            _("The period can be extended once, before the first period ends.")
        )
    request.extended_on = timezone.localdate()
    request.extension_reason = reason
    request.refresh_clock()
    request.save()
    _step(request, RequestStep.EXTENDED, official, reason)
    audit(official, "information.extend", request, reason, due_on=str(request.due_on))
    _tell_requester(
        request,
        lambda: (
            _(
                "The commune extends the period to answer request %(number)s to %(due)s, because: "
                "%(reason)s"
            )
            % {"number": request.number, "due": _date(request.due_on), "reason": reason}
        ),
    )
    return request


@transaction.atomic
def answer(official, request, text, files=(), *, partly=False):
    """Answer in full, or partly (the rest refused in ``text``), with files. After a complaint
    the head upheld, the commune answers a refused or partly answered request this way."""
    request = _locked(request)
    text = required_reason(text, _("Write the answer."))
    status = RequestStatus.PARTLY_ANSWERED if partly else RequestStatus.ANSWERED
    WORKFLOW.check(request, status)
    request.answer = text
    WORKFLOW.transition(request, status, official, text)
    for upload in files:
        AnswerDocument.objects.create(
            request=request, file=upload, name=getattr(upload, "original_name", upload.name)[:200]
        )
    audit(official, f"information.{status}", request, files=len(files))
    _tell_requester(
        request,
        lambda: (
            (
                _("The commune partly answered your request %(number)s.")
                if partly
                else _("The commune answered your request %(number)s.")
            )
            % {"number": request.number}
        ),
    )
    return request


@transaction.atomic
def refuse(official, request, ground, text):
    """Refuse, citing the legal exception (law 31-13, art. 7); the requester is told the
    ground and by when they may complain."""
    request = _locked(request)
    text = required_reason(text, _("Explain the refusal to the requester."))
    WORKFLOW.check(request, RequestStatus.REFUSED)
    request.refusal_ground = ground
    request.answer = text
    WORKFLOW.transition(request, RequestStatus.REFUSED, official, text)
    audit(official, "information.refuse", request, text, ground=ground.slug)
    _tell_requester(
        request,
        lambda: (
            _(
                "The commune refused request %(number)s on the ground: %(ground)s. You may "
                "complain to the head of the commune until %(deadline)s."
            )
            % {
                "number": request.number,
                "ground": ground.localized_name,
                "deadline": _date(request.complaint_deadline()),
            }
        ),
    )
    return request


@transaction.atomic
def redirect(official, request, body, text):
    """The commune does not hold the information: the request goes to the body that does,
    and the requester is told which."""
    request = _locked(request)
    body = required_reason(body, _("Name the body that holds the information."))
    WORKFLOW.check(request, RequestStatus.REDIRECTED)
    request.redirected_to = body
    request.answer = text.strip()
    WORKFLOW.transition(request, RequestStatus.REDIRECTED, official, request.answer)
    audit(official, "information.redirect", request, body=body)
    _tell_requester(
        request,
        lambda: (
            _(
                "The information of request %(number)s is held by another body: %(body)s. The "
                "commune sent your request there."
            )
            % {"number": request.number, "body": body}
        ),
    )
    return request


@transaction.atomic
def answer_complaint(official, request, outcome, text):
    """The head of the commune's answer to the complaint (art. 19); the requester is told,
    and after a rejection, by when they may go to the CDAI (art. 20)."""
    request = _locked(request)
    text = required_reason(text, _("Write the answer to the complaint."))
    complaint = request.complaint
    if complaint.is_answered:
        raise ParticipationError(_("This complaint is already answered."))
    complaint.outcome = outcome
    complaint.answer = text
    complaint.answered_on = timezone.localdate()
    complaint.save()
    _step(request, RequestStep.COMPLAINT_ANSWERED, official, text)
    audit(official, "information.complaint_answer", request, text, outcome=outcome)

    def message():
        if outcome == ComplaintOutcome.UPHELD:
            return _(
                "The head of the commune upheld your complaint about request %(number)s: the "
                "commune will give you the information."
            ) % {"number": request.number}
        return _(
            "The head of the commune rejected your complaint about request %(number)s. You may "
            "bring it to the Commission for the right of access to information (CDAI) until "
            "%(deadline)s."
        ) % {"number": request.number, "deadline": _date(complaint.cdai_deadline())}

    _tell_requester(request, message)
    return complaint


@transaction.atomic
def unpublish(official, request, reason):
    """Take a request out of the public register (something personal slipped into it)."""
    request = _locked(request)
    reason = required_reason(reason, _("Say why it leaves the register."))
    request.published_at = None
    request.unpublished_reason = reason
    request.save(update_fields=["published_at", "unpublished_reason", "updated_at"])
    _step(request, RequestStep.UNPUBLISHED, official, reason)
    audit(official, "information.unpublish", request, reason)
    _tell_requester(
        request,
        lambda: (
            _("Request %(number)s was taken out of the public register: %(reason)s")
            % {"number": request.number, "reason": reason}
        ),
    )
    return request


def refresh_open_clocks():
    """Work out again the due dates of every request still open: staff changed the holidays,
    and the law counts the days as they turn out (information/workdays.py)."""
    working_days = commune_working_days()
    changed = []
    for request in InformationRequest.objects.filter(status__in=OPEN_STATUSES).prefetch_related(
        "waits"
    ):
        before = (request.first_period_ends_on, request.due_on)
        request.refresh_clock(working_days)
        if (request.first_period_ends_on, request.due_on) != before:
            changed.append(request)
    InformationRequest.objects.bulk_update(changed, ["first_period_ends_on", "due_on"])
    return len(changed)
