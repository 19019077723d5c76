"""Pages of the action plan: the overview with its dashboards and map, the filtered list of
projects, an axis, a project (progress, history, evaluations, linked proposals), evaluating a
project, and the plan's open data."""

import json
from dataclasses import dataclass

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Prefetch
from django.http import Http404, HttpResponse, StreamingHttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.defaultfilters import floatformat
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from wagtail import hooks
from wagtail.images import get_image_model

from information.models import Department
from participation import pagecache, ratelimits
from participation.maps import map_settings
from participation.models import Arrondissement
from participation.pagecache import remembered
from participation.spreadsheets import csv_lines
from participation.text import percentage
from plan import services
from plan.figures import evaluation_summary, plan_figures, plan_projects
from plan.forms import EvaluationForm
from plan.models import (
    EvaluationCriterion,
    ProjectEvaluation,
    ProjectPage,
    ProjectProgress,
    ProjectStatus,
    ProjectUpdateAttachment,
)
from proposals.models import PUBLIC_STATUSES, Proposal

PER_PAGE = 24


def _points(projects, request):
    return [
        {
            "title": project.title,
            "url": project.get_url(request),  # with the request: no lookup of the site's roots
            "lat": float(project.latitude),
            "lng": float(project.longitude),
            "status": ProjectStatus(project.standing.status).label,
            "percent": project.standing.percent,
        }
        for project in projects
        if project.is_located
    ]


def _filter(projects, axes, request):
    """Projects matching the list's filters (status, axis, arrondissement), and the filters."""
    filters = {}
    status = request.GET.get("status", "")
    if status in ProjectStatus.values:
        projects = [p for p in projects if p.standing.status == status]
        filters["status"] = status
    axis = request.GET.get("axis", "")
    if axis in {a.slug for a in axes}:
        projects = [p for p in projects if p.axis is not None and p.axis.slug == axis]
        filters["axis"] = axis
    arrondissement = request.GET.get("arrondissement", "")
    canonical = {a.slug: a.translation_key for a in Arrondissement.objects.canonical()}
    if arrondissement in canonical:
        key = canonical[arrondissement]
        projects = [p for p in projects if key in p.arrondissement_keys]
        filters["arrondissement"] = arrondissement
    return projects, filters


def _filter_choices(axes):
    names = Arrondissement.objects.names_in()
    return {
        "statuses": ProjectStatus.choices,
        "axis_choices": [(axis.slug, axis.title) for axis in axes],
        "arrondissements": Arrondissement.objects.slug_choices(names),
    }


def plan_overview(request, plan):
    pagecache.share_with_residents(request)
    language = get_language()

    def work_out():
        projects, axes = plan_projects(plan)
        return plan_figures(projects, axes, language), _points(projects, request), len(projects)

    # The same for every reader of a language until the plan changes (a progress update, a
    # page published) or the day does (what is late): remembered per generation of public
    # content and per day (participation/pagecache.py).
    figures, points, project_count = remembered(
        ("plan-overview", request.get_host(), plan.pk, language, timezone.localdate()), work_out
    )
    context = {
        "page": plan,
        "figures": figures,
        "points": points,
        "map": map_settings(),
        "project_count": project_count,
    }
    return TemplateResponse(request, "plan/action_plan_page.html", context)


