"""Consultations: Wagtail pages with a calendar of phases, a questionnaire, a live debate, results
and a final report.

A consultation exists in several languages as translated pages sharing a translation key. The
first of them (the original, usually Arabic) is *the* consultation: it owns the responses, the
debate, the followers and the calendar, so a resident answering in French and another in Arabic
take part in one consultation, counted once. Translations give the wording.
"""

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.db.models.functions import Lower
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from modelcluster.contrib.taggit import ClusterTaggableManager
from modelcluster.fields import ParentalKey, ParentalManyToManyField
from taggit.models import TaggedItemBase
from wagtail.admin.panels import (
    FieldPanel,
    FieldRowPanel,
    HelpPanel,
    InlinePanel,
    MultiFieldPanel,
    ObjectList,
    TabbedInterface,
)
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Orderable, Page
from wagtail.search import index

from cms.blocks import BodyBlock
from consultations.questions import QuestionnaireBlock, read_questions
from participation.arabic import SearchableText
from participation.hosts import TranslatedPageHost
from participation.models import Arrondissement, counter_marks
from participation.text import listed


class PhaseKind(models.TextChoices):
    INFORMATION = "information", _("Information")
    DEBATE = "debate", _("Debate")
    QUESTIONNAIRE = "questionnaire", _("Questionnaire")
    RESULTS = "results", _("Results")
    REPORT = "report", pgettext_lazy("consultation phase", "Report")


# What residents do in each phase, said once for the calendar.
PHASE_PURPOSE = {
    PhaseKind.INFORMATION: _("Read the documents and ask questions."),
    PhaseKind.DEBATE: _("Discuss the proposals with other residents and the council."),
    PhaseKind.QUESTIONNAIRE: _(
        "Answer the questionnaire; you may change your answers until it closes."
    ),
    PhaseKind.RESULTS: _("See what residents answered."),
    PhaseKind.REPORT: _("Read what the council will do with what you said."),
}

# Phases during which residents take part; the consultation is "open" while one of them is.
PARTICIPATION_PHASES = (PhaseKind.INFORMATION, PhaseKind.DEBATE, PhaseKind.QUESTIONNAIRE)


class ConsultationStatus(models.TextChoices):
    UPCOMING = "upcoming", _("Upcoming")
    OPEN = "open", pgettext_lazy("consultation status", "Open")
    CLOSED = "closed", _("Closed")


class ConsultationIndexPage(Page):
    """Lists the consultations of one language, open first."""

    introduction = models.TextField(_("introduction"), max_length=600, blank=True)

    content_panels = [*Page.content_panels, FieldPanel("introduction")]
    parent_page_types = ["cms.HomePage"]
    subpage_types = ["consultations.ConsultationPage"]
    max_count_per_parent = 1

    class Meta:
        verbose_name = _("consultations index")
        verbose_name_plural = _("consultations indexes")

    def get_context(self, request, *args, **kwargs):
        from consultations.views import consultation_listing

        context = super().get_context(request, *args, **kwargs)
        context.update(consultation_listing(request, self))
        return context


class ConsultationPageTag(TaggedItemBase):
    content_object = ParentalKey(
        "consultations.ConsultationPage", on_delete=models.CASCADE, related_name="tagged_items"
    )


