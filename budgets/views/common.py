"""What the budget's pages share: envelopes named in the reader's language, the calendar of
phases, the budget behind a URL, the plan pages of winners."""

from dataclasses import dataclass

from django.db.models import Q
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from wagtail.models import Locale

from budgets.models import (
    PHASE_STARTS,
    BudgetPage,
    BudgetPhase,
    BudgetProject,
    Envelope,
)
from participation.models import Arrondissement
from plan.models import ProjectPage

PROJECTS_PER_PAGE = 20
COMMUNE = "commune"


# --- Envelopes, named in the reader's language --------------------------------------------------


@dataclass
class EnvelopeView:
    """An envelope as residents read it: its place's name, amount, population and voters."""

    envelope: Envelope
    name: str
    voters: int = 0

    @property
    def pk(self):
        return self.envelope.pk

    @property
    def amount(self):
        return self.envelope.amount

    @property
    def population(self):
        return self.envelope.population

    @property
    def is_commune_wide(self):
        return self.envelope.arrondissement_id is None

    @property
    def slug(self):
        return COMMUNE if self.is_commune_wide else self.envelope.arrondissement.slug


def envelope_views(budget, names=None, voters=None):
    """The budget's envelopes, arrondissements first (by name), then the commune-wide one."""
    names = Arrondissement.objects.names_in() if names is None else names
    voters = voters or {}
    views = []
    for envelope in budget.original.envelopes_by_arrondissement.values():
        if envelope.arrondissement_id is None:
            name = _("The whole commune")
        else:
            arrondissement = envelope.arrondissement
            name = names.get(arrondissement.translation_key, arrondissement.name)
        views.append(EnvelopeView(envelope, name, voters.get(envelope.pk, 0)))
    return sorted(views, key=lambda view: (view.is_commune_wide, view.name))


def envelope_projects(budget, envelope):
    """The projects of ``budget`` that compete in ``envelope`` (a query, not yet evaluated)."""
    budget = budget.original
    projects = BudgetProject.objects.filter(budget=budget)
    if envelope.arrondissement_id is not None:
        return projects.filter(
            arrondissement__translation_key=envelope.arrondissement.translation_key
        )
    with_their_own = [
        e.arrondissement_id
        for e in budget.envelopes_by_arrondissement.values()
        if e.arrondissement_id is not None
    ]
    return projects.filter(Q(arrondissement__isnull=True) | ~Q(arrondissement__in=with_their_own))


# --- The calendar -------------------------------------------------------------------------------


@dataclass
class CalendarStep:
    phase: BudgetPhase
    starts_at: object
    ends_at: object
    state: str  # "past", "open" or "upcoming"

    @property
    def label(self):
        return self.phase.label


def calendar(budget, now):
    original = budget.original
    starts = [(phase, getattr(original, field)) for phase, field in PHASE_STARTS]
    steps = []
    for index, (phase, starts_at) in enumerate(starts):
        ends_at = starts[index + 1][1] if index + 1 < len(starts) else None
        if starts_at > now:
            state = "upcoming"
        elif ends_at is not None and ends_at <= now:
            state = "past"
        else:
            state = "open"
        steps.append(CalendarStep(BudgetPhase(phase), starts_at, ends_at, state))
    return steps


def what_residents_do(phase):
    """What residents may do in ``phase``, in a sentence."""
    return {
        BudgetPhase.UPCOMING: _("The budget opens soon: ideas will be collected first."),
        BudgetPhase.IDEAS: _("Submit your ideas for your arrondissement or the whole commune."),
        BudgetPhase.REVIEW: _(
            "The commune's departments study and cost the ideas; the feasible ones will be on "
            "the ballot."
        ),
        BudgetPhase.VOTE: _(
            "Vote for the projects you want, within the amount of each envelope: your "
            "arrondissement's and the commune's."
        ),
        BudgetPhase.RESULTS: _("The vote is closed: see the results and the winning projects."),
        BudgetPhase.FOLLOW_UP: _("The winning projects are being carried out: follow them."),
    }[phase]


def budget_or_404(budget_id):
    budget = get_object_or_404(BudgetPage.objects.live(), pk=budget_id)
    return budget


def budget_url(budget):
    return budget.in_language().url or "/"


# --- A project ---------------------------------------------------------------------------------


def plan_pages(projects):
    """The live project of the action plan each of ``projects`` became, in the reader's language
    when it is translated (as ``page.localized``, but for them all in two queries), by project
    id."""
    ids = {project.plan_project_id for project in projects if project.plan_project_id}
    if not ids:
        return {}
    originals = {page.pk: page for page in ProjectPage.objects.live().filter(pk__in=ids)}
    locale = Locale.get_active()
    translations = {
        page.translation_key: page
        for page in ProjectPage.objects.live().filter(
            locale=locale, translation_key__in=[page.translation_key for page in originals.values()]
        )
    }
    return {
        project.pk: translations.get(originals[project.plan_project_id].translation_key)
        or originals[project.plan_project_id]
        for project in projects
        if project.plan_project_id in originals
    }


def name_places(projects, names):
    for project in projects:
        if project.arrondissement_id is None:
            project.place_name = _("The whole commune")
        else:
            place = project.arrondissement
            project.place_name = names.get(place.translation_key, place.name)
    return projects