def project_list(request, plan):
    projects, axes = plan_projects(plan)
    projects, filters = _filter(projects, axes, request)
    page = Paginator(projects, PER_PAGE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    context = {
        "page": plan,
        "projects": page,
        "filters": filters,
        "query_string": query.urlencode(),
        "points": _points(projects, request),
        "map": map_settings(),
        **_filter_choices(axes),
    }
    return TemplateResponse(request, "plan/project_list.html", context)


def axis_context(request, axis):
    pagecache.share_with_residents(request)
    language = get_language()

    def work_out():
        plan = axis.get_parent().specific
        projects, _axes = plan_projects(plan, within=axis)
        return {
            "projects": projects,
            "figures": plan_figures(projects, [axis], language),
            "plan": plan,
        }

    # Remembered per generation of public content, as the plan's overview.
    key = ("plan-axis", request.get_host(), axis.pk, language, timezone.localdate())
    return dict(remembered(key, work_out))


# Features above the plan say where a project comes from (a participatory budget's winner):
# each function registered under this hook takes the project's original page and returns a list
# of ``ProjectOrigin``, shown on the project's page. The plan imports none of them.
PROJECT_ORIGINS_HOOK = "plan_project_origins"


@dataclass(frozen=True)
class ProjectOrigin:
    label: str  # "Chosen by residents in the participatory budget"
    title: str  # the budget's title
    url: str


def project_origins(original):
    return [
        origin
        for origins_of in hooks.get_hooks(PROJECT_ORIGINS_HOOK)
        for origin in origins_of(original)
    ]


def project_context(request, project):
    original = project.original
    standing = ProjectProgress.objects.filter(project=original).first() or ProjectProgress(
        project=original
    )
    attachments = ProjectUpdateAttachment.objects.select_related("document").prefetch_related(
        Prefetch("image", queryset=get_image_model().objects.prefetch_renditions("max-800x600"))
    )
    updates = list(
        original.updates.prefetch_related(Prefetch("attachments", queryset=attachments)).order_by(
            "-date", "-pk"
        )[:50]
    )
    for update in updates:
        update.change_list = describe_changes(update.changes)
    user = request.user
    evaluation = None
    if user.is_authenticated:
        evaluation = ProjectEvaluation.objects.filter(project=original, resident=user).first()
    draft = request.session.pop(f"evaluation-draft-{original.pk}", None)
    if draft is not None:
        form = EvaluationForm(draft)
        form.is_valid()
    elif evaluation is not None:
        form = EvaluationForm(
            initial={
                name: getattr(evaluation, name) for name in [*EvaluationCriterion.values, "comment"]
            }
        )
    else:
        form = EvaluationForm()
    proposals = list(
        Proposal.objects.filter(plan_project=original, status__in=PUBLIC_STATUSES).order_by(
            "-support_count", "-pk"
        )[:20]
    )
    axis = project.get_parent().specific
    names = Arrondissement.objects.names_in()
    department = original.responsible_department
    return {
        "department_name": department.localized_name if department else "",
        "original": original,
        "standing": standing,
        "budget_planned": (
            standing.budget_planned
            if standing.budget_planned is not None
            else original.budget_planned
        ),
        "updates": updates,
        "indicators": list(project.indicators.all()),
        "milestones": list(project.milestones.all()),
        "evaluations": evaluation_summary(project, get_language()),
        "evaluation": evaluation,
        "evaluation_form": form,
        "can_evaluate": user.has_perm("plan.evaluate_project", original),
        "linked_proposals": proposals,
        "origins": project_origins(original),
        "axis": axis,
        "arrondissement_names": [
            names.get(a.translation_key, a.name) for a in project.arrondissements.all()
        ],
        "map": map_settings(),
        "suggest_url": reverse("proposals:create") + f"?project={project.pk}",
    }


CHANGE_LABELS = {
    "status": gettext_lazy("Status"),
    "percent": gettext_lazy("Progress"),
    "budget_planned": gettext_lazy("Planned budget"),
    "budget_committed": gettext_lazy("Budget committed"),
    "budget_spent": gettext_lazy("Budget spent"),
}


def describe_changes(changes):
    """An update's changes as (what, before, after) in words, for the history."""
    described = []
    for name, label in CHANGE_LABELS.items():
        if name not in changes:
            continue
        before, after = changes[name]
        if name == "status":
            before, after = ProjectStatus(before).label, ProjectStatus(after).label
        elif name == "percent":
            before, after = percentage(before), percentage(after)
        else:
            before = _("%(amount)s MAD") % {"amount": floatformat(before, "0g")}
            after = _("%(amount)s MAD") % {"amount": floatformat(after, "0g")}
        described.append((label, before, after))
    return described


@require_POST
def evaluate_project(request, pk):
    project = get_object_or_404(ProjectPage.objects.live(), pk=pk)
    if not request.user.is_authenticated:
        return redirect_to_login(project.url + "#evaluate")
    if not request.user.has_perm("plan.evaluate_project", project):
        raise PermissionDenied
    form = EvaluationForm(request.POST)
    if not form.is_valid():
        # Back to the project with what was chosen and the errors: nothing is lost.
        request.session[f"evaluation-draft-{project.original.pk}"] = request.POST.dict()
        messages.error(request, _("Your evaluation is not recorded yet: see below."))
        return redirect(project.url + "#evaluate")
    if refused := ratelimits.refusal(request, "evaluation"):
        return refused
    data = form.cleaned_data
    _evaluation, created = services.evaluate(
        request.user,
        project,
        {name: data[name] for name in EvaluationCriterion.values},
        data["comment"],
    )
    messages.success(
        request,
        _("Thank you: your evaluation is recorded.")
        if created
        else _("Your evaluation is updated."),
    )
    return redirect(project.url + "#evaluate")


# --- Open data ----------------------------------------------------------------------------------

OPEN_DATA_FIELDS = [
    "id",
    "title",
    "axis",
    "status",
    "progress_percent",
    "budget_planned_mad",
    "budget_committed_mad",
    "budget_spent_mad",
    "arrondissements",
    "latitude",
    "longitude",
    "starts_on",
    "ends_on",
    "department",
    "funding_partners",
    "last_update",
    "url",
]


def _open_data_rows(request, plan):
    projects, _axes = plan_projects(plan)
    names = Arrondissement.objects.names_in()
    department_keys = dict(
        ProjectPage.objects.filter(pk__in=[project.original_pk for project in projects])
        .exclude(responsible_department=None)
        .values_list("pk", "responsible_department__translation_key")
    )
    department_names = Department.objects.names_in()
    for project in projects:
        standing = project.standing
        yield {
            "id": project.original_pk,
            "title": project.title,
            "axis": project.axis.title if project.axis else "",
            "status": standing.status,
            "progress_percent": standing.percent,
            "budget_planned_mad": f"{project.planned:.2f}",
            "budget_committed_mad": f"{standing.budget_committed:.2f}",
            "budget_spent_mad": f"{standing.budget_spent:.2f}",
            "arrondissements": "; ".join(names.get(key, "") for key in project.arrondissement_keys),
            "latitude": float(project.latitude) if project.latitude is not None else None,
            "longitude": float(project.longitude) if project.longitude is not None else None,
            "starts_on": project.starts_on.isoformat() if project.starts_on else None,
            "ends_on": project.ends_on.isoformat() if project.ends_on else None,
            "department": department_names.get(department_keys.get(project.original_pk), ""),
            "funding_partners": project.funding_partners,
            "last_update": standing.updated_on.isoformat() if standing.updated_on else None,
            "url": request.build_absolute_uri(project.url),
        }


def open_data(request, plan, file_format):
    if file_format == "csv":

        def rows():
            yield OPEN_DATA_FIELDS
            for row in _open_data_rows(request, plan):
                yield [row[name] for name in OPEN_DATA_FIELDS]

        response = StreamingHttpResponse(csv_lines(rows()), content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = 'attachment; filename="sharik-action-plan.csv"'
        return response
    if file_format != "json":
        raise Http404
    body = json.dumps(
        {
            "licence": "ODbL-1.0",
            "plan": plan.title,
            "period": [plan.first_year, plan.last_year],
            "projects": list(_open_data_rows(request, plan)),
        },
        ensure_ascii=False,
    )
    return HttpResponse(body, content_type="application/json; charset=utf-8")