class ConsultationPage(SearchableText, RoutablePageMixin, TranslatedPageHost, Page):
    """One consultation: what it is about, its calendar, its questionnaire, its debate, its
    results and the council's report."""

    summary = models.TextField(
        _("summary"),
        max_length=600,
        help_text=_("What the council asks residents, in two or three sentences."),
    )
    body = StreamField(BodyBlock(), verbose_name=_("body"), blank=True)
    arrondissements = ParentalManyToManyField(
        Arrondissement,
        verbose_name=_("arrondissements concerned"),
        blank=True,
        related_name="+",
        limit_choices_to={"locale__language_code": settings.LANGUAGE_CODE},
        help_text=_("Leave empty when the whole commune is concerned."),
    )
    tags = ClusterTaggableManager(verbose_name=_("tags"), through=ConsultationPageTag, blank=True)
    questionnaire = StreamField(QuestionnaireBlock(), verbose_name=_("questionnaire"), blank=True)
    results_immediately = models.BooleanField(
        _("show results as answers arrive"),
        default=False,
        help_text=_("Otherwise results are shown when the results phase opens."),
    )
    open_to_unregistered = models.BooleanField(
        _("open to participants without an account"),
        default=False,
        help_text=_("They answer after confirming their email address; each address answers once."),
    )
    report_what_you_said = RichTextField(
        _("what you said"),
        blank=True,
        features=["h3", "bold", "italic", "link", "ol", "ul"],
        help_text=_("The main points residents made, in the council's words."),
    )
    report_what_we_will_do = RichTextField(
        _("what we will do"),
        blank=True,
        features=["h3", "bold", "italic", "link", "document-link", "ol", "ul"],
        help_text=_("The council's decisions and commitments after the consultation."),
    )
    # The calendar's bounds, kept from the phases (see clean()) so lists filter in the database.
    opens_at = models.DateTimeField(_("opens at"), null=True, editable=False)
    closes_at = models.DateTimeField(_("closes at"), null=True, editable=False)

    content_panels = [
        *Page.content_panels,
        FieldPanel("summary"),
        FieldPanel("body"),
        FieldPanel("arrondissements", widget=forms.CheckboxSelectMultiple),
        FieldPanel("tags"),
    ]
    calendar_panels = [
        HelpPanel(
            content=_(
                "The calendar of the original version applies to every translation. Phases may "
                "overlap: a debate often runs during the questionnaire."
            )
        ),
        InlinePanel("phases", label=_("Phases"), min_num=1),
    ]
    questionnaire_panels = [
        FieldPanel("questionnaire"),
        MultiFieldPanel(
            [
                FieldRowPanel(
                    [FieldPanel("results_immediately"), FieldPanel("open_to_unregistered")]
                )
            ],
            heading=_("Answers and results"),
        ),
    ]
    report_panels = [FieldPanel("report_what_you_said"), FieldPanel("report_what_we_will_do")]
    edit_handler = TabbedInterface(
        [
            ObjectList(content_panels, heading=_("Content")),
            ObjectList(calendar_panels, heading=_("Calendar")),
            ObjectList(questionnaire_panels, heading=_("Questionnaire")),
            ObjectList(report_panels, heading=pgettext_lazy("consultation phase", "Report")),
            ObjectList(Page.promote_panels, heading=_("Promote")),
            ObjectList(Page.settings_panels, heading=_("Settings")),
        ]
    )
    search_fields = [
        *Page.search_fields,
        index.SearchField("summary"),
        index.SearchField("body"),
        index.SearchField("search_text"),
    ]
    searchable_fields = ("title", "summary", "body")
    parent_page_types = ["consultations.ConsultationIndexPage"]
    subpage_types = []

    class Meta:
        verbose_name = _("consultation")
        verbose_name_plural = _("consultations")

    # The first version (``original``, from TranslatedPageHost) owns the responses, the debate,
    # the followers and the calendar.

    # --- Calendar ----------------------------------------------------------------------------
    def clean(self):
        super().clean()
        kinds = [phase.kind for phase in self.phases.all()]
        duplicated = {kind for kind in kinds if kinds.count(kind) > 1}
        if duplicated:
            raise ValidationError(
                _("Each phase appears once in the calendar: %(phases)s twice.")
                % {"phases": listed(PhaseKind(kind).label for kind in sorted(duplicated))}
            )
        phases = [phase for phase in self.phases.all() if phase.starts_at and phase.ends_at]
        self.opens_at = min((phase.starts_at for phase in phases), default=None)
        participation = [phase for phase in phases if phase.kind in PARTICIPATION_PHASES]
        self.closes_at = max((phase.ends_at for phase in participation or phases), default=None)

    @cached_property
    def calendar(self):
        """The phases of the original version, in order."""
        return list(self.original.phases.all())

    def phase(self, kind):
        """The ``kind`` phase of the calendar, if there is one."""
        return next((phase for phase in self.calendar if phase.kind == kind), None)

    def phase_is_open(self, kind, now=None):
        phase = self.phase(kind)
        return phase is not None and phase.is_open(now)

    def phase_has_started(self, kind, now=None):
        phase = self.phase(kind)
        return phase is not None and phase.has_started(now)

    def status(self, now=None):
        now = now or timezone.now()
        original = self.original
        if original.opens_at is None or now < original.opens_at:
            return ConsultationStatus.UPCOMING
        if original.closes_at is not None and now >= original.closes_at:
            return ConsultationStatus.CLOSED
        return ConsultationStatus.OPEN

    def get_status_display(self):
        return self.status().label

    # --- What residents may do now -----------------------------------------------------------
    def questionnaire_is_open(self, now=None):
        return bool(self.questions) and self.phase_is_open(PhaseKind.QUESTIONNAIRE, now)

    def results_are_public(self, now=None):
        if not self.questions:
            return False
        original = self.original
        if original.results_immediately and original.phase_has_started(
            PhaseKind.QUESTIONNAIRE, now
        ):
            return True
        return original.phase_has_started(PhaseKind.RESULTS, now) or original.phase_has_started(
            PhaseKind.REPORT, now
        )

    def report_is_public(self, now=None):
        return self.has_report and self.phase_has_started(PhaseKind.REPORT, now)

    @property
    def has_report(self):
        return bool(self.report_what_you_said.strip() or self.report_what_we_will_do.strip())

    @cached_property
    def questions(self):
        return read_questions(self.questionnaire)

    # --- Participation core ------------------------------------------------------------------
    def comments_are_open(self):
        return self.phase_is_open(PhaseKind.DEBATE)

    # --- Routes: the questionnaire, the results and the report live under the page ------------
    # Served by consultations/views.py, which imports these models: imported when a page is
    # served, not when the models load.
    @path("")
    def overview(self, request):
        from consultations import views

        return views.consultation_page(request, self)

    @path("questionnaire/")
    def questionnaire_route(self, request):
        from consultations import views

        return views.questionnaire(request, self)

    @path("results/")
    def results_route(self, request):
        from consultations import views

        return views.results(request, self)

    @path("results/csv/")
    def results_csv_route(self, request):
        from consultations import views

        return views.results_csv(request, self)

    @path("report/")
    def report_route(self, request):
        from consultations import views

        return views.report(request, self)

    @path("participate/")
    def participate_route(self, request):
        from consultations import views

        return views.participate_by_email(request, self)


