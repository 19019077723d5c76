"""Residents' pages of participatory budgets: the index and the budget (served by their Wagtail
pages, whose context comes from here), an idea's form, a project, the ballot of an envelope,
the results and their anonymised export.

Views are thin: who may vote, the knapsack and the count are decided by budgets/rules.py,
budgets/services.py and budgets/tally.py; here they are asked and their answer shown.
"""

from dataclasses import dataclass

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Case, Q, When
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods
from wagtail.models import Locale

from budgets import services, tally
from budgets.forms import IdeaForm, chosen_project_ids
from budgets.models import (
    PHASE_STARTS,
    SUPPORT_PHASES,
    Ballot,
    BallotChoice,
    BallotKind,
    BudgetPage,
    BudgetPhase,
    BudgetProject,
    Envelope,
    Feasibility,
)
from budgets.rules import voting_refusal
from participation import ratelimits
from participation.maps import map_settings
from participation.models import Arrondissement
from participation.services import ParticipationError
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


def _name_places(projects, names):
    for project in projects:
        if project.arrondissement_id is None:
            project.place_name = _("The whole commune")
        else:
            place = project.arrondissement
            project.place_name = names.get(place.translation_key, place.name)
    return projects


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
    _name_places(page, names)
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


# --- Submitting an idea ------------------------------------------------------------------------


def _budget_or_404(budget_id):
    budget = get_object_or_404(BudgetPage.objects.live(), pk=budget_id)
    return budget


def _budget_url(budget):
    return budget.in_language().url or "/"


@require_http_methods(["GET", "POST"])
def submit_idea(request, budget_id):
    budget = _budget_or_404(budget_id)
    original = budget.original
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    if original.phase != BudgetPhase.IDEAS:
        return render(
            request,
            "budgets/refused.html",
            {"budget": budget, "refusal": _("Ideas are not being collected for this budget.")},
            status=403,
        )
    form = IdeaForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        if refused := ratelimits.refusal(request, "budget_idea"):
            return refused
        try:
            project = services.submit_idea(
                request.user,
                original,
                title=form.cleaned_data["title"],
                description=form.cleaned_data["description"],
                arrondissement=form.cleaned_data.get("arrondissement"),
                submission=form.cleaned_data.get("submission"),
                **form.details(),
            )
        except ParticipationError as error:
            form.add_error(None, str(error))
        else:
            messages.success(
                request,
                _(
                    "Thank you! Your idea is published. The commune's departments will study it "
                    "after the ideas phase."
                ),
            )
            return redirect("budgets:project", project.pk)
    return render(
        request,
        "budgets/idea_form.html",
        {"budget": budget, "form": form, "map": map_settings()},
    )


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


@require_GET
def project_detail(request, pk):
    project = get_object_or_404(
        BudgetProject.objects.select_related("budget", "author", "arrondissement", "merged_into"),
        pk=pk,
    )
    if not project.participation_is_visible_to(request.user):
        raise Http404
    budget = project.budget.in_language()
    names = Arrondissement.objects.names_in()
    _name_places([project], names)
    envelope = project.envelope
    return render(
        request,
        "budgets/project.html",
        {
            "project": project,
            "budget": budget,
            "phase": project.budget.phase,
            "envelope": envelope,
            "merged": list(project.merged_projects.order_by("pk")),
            "plan_page": plan_pages([project]).get(project.pk),
            "can_report": request.user.has_perm("participation.report_host", project),
        },
    )


# --- The ballot --------------------------------------------------------------------------------


def _ballot_page(request, budget, view, projects, chosen, ballot, status=200, error=None):
    costs = {project.pk: project.official_cost for project in projects}
    total = sum(costs.get(pk, 0) for pk in chosen)
    original = budget.original
    knapsack = original.ballot_kind == BallotKind.KNAPSACK
    over = (knapsack and total > view.amount) or (
        not knapsack and len(chosen & costs.keys()) > (original.max_choices or 0)
    )
    return render(
        request,
        "budgets/ballot.html",
        {
            "budget": budget,
            "original": original,
            "envelope": view,
            "projects": projects,
            "chosen": chosen,
            "total": total,
            "left": view.amount - total,
            "over": over,
            "knapsack": knapsack,
            "max_choices": original.max_choices,
            "ballot": ballot,
            "error": error,
            "closes_at": original.results_start_at,
        },
        status=status,
    )


