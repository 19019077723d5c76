"""A resident's idea: the form that submits it, and a project's own page."""

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from budgets import services
from budgets.forms import IdeaForm
from budgets.models import (
    BudgetPhase,
    BudgetProject,
)
from budgets.views.common import (
    budget_or_404,
    name_places,
    plan_pages,
)
from participation import ratelimits
from participation.maps import map_settings
from participation.models import Arrondissement
from participation.services import ParticipationError


@require_http_methods(["GET", "POST"])
def submit_idea(request, budget_id):
    budget = budget_or_404(budget_id)
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
    name_places([project], names)
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
