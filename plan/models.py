"""The action plan 2022-2027 (PAC): plan → axes → projects, their progress (changed only
through dated updates, so the history is kept) and residents' evaluations."""

from django import forms
from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey, ParentalManyToManyField
from modelcluster.models import ClusterableModel
from wagtail.admin.panels import (
    FieldPanel,
    FieldRowPanel,
    HelpPanel,
    InlinePanel,
    MultiFieldPanel,
)
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import StreamField
from wagtail.models import Orderable, Page
from wagtail.search import index

from cms.blocks import BodyBlock
from participation import agenda
from participation.arabic import SearchableText
from participation.hosts import TranslatedPageHost
from participation.models import Arrondissement, counter_marks


class ProjectStatus(models.TextChoices):
    PLANNED = "planned", _("Planned")
    IN_PROGRESS = "in_progress", _("In progress")
    DELAYED = "delayed", _("Delayed")
    COMPLETED = "completed", _("Completed")
    CANCELLED = "cancelled", _("Cancelled")


class ActionPlanPage(RoutablePageMixin, Page):
    """The commune's action plan: its period, introduction and documents, and the dashboards of
    every project under its axes."""

    first_year = models.PositiveSmallIntegerField(_("first year"), default=2022)
    last_year = models.PositiveSmallIntegerField(_("last year"), default=2027)
    introduction = models.TextField(_("introduction"), max_length=1000, blank=True)
    body = StreamField(BodyBlock(), verbose_name=_("body"), blank=True)

    content_panels = [
        *Page.content_panels,
        FieldRowPanel([FieldPanel("first_year"), FieldPanel("last_year")]),
        FieldPanel("introduction"),
        FieldPanel("body"),
    ]
    parent_page_types = ["cms.HomePage"]
    subpage_types = ["plan.AxisPage"]
    max_count_per_parent = 1

    class Meta:
        verbose_name = _("action plan")
        verbose_name_plural = _("action plans")

    # Routes and page contexts are served by plan/views.py, which imports these models: it is
    # imported when a page is served, not when the models load.
    @path("")
    def overview(self, request):
        from plan import views

        return views.plan_overview(request, self)

    @path("projects/")
    def project_list(self, request):
        from plan import views

        return views.project_list(request, self)

    @path("open-data/csv/")
    def open_data_csv(self, request):
        from plan import views

        return views.open_data(request, self, "csv")

    @path("open-data/json/")
    def open_data_json(self, request):
        from plan import views

        return views.open_data(request, self, "json")


