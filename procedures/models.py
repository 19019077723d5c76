"""The catalogue of the commune's services and procedures, and how digital each one is.

A ``ProcedurePage`` (under the ``ProcedureIndexPage`` of each language) tells a resident what a
procedure is for, who may ask for it, the documents to bring, the fees, the time it takes, the
counter that handles it and, where one exists, the national platform that handles it online
(links only: Sharik does not replace watiqa.ma or rokhas.ma). Its *digitalisation status* answers
the forum's question "which procedures are online, which should come first"; residents vote for
the procedures to digitalise first and say whether a page helped them. The translations of a
procedure are one procedure: votes and feedback belong to its original version
(participation/hosts.py).
"""

from urllib.parse import urlsplit

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel
from wagtail.fields import RichTextField
from wagtail.models import Page
from wagtail.search import index

from participation.arabic import SearchableText
from participation.hosts import TranslatedPageHost
from participation.models import Arrondissement


class ProcedureCategory(models.TextChoices):
    CIVIL_STATUS = "civil_status", _("Civil status")
    LEGALISATION = "legalisation", _("Legalisation and certification")
    URBANISM = "urbanism", _("Urbanism and building")
    ECONOMIC = "economic", _("Economic activities")
    PUBLIC_SPACE = "public_space", _("Public space")
    TAXES = "taxes", _("Taxes and fees")
    SOCIAL = "social", _("Social and associations")
    OTHER = "other", _("Other")


class DigitalisationStatus(models.TextChoices):
    """How far a procedure can be done without coming to a counter."""

    PAPER = "paper", _("Paper only")
    PARTLY_ONLINE = "partly_online", _("Partly online")
    FULLY_ONLINE = "fully_online", _("Fully online")
    PLANNED = "planned", _("Online service planned")


class ProcedureIndexPage(Page):
    """Lists the procedures of one language, searched and filtered by category and status."""

    introduction = models.TextField(_("introduction"), max_length=600, blank=True)

    content_panels = [*Page.content_panels, FieldPanel("introduction")]
    parent_page_types = ["cms.HomePage"]
    subpage_types = ["procedures.ProcedurePage"]
    max_count_per_parent = 1

    class Meta:
        verbose_name = _("procedures index")
        verbose_name_plural = _("procedures indexes")

    def get_context(self, request, *args, **kwargs):
        from procedures.views import procedure_listing

        context = super().get_context(request, *args, **kwargs)
        context.update(procedure_listing(request, self))
        return context


