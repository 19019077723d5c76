"""Meetings and events: the forum's meetings, public hearings, neighbourhood meetings, workshops.

An ``EventPage`` (under the ``EventIndexPage`` of each language) says when, where (a place in an
arrondissement, or an online link), what (the agenda, the speakers), what it belongs to (an axis
of the plan, a consultation, a project) and how many places it has. Residents register for one
place each (with companions when the editor allows); once it is full they join a waiting list,
promoted in order when a place frees (events/services.py). The translations of an event are one
event: registrations belong to its original version (participation/hosts.py).
"""

from django import forms
from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from wagtail.admin.panels import (
    FieldPanel,
    FieldRowPanel,
    InlinePanel,
    MultiFieldPanel,
    PageChooserPanel,
)
from wagtail.fields import RichTextField
from wagtail.models import Orderable, Page
from wagtail.search import index

from participation.arabic import SearchableText
from participation.hosts import TranslatedPageHost
from participation.models import Arrondissement


class EventKind(models.TextChoices):
    FORUM = "forum", _("Forum meeting")
    HEARING = "hearing", _("Public hearing")
    NEIGHBOURHOOD = "neighbourhood", _("Neighbourhood meeting")
    WORKSHOP = "workshop", _("Workshop")


class EventIndexPage(Page):
    """Lists the events of one language: upcoming first, then past ones."""

    introduction = models.TextField(_("introduction"), max_length=600, blank=True)

    content_panels = [*Page.content_panels, FieldPanel("introduction")]
    parent_page_types = ["cms.HomePage"]
    subpage_types = ["events.EventPage"]
    max_count_per_parent = 1

    class Meta:
        verbose_name = _("events index")
        verbose_name_plural = _("events indexes")

    def get_context(self, request, *args, **kwargs):
        from events.views import event_listing

        context = super().get_context(request, *args, **kwargs)
        context.update(event_listing(request, self))
        return context