@require_http_methods(["GET", "POST"])
def ballot(request, budget_id, envelope_id):
    budget = _budget_or_404(budget_id)
    original = budget.original
    envelope = get_object_or_404(
        Envelope.objects.select_related("arrondissement"), pk=envelope_id, budget=original
    )
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    refusal = voting_refusal(request.user, original, envelope)
    if refusal:
        return render(
            request, "budgets/refused.html", {"budget": budget, "refusal": refusal}, status=403
        )
    view = next(v for v in envelope_views(original) if v.pk == envelope.pk)
    projects = _name_places(
        list(
            envelope_projects(original, envelope)
            .on_ballot()
            .select_related("arrondissement")
            .order_by("official_cost", "created_at", "pk")
        ),
        Arrondissement.objects.names_in(),
    )
    current = (
        Ballot.objects.filter(envelope=envelope, voter=request.user)
        .exclude(current_version=None)
        .first()
    )
    if request.method == "GET":
        chosen = set()
        if current is not None:
            chosen = set(
                BallotChoice.objects.filter(version=current.current_version_id).values_list(
                    "project", flat=True
                )
            )
        return _ballot_page(request, budget, view, projects, chosen, current)

    on_ballot = {project.pk for project in projects}
    chosen = chosen_project_ids(request.POST) & on_ballot
    if request.POST.get("action") == "check":
        return _ballot_page(request, budget, view, projects, chosen, current)
    if refused := ratelimits.refusal(request, "budget_ballot"):
        return refused
    try:
        services.cast_ballot(request.user, envelope, chosen)
    except ParticipationError as error:
        return _ballot_page(
            request, budget, view, projects, chosen, current, status=400, error=str(error)
        )
    if current is None:
        messages.success(request, _("Thank you! Your vote is recorded."))
    else:
        messages.success(request, _("Your vote is changed: the new choice is the one counted."))
    return redirect("budgets:ballot", budget.pk, envelope.pk)


# --- Results -----------------------------------------------------------------------------------


def _votes_by_arrondissement(result, names, arrondissements):
    """``(name, votes)`` per arrondissement of the voters, most first."""
    rows = []
    for arrondissement_id, by_project in result.votes_by_arrondissement.items():
        place = arrondissements.get(arrondissement_id)
        name = names.get(place.translation_key, place.name) if place else _("Not known")
        rows.append((name, sum(by_project.values())))
    return sorted(rows, key=lambda row: (-row[1], row[0]))


@require_GET
def results(request, budget_id):
    budget = _budget_or_404(budget_id)
    original = budget.original
    names = Arrondissement.objects.names_in()
    voters = tally.voter_count(original)
    envelopes = envelope_views(original, names, voters)
    public = request.user.has_perm("budgets.see_tally", original)
    context = {
        "budget": budget,
        "original": original,
        "phase": original.phase,
        "envelopes": envelopes,
        "voter_total": sum(voters.values()),
        "public": public,
    }
    if public:
        counted = tally.tally(original)
        projects = {
            project.pk: project
            for project in _name_places(
                list(
                    BudgetProject.objects.on_ballot()
                    .filter(budget=original)
                    .select_related("arrondissement")
                ),
                names,
            )
        }
        in_plan = plan_pages(projects.values())
        arrondissements = Arrondissement.objects.in_bulk()
        sections = []
        for view in envelopes:
            result = counted.get(view.pk)
            if result is None:
                continue
            winners = set(result.winners)
            ranking = [
                {
                    "project": projects[project_id],
                    "votes": votes,
                    "won": project_id in winners,
                    "plan_page": in_plan.get(project_id),
                    "rank": position,
                }
                for position, (project_id, votes) in enumerate(result.ranking, start=1)
                if project_id in projects
            ]
            sections.append(
                {
                    "envelope": view,
                    "ranking": ranking,
                    "spent": sum(projects[p].official_cost for p in winners if p in projects),
                    "turnout": None if result.turnout is None else result.turnout * 100,
                    "by_arrondissement": _votes_by_arrondissement(result, names, arrondissements),
                }
            )
        _document, digest = tally.anonymised_ballots(original)
        context.update(sections=sections, digest=digest)
    return render(request, "budgets/results.html", context)


@require_GET
def results_export(request, budget_id):
    """The anonymised ballots (JSON, canonical: its SHA-256 is the one the results page
    shows), once the vote is over."""
    budget = _budget_or_404(budget_id)
    original = budget.original
    if not request.user.has_perm("budgets.see_tally", original):
        raise PermissionDenied
    document, _digest = tally.anonymised_ballots(original)
    response = HttpResponse(
        tally.canonical_json(document), content_type="application/json; charset=utf-8"
    )
    response["Content-Disposition"] = (
        f'attachment; filename="sharik-budget-{original.pk}-ballots.json"'
    )
    return response
