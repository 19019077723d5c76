"""The results of a budget once the vote is over, and the anonymised ballots anyone can
recount (budgets/tally.py)."""

from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from budgets import tally
from budgets.models import (
    BudgetProject,
)
from budgets.views.common import (
    budget_or_404,
    envelope_views,
    name_places,
    plan_pages,
)
from participation.models import Arrondissement

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
    budget = budget_or_404(budget_id)
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
            for project in name_places(
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
    budget = budget_or_404(budget_id)
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
