"""Access to information (law 31-13): the commune's public holidays, which decide the working
days every legal period is counted in (information/workdays.py); the requests, their steps,
clarifications, answers and complaints; the grounds for refusal and the departments staff keep;
and the publications the commune makes of its own accord."""

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from information import law
from information.workdays import WorkingDays
from participation.models import TranslatedTerm, TranslatedTermQuerySet, private_storage
from participation.national_id import decrypt_cin, mask_cin
from participation.workflow import TimelineEvent, Workflow


def commune_working_days():
    """The commune's working days as staff keep the holidays now (one query)."""
    return WorkingDays(PublicHoliday.objects.values_list("day", flat=True))


class HolidayKind(models.TextChoices):
    CIVIL = "civil", _("Civil (fixed date)")
    RELIGIOUS = "religious", _("Religious (Hijri calendar)")


class PublicHoliday(models.Model):
    """A day the commune's offices are closed, besides Saturdays and Sundays. Religious holidays
    follow the sighting of the moon: their dates are entered ahead as expected and confirmed by
    staff when announced; until then ``confirmed`` is false and the date is an estimate the
    deadlines already count with."""

    day = models.DateField(_("date"), unique=True)
    name = models.CharField(_("name"), max_length=120)
    kind = models.CharField(_("kind"), max_length=12, choices=HolidayKind.choices)
    confirmed = models.BooleanField(
        _("confirmed"),
        default=True,
        help_text=_("Untick for a religious holiday's expected date, until it is announced."),
    )

    class Meta:
        ordering = ["day"]
        verbose_name = _("public holiday")
        verbose_name_plural = _("public holidays")

    def __str__(self):
        return f"{self.day:%Y-%m-%d} {self.name}"


# --- Requests -----------------------------------------------------------------------------------


class DepartmentQuerySet(TranslatedTermQuerySet):
    def named(self, name):
        """The department (its default-locale row) called ``name`` in any language, or None."""
        key = (
            self.filter(name__iexact=name.strip()).values_list("translation_key", flat=True).first()
        )
        return self.canonical().filter(translation_key=key).first() if key else None


class Department(TranslatedTerm):
    """A department of the commune's administration: the requests it holds the information of
    are assigned to it, and its members handle them (and only them) in the admin; the plan's
    projects it is responsible for, whose progress its members report."""

    members = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("members"),
        blank=True,
        limit_choices_to={"is_staff": True},
        related_name="departments",
        help_text=_("Staff who handle the requests assigned to this department."),
    )

    objects = DepartmentQuerySet.as_manager()

    class Meta(TranslatedTerm.Meta):
        verbose_name = _("department")
        verbose_name_plural = _("departments")
        constraints = [
            models.UniqueConstraint(
                fields=["locale", "slug"], name="department_unique_slug_per_locale"
            ),
        ]


class RefusalGround(TranslatedTerm):
    """A ground on which the law lets the commune refuse information (law 31-13, art. 7), as
    staff keep the list; a refusal cites one, and the figures count refusals by ground."""

    article = models.CharField(
        _("article"), max_length=60, blank=True, help_text=_("E.g. “Law 31-13, art. 7”.")
    )

    class Meta(TranslatedTerm.Meta):
        verbose_name = _("ground for refusal")
        verbose_name_plural = _("grounds for refusal")
        constraints = [
            models.UniqueConstraint(
                fields=["locale", "slug"], name="refusal_ground_unique_slug_per_locale"
            ),
        ]


class Delivery(models.TextChoices):
    EMAIL = "email", _("By email")
    PAPER = "paper", _("On paper, collected at a counter of the commune")
    ON_SITE = "on_site", _("Consulted on site, at the commune")


class RequestStatus(models.TextChoices):
    RECEIVED = "received", _("Received")
    IN_PROGRESS = "in_progress", _("Being prepared")
    CLARIFICATION = "clarification", _("Waiting for the requester to clarify")
    ANSWERED = "answered", pgettext_lazy("status of an information request", "Answered")
    PARTLY_ANSWERED = "partly_answered", _("Partly answered")
    REFUSED = "refused", _("Refused")
    REDIRECTED = "redirected", _("Sent to the body that holds the information")
    WITHDRAWN = "withdrawn", _("Withdrawn by the requester")


# Requests the commune still owes an answer: their clock runs (or waits for a clarification).
OPEN_STATUSES = frozenset(
    {RequestStatus.RECEIVED, RequestStatus.IN_PROGRESS, RequestStatus.CLARIFICATION}
)
# Answers the requester may complain of (law 31-13, art. 19), besides a missed deadline.
CONTESTABLE_STATUSES = frozenset({RequestStatus.REFUSED, RequestStatus.PARTLY_ANSWERED})
# What counts as the commune's answer, for the clock and the figures.
ANSWERED_STATUSES = frozenset(
    {
        RequestStatus.ANSWERED,
        RequestStatus.PARTLY_ANSWERED,
        RequestStatus.REFUSED,
        RequestStatus.REDIRECTED,
    }
)

