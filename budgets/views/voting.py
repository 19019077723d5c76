"""The ballot of an envelope: knapsack or approval, with and without JavaScript; a ballot can be
changed until the vote closes (budgets/services.py ``cast_ballot``)."""

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from budgets import services
from budgets.forms import chosen_project_ids
from budgets.models import (
    Ballot,
    BallotChoice,
    BallotKind,
    Envelope,
)
from budgets.rules import voting_refusal
from budgets.views.common import (
    budget_or_404,
    envelope_projects,
    envelope_views,
    name_places,
)
from participation import ratelimits
from participation.models import Arrondissement
from participation.services import ParticipationError

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
    budget = budget_or_404(budget_id)
    original = budget.original
    envelope = get_object_or_404(
        Envelope.objects.select_related("arrondissement"), pk=envelope_id, budget=original
    )
    envelope.budget = original  # read once
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    error, status = None, 200
    if request.method == "POST" and request.POST.get("action") != "check":
        # Casting: the service checks who may vote and the choice; the page is read only if it
        # must be shown again.
        if refused := ratelimits.refusal(request, "budget_ballot"):
            return refused
        try:
            cast = services.cast_ballot(request.user, envelope, chosen_project_ids(request.POST))
        except services.VotingRefused as refusal:
            return _refused(request, budget, str(refusal))
        except ParticipationError as refusal:
            error, status = str(refusal), 400
        else:
            messages.success(request, CAST_MESSAGES[cast.change]())
            return redirect("budgets:ballot", budget.pk, envelope.pk)
    elif refusal := voting_refusal(request.user, original, envelope):
        return _refused(request, budget, refusal)

    view = next(v for v in envelope_views(original) if v.pk == envelope.pk)
    projects = name_places(
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
    else:  # checking the total, or a choice refused: what the voter ticked, shown again
        chosen = chosen_project_ids(request.POST) & {project.pk for project in projects}
    return _ballot_page(request, budget, view, projects, chosen, current, status, error)


def _refused(request, budget, refusal):
    return render(
        request, "budgets/refused.html", {"budget": budget, "refusal": refusal}, status=403
    )


CAST_MESSAGES = {
    services.BallotChange.NEW: lambda: _("Thank you! Your vote is recorded."),
    services.BallotChange.CHANGED: lambda: _(
        "Your vote is changed: the new choice is the one counted."
    ),
    services.BallotChange.SAME: lambda: _("Your vote is recorded, with this same choice."),
}