class ConsultationPhase(Orderable):
    page = ParentalKey(ConsultationPage, on_delete=models.CASCADE, related_name="phases")
    kind = models.CharField(_("phase"), max_length=20, choices=PhaseKind.choices)
    starts_at = models.DateTimeField(_("starts"))
    ends_at = models.DateTimeField(
        _("ends"), help_text=_("Results and report phases: until when they are highlighted.")
    )
    description = models.CharField(
        _("what happens"),
        max_length=300,
        blank=True,
        help_text=_("Optional, shown in the calendar."),
    )

    panels = [
        FieldRowPanel([FieldPanel("kind"), FieldPanel("starts_at"), FieldPanel("ends_at")]),
        FieldPanel("description"),
    ]

    class Meta(Orderable.Meta):
        verbose_name = _("phase")
        verbose_name_plural = _("phases")

    def clean(self):
        if self.starts_at and self.ends_at and self.ends_at <= self.starts_at:
            raise ValidationError({"ends_at": _("A phase ends after it starts.")})

    def is_open(self, now=None):
        now = now or timezone.now()
        return self.starts_at <= now < self.ends_at

    def has_started(self, now=None):
        return self.starts_at <= (now or timezone.now())

    def has_ended(self, now=None):
        return self.ends_at <= (now or timezone.now())

    @property
    def purpose(self):
        return PHASE_PURPOSE[PhaseKind(self.kind)]