class EventPage(SearchableText, TranslatedPageHost, Page):
    """One meeting or event."""

    kind = models.CharField(_("kind"), max_length=20, choices=EventKind.choices)
    starts_at = models.DateTimeField(_("starts at"))
    ends_at = models.DateTimeField(_("ends at"))
    place = models.CharField(_("place"), max_length=200, blank=True)
    arrondissement = models.ForeignKey(
        Arrondissement,
        verbose_name=_("arrondissement"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        limit_choices_to={"locale__language_code": settings.LANGUAGE_CODE},
    )
    latitude = models.DecimalField(
        _("latitude"), max_digits=9, decimal_places=6, null=True, blank=True
    )
    longitude = models.DecimalField(
        _("longitude"), max_digits=9, decimal_places=6, null=True, blank=True
    )
    online_link = models.URLField(
        _("online link"), blank=True, help_text=_("For a meeting held online, or streamed.")
    )
    summary = models.TextField(_("summary"), max_length=600)
    agenda = RichTextField(_("agenda"), blank=True, features=["h3", "bold", "ol", "ul", "link"])
    speakers = models.TextField(
        _("speakers"), blank=True, help_text=_("One per line: name and role.")
    )
    axis = models.ForeignKey(
        "proposals.ProposalCategory",
        verbose_name=_("axis of the action plan"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        limit_choices_to={"locale__language_code": settings.LANGUAGE_CODE},
    )
    # What the meeting serves besides its axis. String references: the plan and consultations
    # are features beside this one, never imported by it.
    consultation = models.ForeignKey(
        "consultations.ConsultationPage",
        verbose_name=_("consultation"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    project = models.ForeignKey(
        "plan.ProjectPage",
        verbose_name=_("project of the action plan"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    capacity = models.PositiveIntegerField(
        _("places"), null=True, blank=True, help_text=_("Leave empty for an open meeting.")
    )
    companions_allowed = models.PositiveSmallIntegerField(
        _("companions a resident may bring"), default=0
    )
    minutes = models.ForeignKey(
        "wagtaildocs.Document",
        verbose_name=_("minutes"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    what_was_said = RichTextField(
        _("what was said"),
        blank=True,
        features=["h3", "bold", "ol", "ul", "link", "document-link"],
        help_text=_("After the meeting: the main points, in the commune's words."),
    )

    content_panels = [
        *Page.content_panels,
        FieldRowPanel([FieldPanel("kind"), FieldPanel("axis")]),
        FieldRowPanel([FieldPanel("starts_at"), FieldPanel("ends_at")]),
        FieldPanel("summary"),
        MultiFieldPanel(
            [
                FieldPanel("place"),
                FieldPanel("arrondissement"),
                FieldRowPanel([FieldPanel("latitude"), FieldPanel("longitude")]),
                FieldPanel("online_link"),
            ],
            heading=_("Where"),
        ),
        MultiFieldPanel(
            [
                PageChooserPanel("consultation", "consultations.ConsultationPage"),
                PageChooserPanel("project", "plan.ProjectPage"),
            ],
            heading=_("What it belongs to"),
        ),
        FieldPanel("agenda"),
        FieldPanel("speakers", widget=forms.Textarea(attrs={"rows": 3})),
        FieldRowPanel([FieldPanel("capacity"), FieldPanel("companions_allowed")]),
        InlinePanel("documents", label=_("Documents"), heading=_("Documents")),
        MultiFieldPanel(
            [FieldPanel("minutes"), FieldPanel("what_was_said")], heading=_("After the meeting")
        ),
    ]
    search_fields = [
        *Page.search_fields,
        index.SearchField("summary"),
        index.SearchField("search_text"),
        index.FilterField("starts_at"),
    ]
    searchable_fields = ("title", "summary", "place", "agenda", "speakers")
    parent_page_types = ["events.EventIndexPage"]
    subpage_types = []

    class Meta:
        verbose_name = _("event")
        verbose_name_plural = _("events")

    @property
    def is_past(self):
        return self.ends_at < timezone.now()

    def registration_is_open(self):
        return self.capacity is not None and not self.is_past

    def get_context(self, request, *args, **kwargs):
        from events.views import event_context

        context = super().get_context(request, *args, **kwargs)
        context.update(event_context(request, self))
        return context

    # --- ParticipationHost --------------------------------------------------------------------
    def comments_are_open(self):
        return False

    def participation_title(self):
        return self.title


class EventDocument(Orderable):
    """A document of an event: a presentation, a map, the file a speaker shared."""

    event = ParentalKey(EventPage, on_delete=models.CASCADE, related_name="documents")
    document = models.ForeignKey(
        "wagtaildocs.Document", verbose_name=_("document"), on_delete=models.CASCADE
    )
    title = models.CharField(_("title"), max_length=200, blank=True)

    panels = [FieldPanel("document"), FieldPanel("title")]

    class Meta(Orderable.Meta):
        verbose_name = _("document")
        verbose_name_plural = _("documents")

    @property
    def name(self):
        return self.title or self.document.title


class RegistrationStatus(models.TextChoices):
    REGISTERED = "registered", _("Registered")
    WAITING = "waiting", _("On the waiting list")
    CANCELLED = "cancelled", _("Cancelled")


class Registration(models.Model):
    """A resident's place at an event (its original version), or their turn on its waiting
    list; ``places`` counts them and their companions."""

    event = models.ForeignKey(EventPage, on_delete=models.CASCADE, related_name="registrations")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="registrations"
    )
    companions = models.PositiveSmallIntegerField(_("companions"), default=0)
    status = models.CharField(max_length=12, choices=RegistrationStatus.choices)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    attended_at = models.DateTimeField(_("attended"), null=True, blank=True)
    reminded_at = models.DateTimeField(null=True, blank=True, editable=False)

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("registration")
        verbose_name_plural = _("registrations")
        constraints = [
            models.UniqueConstraint(fields=["event", "user"], name="one_registration_per_event"),
        ]
        indexes = [models.Index(fields=["event", "status", "created_at"])]

    def __str__(self):
        return f"{self.user} → {self.event}: {self.status}"

    @property
    def places(self):
        return 1 + self.companions