_S = RequestStatus
_ANSWERS = {
    _S.ANSWERED: "official",
    _S.PARTLY_ANSWERED: "official",
    _S.REFUSED: "official",
    _S.REDIRECTED: "official",
}
WORKFLOW = Workflow(
    RequestStatus,
    {
        _S.RECEIVED: {
            _S.IN_PROGRESS: "official",
            _S.CLARIFICATION: "official",
            **_ANSWERS,
            _S.WITHDRAWN: "requester",
        },
        _S.IN_PROGRESS: {_S.CLARIFICATION: "official", **_ANSWERS, _S.WITHDRAWN: "requester"},
        # The requester's clarification sends the request back to the department.
        _S.CLARIFICATION: {_S.IN_PROGRESS: "requester", _S.WITHDRAWN: "requester"},
        _S.ANSWERED: {},
        # After a complaint the head of the commune upholds, the commune answers in full.
        _S.PARTLY_ANSWERED: {_S.ANSWERED: "official"},
        _S.REFUSED: {_S.ANSWERED: "official", _S.PARTLY_ANSWERED: "official"},
        _S.REDIRECTED: {},
        _S.WITHDRAWN: {},
    },
    name="information",
    refusal=_("An information request cannot go from “%(old)s” to “%(new)s”."),
)


class InformationRequestQuerySet(models.QuerySet):
    def published(self):
        """The public register: answered requests their requester agreed to publish, and staff
        have not withdrawn from it."""
        return self.filter(published_at__isnull=False)

    def handled_by(self, user):
        """What ``user`` handles in the admin: every request for the access-to-information
        officers; for a department's members, the requests assigned to their department."""
        if user.has_perm("information.handle_request"):
            return self
        return self.filter(department__in=Department.objects.filter(members=user))

    def overdue(self, today):
        return self.filter(status__in=OPEN_STATUSES, due_on__lt=today)


class TrackingCounter(models.Model):
    """The last tracking number given under a prefix (``SALE-AI-2026-``): requests filed at the
    same instant take their numbers in turn, the row locked while each takes one."""

    prefix = models.CharField(max_length=40, unique=True)
    last = models.PositiveIntegerField(default=0)

    def __str__(self):
        return f"{self.prefix}{self.last:04d}"