class AxisPage(Page):
    """A strategic axis of the plan, listing its projects."""

    introduction = models.TextField(_("introduction"), max_length=1000, blank=True)
    body = StreamField(BodyBlock(), verbose_name=_("body"), blank=True)
    proposal_category = models.ForeignKey(
        "proposals.ProposalCategory",
        verbose_name=_("category of residents' proposals"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        limit_choices_to={"locale__language_code": settings.LANGUAGE_CODE},
        help_text=_("Ideas suggested for this axis are filed under this category."),
    )

    content_panels = [
        *Page.content_panels,
        FieldPanel("introduction"),
        FieldPanel("body"),
        FieldPanel("proposal_category"),
    ]
    parent_page_types = ["plan.ActionPlanPage"]
    subpage_types = ["plan.ProjectPage"]

    class Meta:
        verbose_name = _("plan axis")
        verbose_name_plural = _("plan axes")

    def get_context(self, request, *args, **kwargs):
        from plan import views

        context = super().get_context(request, *args, **kwargs)
        context.update(views.axis_context(request, self))
        return context


class ProjectIndicator(Orderable):
    page = ParentalKey("plan.ProjectPage", on_delete=models.CASCADE, related_name="indicators")
    name = models.CharField(_("indicator"), max_length=200)
    unit = models.CharField(_("unit"), max_length=40, blank=True)
    target = models.DecimalField(_("target"), max_digits=14, decimal_places=2)
    current = models.DecimalField(
        _("current value"), max_digits=14, decimal_places=2, null=True, blank=True
    )

    panels = [
        FieldPanel("name"),
        FieldRowPanel([FieldPanel("unit"), FieldPanel("target"), FieldPanel("current")]),
    ]

    def __str__(self):
        return self.name

    @property
    def percent(self):
        if self.current is None or not self.target:
            return None
        return max(0, min(100, round(100 * float(self.current) / float(self.target))))


class ProjectMilestone(Orderable):
    page = ParentalKey("plan.ProjectPage", on_delete=models.CASCADE, related_name="milestones")
    title = models.CharField(_("milestone"), max_length=200)
    due_on = models.DateField(_("planned for"))
    reached_on = models.DateField(_("reached on"), null=True, blank=True)

    panels = [FieldPanel("title"), FieldRowPanel([FieldPanel("due_on"), FieldPanel("reached_on")])]

    def __str__(self):
        return self.title


class ProjectPage(SearchableText, TranslatedPageHost, Page):
    """A project of the plan. What it is (objective, place, partners, dates, indicators,
    milestones) is edited on the page; where it stands (status, progress, budget committed and
    spent) changes only through dated progress updates, so every change has its history."""

    objective = models.TextField(_("objective"), max_length=600)
    body = StreamField(BodyBlock(), verbose_name=_("description"), blank=True)
    arrondissements = ParentalManyToManyField(
        Arrondissement,
        verbose_name=_("arrondissements"),
        blank=True,
        related_name="+",
        limit_choices_to={"locale__language_code": settings.LANGUAGE_CODE},
        help_text=_("Leave empty when the whole commune is concerned."),
    )
    latitude = models.DecimalField(
        _("latitude"), max_digits=9, decimal_places=6, null=True, blank=True
    )
    longitude = models.DecimalField(
        _("longitude"), max_digits=9, decimal_places=6, null=True, blank=True
    )
    budget_planned = models.DecimalField(
        _("planned budget (MAD)"), max_digits=14, decimal_places=2, default=0
    )
    funding_partners = models.CharField(_("funding partners"), max_length=300, blank=True)
    responsible_department = models.ForeignKey(
        "information.Department",
        verbose_name=_("responsible department"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="plan_projects",
        limit_choices_to={"locale__language_code": settings.LANGUAGE_CODE},
        help_text=_(
            "Its members post the project's progress updates (Action plan → Progress updates)."
        ),
    )
    starts_on = models.DateField(_("start"), null=True, blank=True)
    ends_on = models.DateField(_("planned end"), null=True, blank=True)

    content_panels = [
        *Page.content_panels,
        FieldPanel("objective"),
        FieldPanel("body"),
        MultiFieldPanel(
            [
                FieldPanel("arrondissements", widget=forms.CheckboxSelectMultiple),
                FieldRowPanel([FieldPanel("latitude"), FieldPanel("longitude")]),
            ],
            heading=_("Where"),
        ),
        MultiFieldPanel(
            [
                FieldPanel("budget_planned"),
                FieldPanel("funding_partners"),
                FieldPanel("responsible_department"),
                FieldRowPanel([FieldPanel("starts_on"), FieldPanel("ends_on")]),
            ],
            heading=_("Budget, partners and dates"),
        ),
        HelpPanel(
            content=_(
                "Status, progress and the budget committed and spent change through progress "
                "updates (Action plan → Progress updates), which keep their history."
            )
        ),
        InlinePanel("indicators", label=_("Indicators")),
        InlinePanel("milestones", label=_("Milestones")),
    ]
    search_fields = [
        *Page.search_fields,
        index.SearchField("objective"),
        index.SearchField("body"),
        index.SearchField("search_text"),
    ]
    searchable_fields = ("title", "objective", "body")
    parent_page_types = ["plan.AxisPage"]
    subpage_types = []

    class Meta:
        verbose_name = _("plan project")
        verbose_name_plural = _("plan projects")

    def comments_are_open(self):
        return True

    @property
    def is_located(self):
        return self.latitude is not None and self.longitude is not None

    def get_context(self, request, *args, **kwargs):
        from plan import views

        context = super().get_context(request, *args, **kwargs)
        context.update(views.project_context(request, self))
        return context


class ProjectProgress(models.Model):
    """Where a project stands now: the last values its updates set (one row per project, kept
    outside the page so that publishing a page revision never rolls them back)."""

    project = models.OneToOneField(
        ProjectPage, on_delete=models.CASCADE, primary_key=True, related_name="progress"
    )
    status = models.CharField(
        _("status"), max_length=20, choices=ProjectStatus.choices, default=ProjectStatus.PLANNED
    )
    percent = models.PositiveSmallIntegerField(_("progress (%)"), default=0)
    budget_planned = models.DecimalField(
        _("planned budget, revised (MAD)"),
        max_digits=14,
        decimal_places=2,
        null=True,
        blank=True,
        help_text=_("Empty while the budget planned on the project's page stands."),
    )
    budget_committed = models.DecimalField(
        _("budget committed (MAD)"), max_digits=14, decimal_places=2, default=0
    )
    budget_spent = models.DecimalField(
        _("budget spent (MAD)"), max_digits=14, decimal_places=2, default=0
    )
    updated_on = models.DateField(_("last update"), null=True, blank=True)

    def __str__(self):
        return f"{self.project_id}: {self.status} {self.percent}%"


def projects_updated_by(user):
    """The projects whose progress ``user`` reports: every project for those who report on all
    (the editors), their departments' projects for a department's members (plan/rules.py)."""
    projects = ProjectPage.objects.filter(locale__language_code=settings.LANGUAGE_CODE)
    if user.has_perm("plan.update_every_project"):
        return projects
    return projects.filter(responsible_department__members=user)


class ProjectUpdateQuerySet(models.QuerySet):
    def handled_by(self, user):
        """The updates ``user`` may read and correct in the admin: those of the projects whose
        progress they report."""
        if user.has_perm("plan.update_every_project"):
            return self
        return self.filter(project__in=projects_updated_by(user))


class UpdateKind(models.TextChoices):
    PROGRESS = "progress", _("Progress update")
    AGENDA = "agenda", _("On the council's agenda")
    DECISION = "decision", _("The council's decision")


class ProjectUpdate(ClusterableModel):
    """A dated progress update: what happened, with photos and documents (``attachments``), and
    the project's new status, progress and budget figures where they changed (``changes`` keeps
    before → after). The council's sessions add updates of their own (``kind``): the item on
    a session's agenda, or its decision; ``council`` keeps the session's title and day and the
    decision's record (participation/agenda.py), which plan/_update_heading.html and
    ``council_facts_parts`` put into each reader's language."""

    project = models.ForeignKey(
        ProjectPage,
        verbose_name=_("project"),
        on_delete=models.CASCADE,
        related_name="updates",
        limit_choices_to={"locale__language_code": settings.LANGUAGE_CODE},
    )
    date = models.DateField(_("date"))
    text = models.TextField(_("what happened"), max_length=4000)
    status = models.CharField(
        _("new status"), max_length=20, choices=ProjectStatus.choices, blank=True
    )
    percent = models.PositiveSmallIntegerField(
        _("new progress (%)"), null=True, blank=True, validators=[MaxValueValidator(100)]
    )
    budget_planned = models.DecimalField(
        _("revised planned budget (MAD)"), max_digits=14, decimal_places=2, null=True, blank=True
    )
    budget_committed = models.DecimalField(
        _("budget committed now (MAD)"), max_digits=14, decimal_places=2, null=True, blank=True
    )
    budget_spent = models.DecimalField(
        _("budget spent now (MAD)"), max_digits=14, decimal_places=2, null=True, blank=True
    )
    changes = models.JSONField(default=dict, editable=False)
    kind = models.CharField(
        max_length=10, choices=UpdateKind.choices, default=UpdateKind.PROGRESS, editable=False
    )
    council = models.JSONField(default=dict, blank=True, editable=False)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        editable=False,
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects = ProjectUpdateQuerySet.as_manager()

    class Meta:
        verbose_name = _("progress update")
        verbose_name_plural = _("progress updates")
        ordering = ["-date", "-pk"]
        permissions = [
            # The editors'; a department's members report on their department's projects.
            ("update_every_project", _("Can post progress updates on every project")),
        ]

    def __str__(self):
        return f"{self.project} — {self.date:%Y-%m-%d}"

    @property
    def session_day(self):
        """The day of the council's session this update records (None for none)."""
        return agenda.session_day(self.council)

    @property
    def council_facts_parts(self):
        """A decision's outcome, reference and votes, in the active language ([] for none): the
        heading names the session (plan/_update_heading.html)."""
        return agenda.describe_parts(self.council, session=False) if self.council else []


class ProjectUpdateAttachment(Orderable):
    """A photo or a document of a progress update."""

    update = ParentalKey(ProjectUpdate, on_delete=models.CASCADE, related_name="attachments")
    image = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("photo"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    document = models.ForeignKey(
        "wagtaildocs.Document",
        verbose_name=_("document"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    description = models.CharField(
        _("what the photo shows, or the document's title"), max_length=250, blank=True
    )

    panels = [FieldPanel("image"), FieldPanel("document"), FieldPanel("description")]

    class Meta(Orderable.Meta):
        verbose_name = _("photo or document")
        verbose_name_plural = _("photos and documents")

    def __str__(self):
        return self.description or str(self.image or self.document or "")

    def clean(self):
        from django.core.exceptions import ValidationError

        if not self.image_id and not self.document_id:
            raise ValidationError(_("Choose a photo or a document."))
        if self.image_id and not self.description.strip():
            raise ValidationError(
                {"description": _("Describe the photo for people who cannot see it.")}
            )


class EvaluationCriterion(models.TextChoices):
    USEFULNESS = "usefulness", _("Usefulness")
    QUALITY = "quality", _("Quality")
    PROGRESS = "progress", _("Progress as you see it")
    COMMUNICATION = "communication", _("Communication")


class ProjectEvaluation(models.Model):
    """A resident's evaluation of a project: a score from 1 to 5 on each criterion and an
    optional comment to the council's team (not published). One per resident, editable."""

    project = models.ForeignKey(ProjectPage, on_delete=models.CASCADE, related_name="evaluations")
    resident = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="project_evaluations"
    )
    arrondissement = models.ForeignKey(
        Arrondissement, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    usefulness = models.PositiveSmallIntegerField(
        _("usefulness"), validators=[MinValueValidator(1), MaxValueValidator(5)]
    )
    quality = models.PositiveSmallIntegerField(
        _("quality"), validators=[MinValueValidator(1), MaxValueValidator(5)]
    )
    progress = models.PositiveSmallIntegerField(
        _("progress as you see it"), validators=[MinValueValidator(1), MaxValueValidator(5)]
    )
    communication = models.PositiveSmallIntegerField(
        _("communication"), validators=[MinValueValidator(1), MaxValueValidator(5)]
    )
    comment = models.TextField(_("comment to the council's team"), max_length=2000, blank=True)
    # An evaluation a counter agent recorded for the resident (counters/): where and by whom.
    # The last evaluation decides: one changed online afterwards is the resident's own again.
    at_counter, recorded_by = counter_marks(_("evaluated at the counter of"))
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("project evaluation")
        verbose_name_plural = _("project evaluations")
        constraints = [
            models.UniqueConstraint(
                fields=["project", "resident"], name="one_evaluation_per_resident"
            ),
            *[
                models.CheckConstraint(
                    condition=Q(**{f"{name}__gte": 1, f"{name}__lte": 5}),
                    name=f"evaluation_{name}_1_to_5",
                )
                for name in EvaluationCriterion.values
            ],
        ]

    def __str__(self):
        return f"{self.project_id}/{self.resident_id}"
