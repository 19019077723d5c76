"""The communal council's sessions, their agendas and the deliberations on each item (organic
law 113-14, arts. 33-45: ordinary sessions three times a year, extraordinary ones when needed;
the agenda made public before the session; deliberations public and recorded).

An agenda item may name the petitions, proposals, consultations and plan projects it answers:
once the agenda is published they hear of it, and of the decision once it is recorded, through
participation/agenda.py (council/services.py ``announce``), so residents who follow them read
the council's decision where they followed it, typed once.
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel
from wagtail.models import Orderable

from participation import agenda


class SessionKind(models.TextChoices):
    ORDINARY = "ordinary", _("Ordinary session")
    EXTRAORDINARY = "extraordinary", _("Extraordinary session")


class SessionQuerySet(models.QuerySet):
    def public(self):
        """Sessions whose agenda is published."""
        return self.filter(agenda_published_at__isnull=False)


class CouncilSession(ClusterableModel):
    """A sitting of the communal council: when and where, its agenda (``items``), its
    documents and, after it, its minutes."""

    kind = models.CharField(
        _("kind"), max_length=15, choices=SessionKind.choices, default=SessionKind.ORDINARY
    )
    title = models.CharField(
        _("title"), max_length=200, help_text=_("E.g. “February 2027 ordinary session”.")
    )
    starts_at = models.DateTimeField(_("starts at"))
    place = models.CharField(_("place"), max_length=200, default=_("The commune's council hall"))
    publish_agenda = models.BooleanField(
        _("publish the agenda"),
        default=False,
        help_text=_(
            "Once published, the session and its agenda are public, and the followers of the "
            "content it names are told. Publish it ahead of the session."
        ),
    )
    agenda_published_at = models.DateTimeField(
        _("agenda published at"), null=True, blank=True, editable=False
    )
    agenda_document = models.ForeignKey(
        "wagtaildocs.Document",
        verbose_name=_("convocation and agenda (document)"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    minutes = models.ForeignKey(
        "wagtaildocs.Document",
        verbose_name=_("minutes"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    summary = models.TextField(_("summary of the session"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = SessionQuerySet.as_manager()

    class Meta:
        ordering = ["-starts_at"]
        verbose_name = _("council session")
        verbose_name_plural = _("council sessions")

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("council:session", args=[self.pk])

    @property
    def is_upcoming(self):
        return self.starts_at >= timezone.now()


class Outcome(models.TextChoices):
    ADOPTED = agenda.ADOPTED, agenda.OUTCOME_LABELS[agenda.ADOPTED]
    PARTLY_ADOPTED = agenda.PARTLY_ADOPTED, agenda.OUTCOME_LABELS[agenda.PARTLY_ADOPTED]
    REJECTED = agenda.REJECTED, agenda.OUTCOME_LABELS[agenda.REJECTED]
    POSTPONED = agenda.POSTPONED, agenda.OUTCOME_LABELS[agenda.POSTPONED]


class AgendaItem(Orderable):
    """A point of the agenda, the content it answers, and the council's deliberation on it."""

    session = ParentalKey(CouncilSession, on_delete=models.CASCADE, related_name="items")
    title = models.CharField(_("title"), max_length=300)
    description = models.TextField(_("description"), blank=True)
    petition = models.ForeignKey(
        "petitions.Petition",
        verbose_name=_("petition it answers"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    proposal = models.ForeignKey(
        "proposals.Proposal",
        verbose_name=_("proposal it answers"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    consultation = models.ForeignKey(
        "consultations.ConsultationPage",
        verbose_name=_("consultation it answers"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        limit_choices_to={"locale__language_code": settings.LANGUAGE_CODE},
    )
    project = models.ForeignKey(
        "plan.ProjectPage",
        verbose_name=_("plan project it concerns"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        limit_choices_to={"locale__language_code": settings.LANGUAGE_CODE},
    )
    # The deliberation.
    outcome = models.CharField(_("decision"), max_length=20, choices=Outcome.choices, blank=True)
    votes_for = models.PositiveSmallIntegerField(_("votes for"), null=True, blank=True)
    votes_against = models.PositiveSmallIntegerField(_("votes against"), null=True, blank=True)
    abstentions = models.PositiveSmallIntegerField(_("abstentions"), null=True, blank=True)
    deliberation_reference = models.CharField(_("deliberation number"), max_length=60, blank=True)
    decision_text = models.TextField(_("text of the decision"), blank=True)
    # When the content it names was told (participation/agenda.py): once each.
    agenda_announced_at = models.DateTimeField(null=True, blank=True, editable=False)
    decision_announced_at = models.DateTimeField(null=True, blank=True, editable=False)

    class Meta(Orderable.Meta):
        verbose_name = _("agenda item")
        verbose_name_plural = _("agenda items")

    def __str__(self):
        return self.title

    def clean(self):
        if self.outcome and not self.decision_text.strip():
            raise ValidationError(
                {"decision_text": _("Give the text of the decision: residents will read it.")}
            )
        if not self.outcome and (self.decision_text.strip() or self.votes_for is not None):
            raise ValidationError({"outcome": _("Choose the council's decision.")})

    @property
    def is_decided(self):
        return bool(self.outcome)

    def hosts(self):
        """The content the item answers, each a participation host."""
        return [
            host
            for host in (self.petition, self.proposal, self.consultation, self.project)
            if host is not None
        ]