class InformationRequest(models.Model):
    """A request for information under law 31-13, from the day the commune receives it to its
    answer, and the complaint that may follow.

    The requester's identity (art. 14: full name, CIN, address) is copied from their identity
    declaration at filing, the CIN encrypted as everywhere (docs/legal.md, "Law 09-08"); the
    officials handling the request see the name; nobody else sees any of it, and the public
    register shows the question and the answer only.

    ``due_on`` and ``first_period_ends_on`` are the clock's answers (information/law.py),
    stored so the queue sorts and filters by them, and worked out again at every step and when
    staff change the holidays (``refresh_clock``).
    """

    number = models.CharField(_("tracking number"), max_length=40, unique=True)
    requester = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("requester"),
        on_delete=models.PROTECT,
        related_name="information_requests",
    )
    subject = models.CharField(
        _("subject"), max_length=200, help_text=_("In a few words: what the request is about.")
    )
    information = models.TextField(
        _("information sought"),
        max_length=4000,
        help_text=_(
            "Describe the information or documents you want as precisely as you can: the subject, "
            "the period, the place. You do not have to say why you want them."
        ),
    )
    delivery = models.CharField(
        _("how you want to receive it"),
        max_length=10,
        choices=Delivery.choices,
        default=Delivery.EMAIL,
    )
    urgent = models.BooleanField(
        _("urgent"),
        default=False,
        help_text=_(
            "Only when the information is needed urgently to protect someone's life, safety or "
            "freedom: the answer is then due in 3 working days."
        ),
    )
    urgency_reason = models.TextField(_("why it is urgent"), max_length=1000, blank=True)
    # The identity the law asks for (art. 14), copied from the declaration at filing.
    requester_name = models.CharField(_("full name"), max_length=150, editable=False)
    cin_encrypted = models.TextField(editable=False)
    requester_address = models.CharField(_("address"), max_length=300, editable=False)

    status = models.CharField(
        _("status"),
        max_length=20,
        choices=RequestStatus.choices,
        default=RequestStatus.RECEIVED,
        db_index=True,
    )
    received_on = models.DateField(_("received on"))
    department = models.ForeignKey(
        Department,
        verbose_name=_("department"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    first_period_ends_on = models.DateField(_("first period ends on"), null=True, blank=True)
    due_on = models.DateField(_("answer due on"), null=True, blank=True, db_index=True)
    extended_on = models.DateField(_("extended on"), null=True, blank=True)
    extension_reason = models.TextField(_("reason for the extension"), blank=True)

    answered_on = models.DateField(_("answered on"), null=True, blank=True)
    answer = models.TextField(_("answer"), blank=True)
    refusal_ground = models.ForeignKey(
        RefusalGround,
        verbose_name=_("ground for refusal"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    redirected_to = models.CharField(
        _("body that holds the information"), max_length=200, blank=True
    )

    publication_agreed_at = models.DateTimeField(
        _("requester agreed to publish on"), null=True, blank=True
    )
    published_at = models.DateTimeField(_("in the public register since"), null=True, blank=True)
    unpublished_reason = models.CharField(
        _("why it was taken out of the register"), max_length=500, blank=True
    )

    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    # The form's one-time key: a double click files one request.
    submission = models.UUIDField(null=True, blank=True, editable=False)

    objects = InformationRequestQuerySet.as_manager()

    class Meta:
        verbose_name = _("information request")
        verbose_name_plural = _("information requests")
        ordering = ["-received_on", "-pk"]
        permissions = [
            ("handle_request", _("Can handle every access-to-information request")),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["requester", "submission"],
                condition=models.Q(submission__isnull=False),
                name="information_request_once_per_submission",
            ),
        ]

    def __str__(self):
        return f"{self.number} — {self.subject}"

    def get_absolute_url(self):
        return reverse("information:request", args=[self.pk])

    @property
    def title(self):  # the review page's breadcrumbs name content by its title
        return f"{self.number} — {self.subject}"

    @property
    def owner(self):
        return self.requester

    def entering(self, status):
        """Called by the workflow before a move is saved."""
        if status in ANSWERED_STATUSES:
            self.answered_on = timezone.localdate()

    # --- The clock (information/law.py) ------------------------------------------------------
    @property
    def is_open(self):
        return self.status in OPEN_STATUSES

    def clock(self):
        # A request not yet saved has not waited.
        waits = tuple((w.asked_on, w.answered_on) for w in self.waits.all()) if self.pk else ()
        return law.AnswerClock(
            received_on=self.received_on,
            urgent=self.urgent,
            extended=self.extended_on is not None,
            waits=waits,
        )

    def refresh_clock(self, working_days=None):
        """Work the stored dates out again (not saved)."""
        working_days = working_days or commune_working_days()
        clock = self.clock()
        self.first_period_ends_on = clock.first_period_ends(working_days)
        self.due_on = clock.due(working_days)

    def days_left(self, today=None, working_days=None):
        """Working days left to answer (negative when overdue), or None once answered or while
        the commune waits for the requester."""
        if not self.is_open or self.due_on is None:
            return None
        today = today or timezone.localdate()
        return law.working_days_left(self.due_on, today, working_days or commune_working_days())

    def is_overdue(self, today=None):
        today = today or timezone.localdate()
        return self.is_open and self.due_on is not None and self.due_on < today

    def may_extend(self, today=None, working_days=None):
        if self.status not in {RequestStatus.RECEIVED, RequestStatus.IN_PROGRESS}:
            return False
        return self.clock().may_extend(
            today or timezone.localdate(), working_days or commune_working_days()
        )

    # --- Complaints (law 31-13, arts. 19 and 20) ---------------------------------------------
    def complaint_opens_on(self, today=None):
        """The day the requester's right to complain started: the refusal or partial answer,
        or the day after the deadline passed unanswered; None while neither happened."""
        today = today or timezone.localdate()
        if self.status in CONTESTABLE_STATUSES:
            return self.answered_on
        if self.is_overdue(today):
            return self.due_on
        return None

    def complaint_deadline(self, today=None, working_days=None):
        opened = self.complaint_opens_on(today)
        if opened is None:
            return None
        return law.complaint_deadline(opened, working_days or commune_working_days())

    @property
    def masked_cin(self):
        return mask_cin(decrypt_cin(self.cin_encrypted))


class RequestStep(models.TextChoices):
    """Steps of a request that are not a change of status."""

    ASSIGNED = "assigned", _("Assigned to a department")
    EXTENDED = "extended", _("Period extended")
    PUBLICATION_AGREED = "published", _("Published in the register, as the requester agreed")
    UNPUBLISHED = "unpublished", _("Taken out of the register")
    COMPLAINT = "complaint", _("Complaint to the head of the commune")
    COMPLAINT_ANSWERED = "complaint_answered", _("The head of the commune answered the complaint")


class RequestEvent(TimelineEvent):
    """A step on a request's timeline: a change of status, or another step (``step``). The
    requester reads every step; ``is_public`` False marks a note for staff only."""

    request = models.ForeignKey(InformationRequest, on_delete=models.CASCADE, related_name="events")
    status = models.CharField(max_length=20, choices=RequestStatus.choices, blank=True)
    step = models.CharField(max_length=20, choices=RequestStep.choices, blank=True)

    class Meta(TimelineEvent.Meta):
        pass

    def __str__(self):
        return f"{self.request.number}: {self.status or self.step}"

    @property
    def label(self):
        return self.get_status_display() if self.status else self.get_step_display()


class ClarificationWait(models.Model):
    """The commune asked the requester to clarify: the clock stands still from ``asked_on``
    until ``answered_on`` (law 31-13, information/law.py ``AnswerClock.waits``)."""

    request = models.ForeignKey(InformationRequest, on_delete=models.CASCADE, related_name="waits")
    question = models.TextField(_("what the commune asked"))
    asked_on = models.DateField(_("asked on"))
    answer = models.TextField(_("the requester's clarification"), blank=True)
    answered_on = models.DateField(_("clarified on"), null=True, blank=True)

    class Meta:
        ordering = ["asked_on", "pk"]
        verbose_name = _("request for clarification")
        verbose_name_plural = _("requests for clarification")
        constraints = [
            models.UniqueConstraint(
                fields=["request"],
                condition=models.Q(answered_on__isnull=True),
                name="one_open_clarification_per_request",
            ),
        ]

    def __str__(self):
        return f"{self.request.number}: {self.asked_on}"


def answer_document_path(instance, filename):
    return f"information/{instance.request_id}/{filename}"


class AnswerDocument(models.Model):
    """A file the commune's answer gives: the requester reads it, and the public too once the
    request is in the register."""

    request = models.ForeignKey(
        InformationRequest, on_delete=models.CASCADE, related_name="documents"
    )
    file = models.FileField(
        _("file"), upload_to=answer_document_path, storage=private_storage, max_length=300
    )
    name = models.CharField(_("name"), max_length=200)
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["pk"]
        verbose_name = _("document of the answer")
        verbose_name_plural = _("documents of the answer")

    def __str__(self):
        return self.name


class ComplaintOutcome(models.TextChoices):
    UPHELD = "upheld", _("Upheld: the commune will give the information")
    REJECTED = "rejected", _("Rejected: the answer stands")


class Complaint(models.Model):
    """The requester's complaint to the head of the commune (law 31-13, art. 19), filed here;
    the head answers within ``head_due_on``. After it, the CDAI (art. 20) is outside the
    platform: the requester is shown the date by which to bring it there."""

    request = models.OneToOneField(
        InformationRequest, on_delete=models.CASCADE, related_name="complaint"
    )
    text = models.TextField(_("your complaint"), max_length=4000)
    filed_on = models.DateField(_("filed on"))
    head_due_on = models.DateField(_("the head of the commune answers by"))
    outcome = models.CharField(
        _("decision"), max_length=10, choices=ComplaintOutcome.choices, blank=True
    )
    answer = models.TextField(_("answer of the head of the commune"), blank=True)
    answered_on = models.DateField(_("answered on"), null=True, blank=True)

    class Meta:
        verbose_name = _("complaint")
        verbose_name_plural = _("complaints")

    def __str__(self):
        return f"{self.request.number}: {self.filed_on}"

    @property
    def is_answered(self):
        return self.answered_on is not None

    def cdai_deadline(self):
        """The last day to bring the matter to the CDAI (law 31-13, art. 20)."""
        return law.cdai_deadline(self.answered_on or self.head_due_on)


class PublicationKind(models.TextChoices):
    """What the commune publishes without being asked (law 31-13, art. 10)."""

    BUDGET = "budget", _("Budget and accounts")
    DELIBERATIONS = "deliberations", _("Council deliberations")
    PLANS = "plans", _("Plans and programmes")
    PROCEDURES = "procedures", _("Procedures and services")
    TENDERS = "tenders", _("Public procurement")
    REPORTS = "reports", _("Reports and studies")
    OTHER = "other", _("Other information")


class Publication(models.Model):
    """A document or page the commune publishes of its own accord (law 31-13, art. 10), listed
    on one page beside the register of answered requests."""

    kind = models.CharField(_("kind"), max_length=20, choices=PublicationKind.choices)
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), max_length=1000, blank=True)
    document = models.ForeignKey(
        "wagtaildocs.Document",
        verbose_name=_("document"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    link = models.URLField(_("or a link"), blank=True)
    published_on = models.DateField(_("published on"))

    class Meta:
        ordering = ["kind", "-published_on", "pk"]
        verbose_name = _("publication")
        verbose_name_plural = _("proactive publications")

    def __str__(self):
        return self.title

    @property
    def url(self):
        return self.document.url if self.document_id else self.link