class ProcedurePage(SearchableText, TranslatedPageHost, Page):
    """One service or procedure of the commune."""

    category = models.CharField(_("category"), max_length=20, choices=ProcedureCategory.choices)
    summary = models.TextField(_("summary"), max_length=600, help_text=_("What it is for."))
    eligibility = models.TextField(
        _("who may ask for it"), blank=True, help_text=_("Who may ask, and on whose behalf.")
    )
    documents = RichTextField(
        _("documents to bring"),
        blank=True,
        features=["ul", "ol", "bold", "link"],
        help_text=_("A list: one document per item."),
    )
    fees = models.CharField(
        _("fees"), max_length=200, blank=True, help_text=_("For example: “20 MAD stamp”, “free”.")
    )
    delivery_time = models.CharField(
        _("time to deliver"),
        max_length=200,
        blank=True,
        help_text=_("For example: “at once”, “within 48 hours”."),
    )
    office = models.CharField(
        _("counter or office"), max_length=200, blank=True, help_text=_("Where to go.")
    )
    arrondissement = models.ForeignKey(
        Arrondissement,
        verbose_name=_("arrondissement"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        limit_choices_to={"locale__language_code": settings.LANGUAGE_CODE},
    )
    opening_hours = models.CharField(
        _("opening hours"),
        max_length=200,
        blank=True,
        help_text=_("For example: “Monday to Friday, 8:30 to 16:30”."),
    )
    online_platform_name = models.CharField(
        _("national online platform"),
        max_length=100,
        blank=True,
        help_text=_("The national platform that handles it online, if any (Watiqa, Rokhas…)."),
    )
    online_platform_url = models.URLField(_("address of the platform"), blank=True)
    digitalisation_status = models.CharField(
        _("digitalisation status"),
        max_length=20,
        choices=DigitalisationStatus.choices,
        default=DigitalisationStatus.PAPER,
    )
    planned_for = models.DateField(
        _("online service planned for"),
        null=True,
        blank=True,
        help_text=_("Only for a planned online service: when it should open."),
    )
    is_demo_data = models.BooleanField(
        _("demonstration data"),
        default=False,
        help_text=_(
            "The details are an example the commune has not confirmed yet: the page says so."
        ),
    )

    searchable_fields = ("title", "summary", "eligibility", "documents")
    search_fields = [
        *Page.search_fields,
        index.SearchField("summary"),
        index.SearchField("eligibility"),
        index.SearchField("documents"),
        # The same text with Arabic spelling variants folded (participation/arabic.py).
        index.SearchField("search_text"),
        index.FilterField("category"),
        index.FilterField("digitalisation_status"),
    ]

    content_panels = [
        *Page.content_panels,
        FieldPanel("category"),
        FieldPanel("summary"),
        FieldPanel("eligibility", widget=forms.Textarea(attrs={"rows": 3})),
        FieldPanel("documents"),
        FieldRowPanel([FieldPanel("fees"), FieldPanel("delivery_time")]),
        MultiFieldPanel(
            [FieldPanel("office"), FieldPanel("arrondissement"), FieldPanel("opening_hours")],
            heading=_("Where"),
        ),
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("digitalisation_status"), FieldPanel("planned_for")]),
                FieldRowPanel(
                    [FieldPanel("online_platform_name"), FieldPanel("online_platform_url")]
                ),
            ],
            heading=_("Online"),
        ),
        FieldPanel("is_demo_data"),
    ]
    parent_page_types = ["procedures.ProcedureIndexPage"]
    subpage_types = []

    class Meta:
        verbose_name = _("procedure")
        verbose_name_plural = _("procedures")
        constraints = [
            # A planned online service has a date; any other status has none.
            models.CheckConstraint(
                condition=(
                    Q(digitalisation_status=DigitalisationStatus.PLANNED, planned_for__isnull=False)
                    | (
                        ~Q(digitalisation_status=DigitalisationStatus.PLANNED)
                        & Q(planned_for__isnull=True)
                    )
                ),
                name="procedure_planned_for_only_when_planned",
            ),
        ]

    def clean(self):
        super().clean()
        errors = {}
        planned = self.digitalisation_status == DigitalisationStatus.PLANNED
        if planned and self.planned_for is None:
            errors["planned_for"] = _("Say when the planned online service should open.")
        elif not planned and self.planned_for is not None:
            errors["planned_for"] = _(
                "A date is only given for a planned online service: clear it, or choose "
                "“Online service planned”."
            )
        if self.online_platform_url and not self.online_platform_name:
            errors["online_platform_name"] = _("Give the name of the platform.")
        elif self.online_platform_name and not self.online_platform_url:
            errors["online_platform_url"] = _("Give the address of the platform.")
        if errors:
            raise ValidationError(errors)

    @property
    def online_platform_domain(self):
        """``www.watiqa.ma`` for ``https://www.watiqa.ma/…``: the address a reader recognises."""
        return urlsplit(self.online_platform_url).hostname or ""

    @property
    def is_fully_online(self):
        return self.digitalisation_status == DigitalisationStatus.FULLY_ONLINE

    def get_context(self, request, *args, **kwargs):
        from procedures.views import procedure_context

        context = super().get_context(request, *args, **kwargs)
        context.update(procedure_context(request, self))
        return context

    # --- ParticipationHost --------------------------------------------------------------------
    def comments_are_open(self):
        return False

    def participation_title(self):
        return self.title


class ProcedureFeedback(models.Model):
    """A reader's answer to "Did this page help?", with an optional comment to the team.

    Comments are read by staff in the admin, never shown on the site. A resident has one answer
    per procedure (a second one replaces it); an anonymous visitor has one per session, and the
    form's one-time ``submission`` key keeps a double click from counting twice."""

    procedure = models.ForeignKey(
        ProcedurePage,
        verbose_name=_("procedure"),
        on_delete=models.CASCADE,
        related_name="feedback",
    )
    helpful = models.BooleanField(_("helpful"))
    comment = models.TextField(_("comment to the team"), max_length=1000, blank=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("resident"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="procedure_feedback",
    )
    submission = models.UUIDField(null=True, blank=True, editable=False)
    created_at = models.DateTimeField(_("given"), auto_now_add=True)
    updated_at = models.DateTimeField(_("changed"), auto_now=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("feedback on a procedure page")
        verbose_name_plural = _("feedback on procedure pages")
        constraints = [
            models.UniqueConstraint(
                fields=["procedure", "user"],
                condition=Q(user__isnull=False),
                name="one_feedback_per_resident_and_procedure",
            ),
            models.UniqueConstraint(fields=["submission"], name="one_feedback_per_submission"),
        ]

    def __str__(self):
        return f"{self.procedure}: {_('yes') if self.helpful else _('no')}"


class DigitalisationVote(models.Model):
    """A resident asks for a procedure (its original version) to be digitalised first."""

    procedure = models.ForeignKey(
        ProcedurePage,
        verbose_name=_("procedure"),
        on_delete=models.CASCADE,
        related_name="digitalisation_votes",
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("resident"),
        on_delete=models.CASCADE,
        related_name="digitalisation_votes",
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("vote to digitalise a procedure")
        verbose_name_plural = _("votes to digitalise procedures")
        constraints = [
            models.UniqueConstraint(
                fields=["procedure", "user"], name="one_digitalisation_vote_per_resident"
            ),
        ]

    def __str__(self):
        return f"{self.user} → {self.procedure}"