class PhaseAnnouncement(models.Model):
    """A phase opening that followers were told of. Kept apart from the page so that publishing
    a new revision of the page never announces a phase twice; a phase moved to a new date is
    announced again."""

    consultation = models.ForeignKey(
        ConsultationPage, on_delete=models.CASCADE, related_name="announcements"
    )
    kind = models.CharField(max_length=20, choices=PhaseKind.choices)
    starts_at = models.DateTimeField()
    announced_at = models.DateTimeField(auto_now_add=True)
    recipients = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["consultation", "kind", "starts_at"], name="phase_announced_once"
            )
        ]

    def __str__(self):
        return f"{self.consultation_id}: {self.kind} {self.starts_at:%Y-%m-%d %H:%M}"


class ConsultationTally(models.Model):
    """Counters of a consultation, kept outside the page so that a page revision never rolls
    them back; recounted in the background after answers change (docs/architecture.md,
    "Counting")."""

    consultation = models.OneToOneField(
        ConsultationPage, on_delete=models.CASCADE, primary_key=True, related_name="tally"
    )
    participant_count = models.PositiveIntegerField(default=0)
    updated_at = models.DateTimeField(auto_now=True)

    def __str__(self):
        return f"{self.consultation_id}: {self.participant_count}"


class ResponseQuerySet(models.QuerySet):
    def submitted(self):
        return self.filter(submitted_at__isnull=False)


class Response(models.Model):
    """One participant's answers to one consultation: saved as they go, counted once submitted,
    changeable until the questionnaire closes."""

    consultation = models.ForeignKey(
        ConsultationPage,
        verbose_name=_("consultation"),
        on_delete=models.CASCADE,
        related_name="responses",
    )
    participant = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("participant"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="consultation_responses",
    )
    # Participants without an account (when the editor allows it) are known by a confirmed
    # address only; it is never shown or exported.
    email = models.EmailField(_("email address"), blank=True)
    email_confirmed_at = models.DateTimeField(null=True, blank=True)
    arrondissement = models.ForeignKey(
        Arrondissement,
        verbose_name=_("arrondissement"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)
    # Answers a counter agent recorded for the resident (counters/): where and by whom. The last
    # save decides: answers changed online afterwards are the resident's own again.
    at_counter, recorded_by = counter_marks(_("answered at the counter of"))

    objects = ResponseQuerySet.as_manager()

    class Meta:
        verbose_name = _("response")
        verbose_name_plural = _("responses")
        constraints = [
            models.UniqueConstraint(
                fields=["consultation", "participant"],
                condition=Q(participant__isnull=False),
                name="one_response_per_resident",
            ),
            models.UniqueConstraint(
                "consultation",
                Lower("email"),
                condition=~Q(email=""),
                name="one_response_per_email",
            ),
        ]
        indexes = [models.Index(fields=["consultation", "submitted_at"])]

    def __str__(self):
        return f"{self.consultation_id}/{self.pk}"

    @property
    def is_submitted(self):
        return self.submitted_at is not None


class Answer(models.Model):
    """One answer to one question; a multiple choice or a ranking is one row per chosen item."""

    response = models.ForeignKey(Response, on_delete=models.CASCADE, related_name="answers")
    question = models.CharField(max_length=64)  # the question block's id
    choice = models.CharField(max_length=64, blank=True)  # a choice id, or "other"
    position = models.PositiveSmallIntegerField(null=True, blank=True)  # ranking: 1 = first
    number = models.PositiveSmallIntegerField(null=True, blank=True)  # scale: 1 to 5
    text = models.TextField(blank=True)  # free text, or what "other" means
    quote_published_at = models.DateTimeField(null=True, blank=True)
    # When staff read this written answer (the dashboard's queue of answers to read); who read
    # it is in the audit log.
    read_at = models.DateTimeField(_("read at"), null=True, blank=True)

    class Meta:
        indexes = [models.Index(fields=["question", "choice"])]
        constraints = [
            models.UniqueConstraint(
                fields=["response", "question", "choice"], name="one_answer_per_choice"
            )
        ]

    def __str__(self):
        return f"{self.question}:{self.choice or self.number or self.text[:20]}"
