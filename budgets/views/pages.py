"""The index of budgets and a budget's page: their Wagtail pages take their context from here
(what residents may do in this phase, the envelopes, the projects filtered and paginated)."""

from django.core.paginator import Paginator
from django.db.models import Case, When
from django.utils import timezone
from django.utils.translation import gettext as _

from budgets import tally
from budgets.models import (
    SUPPORT_PHASES,
    Ballot,
    BudgetPage,
    BudgetPhase,
    BudgetProject,
    Feasibility,
)
from budgets.rules import voting_refusal
from budgets.views.common import (
    PROJECTS_PER_PAGE,
    calendar,
    envelope_projects,
    envelope_views,
    name_places,
    what_residents_do,
)
from participation.models import Arrondissement

# --- The index and the budget page (Wagtail pages' context) -----------------------------------


def budget_listing(request, index):
    """Context of the budgets index: each budget with its phase."""
    now = timezone.now()
    budgets = list(BudgetPage.objects.child_of(index).live().order_by("-pk"))
    originals = {
        page.translation_key: page
        for page in BudgetPage.objects.filter(
            translation_key__in=[b.translation_key for b in budgets]
        ).order_by("-pk")
    }  # the lowest id last, so it stays: the original of each budget
    for budget in budgets:
        budget.__dict__["original"] = originals.get(budget.translation_key, budget)
        budget.listed_phase = budget.phase_at(now)
    # The latest edition first, by its calendar, whichever was created first.
    budgets.sort(key=lambda b: (b.original.ideas_start_at, b.pk), reverse=True)
    return {"budgets": budgets}


def _project_filters(request, budget, envelopes):
    """The projects list's filters from the query string: envelope (an arrondissement's slug or
    "commune") and feasibility. Unknown values are ignored."""
    projects = BudgetProject.objects.filter(budget=budget.original, hidden_at__isnull=True)
    filters = {}
    by_slug = {view.slug: view for view in envelopes}
    envelope = by_slug.get(request.GET.get("envelope", ""))
    if envelope is not None:
        projects = envelope_projects(budget, envelope.envelope).filter(hidden_at__isnull=True)
        filters["envelope"] = envelope.slug
    feasibility = request.GET.get("feasibility", "")
    if feasibility in Feasibility.values:
        projects = projects.filter(feasibility=feasibility)
        filters["feasibility"] = feasibility
    return projects, filters


def _project_order(phase):
    """While ideas are gathered and reviewed, the most supported first; from the vote on, the
    feasible ones first (those on the ballot), then those awaiting review, then the rest."""
    if phase in SUPPORT_PHASES:
        return ("-support_count", "created_at", "pk")
    rank = Case(
        When(feasibility=Feasibility.FEASIBLE, then=0),
        When(feasibility=Feasibility.PENDING, then=1),
        default=2,
    )
    return (rank, "created_at", "pk")


def budget_context(request, budget):
    """Context of a budget's page: what it is, its envelopes and calendar, what residents may
    do now, the voters so far and its projects (filtered, paginated)."""
    original = budget.original
    now = timezone.now()
    phase = original.phase_at(now)
    names = Arrondissement.objects.names_in()
    voters = tally.voter_count(original)
    envelopes = envelope_views(original, names, voters)
    projects, filters = _project_filters(request, budget, envelopes)
    projects = projects.select_related("arrondissement", "author", "merged_into").order_by(
        *_project_order(phase)
    )
    page = Paginator(projects, PROJECTS_PER_PAGE).get_page(request.GET.get("page"))
    name_places(page, names)
    query = request.GET.copy()
    query.pop("page", None)
    user = request.user
    return {
        "budget": budget,
        "original": original,
        "phase": phase,
        "phase_label": BudgetPhase(phase).label,
        "what_to_do": what_residents_do(phase),
        "calendar": calendar(budget, now),
        "envelopes": envelopes,
        "voter_total": sum(voters.values()),
        "projects": page,
        "filters": filters,
        "query_string": query.urlencode(),
        "feasibilities": Feasibility.choices,
        "may_submit_idea": phase == BudgetPhase.IDEAS,
        "voting": _voting_context(user, original, envelopes, now)
        if phase == BudgetPhase.VOTE
        else None,
        "results_public": user.has_perm("budgets.see_tally", original),
    }


def _voting_context(user, budget, envelopes, now):
    """For the vote phase: the envelopes the reader may vote in (with their ballot, if any), or
    the sentence that says why they may not vote."""
    if not user.is_authenticated:
        return {"envelopes": [], "refusal": _("Log in to vote.")}
    mine, refusals = [], []
    ballots = {
        ballot.envelope_id: ballot
        for ballot in Ballot.objects.filter(
            envelope__budget=budget, voter=user, current_version__isnull=False
        )
    }
    for view in envelopes:
        refusal = voting_refusal(user, budget, view.envelope, now)
        if refusal is None:
            mine.append((view, ballots.get(view.pk)))
        else:
            refusals.append(refusal)
    # The refusal about another arrondissement's envelope is no reason not to vote at all.
    own = _("You vote in your own arrondissement's envelope and the commune's.")
    refusal = None if mine else next((r for r in refusals if r != own), own)
    return {"envelopes": mine, "refusal": refusal}
