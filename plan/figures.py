"""The action plan's figures: where each project stands, totals per axis, per arrondissement and
per status, and residents' evaluations. A fixed number of queries whatever the number of
projects: the projects of one language's plan with their original's figures, the axes, the
progress rows, the arrondissements."""

from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Avg, Count, OuterRef, Subquery
from django.utils.translation import gettext_lazy as _

from participation.figures import Series
from participation.models import Arrondissement
from plan.models import (
    AxisPage,
    EvaluationCriterion,
    ProjectEvaluation,
    ProjectPage,
    ProjectProgress,
    ProjectStatus,
)


@dataclass
class Figures:
    """Totals over a set of projects."""

    projects: int = 0
    planned: Decimal = Decimal(0)
    committed: Decimal = Decimal(0)
    spent: Decimal = Decimal(0)
    progress_total: int = 0
    by_status: dict = field(default_factory=dict)

    def add(self, project):
        self.projects += 1
        self.planned += project.planned
        self.committed += project.standing.budget_committed
        self.spent += project.standing.budget_spent
        self.progress_total += project.standing.percent
        status = project.standing.status
        self.by_status[status] = self.by_status.get(status, 0) + 1

    @property
    def average_progress(self):
        """The plain average of the projects' progress (each project counts once)."""
        return round(self.progress_total / self.projects) if self.projects else 0

    @property
    def execution(self):
        """Budget spent as a share of the budget planned, in %."""
        return round(100 * self.spent / self.planned, 1) if self.planned else 0.0

    @property
    def execution_bar(self):
        """The execution drawn as a bar (an overspent budget fills it)."""
        return min(float(self.execution), 100.0)


def _first_version(field_name):
    return Subquery(
        ProjectPage.objects.filter(translation_key=OuterRef("translation_key"))
        .order_by("pk")
        .values(field_name)[:1]
    )


def plan_projects(plan, within=None):
    """The live projects of ``plan`` (one language's tree), or of one of its axes (``within``),
    each with ``original_pk``, ``planned`` (the original's planned budget, or as revised),
    ``standing`` (its ProjectProgress), ``axis`` and ``arrondissement_keys``: four queries."""
    projects = list(
        ProjectPage.objects.live()
        .descendant_of(within or plan)
        .annotate(original_pk=_first_version("pk"), planned=_first_version("budget_planned"))
        .prefetch_related("arrondissements")
        .order_by("path")
    )
    standings = {
        progress.project_id: progress
        for progress in ProjectProgress.objects.filter(
            project_id__in=[project.original_pk for project in projects]
        )
    }
    axes = list(AxisPage.objects.live().child_of(plan).order_by("path"))
    arrondissement_keys = dict(
        Arrondissement.objects.filter(
            pk__in={a.pk for project in projects for a in project.arrondissements.all()}
        ).values_list("pk", "translation_key")
    )
    for project in projects:
        project.standing = standings.get(project.original_pk) or ProjectProgress(
            project_id=project.original_pk
        )
        project.planned = project.planned or Decimal(0)
        if project.standing.budget_planned is not None:  # revised by an update
            project.planned = project.standing.budget_planned
        project.axis = next((axis for axis in axes if project.path.startswith(axis.path)), None)
        project.arrondissement_keys = [
            arrondissement_keys.get(a.pk) for a in project.arrondissements.all()
        ]
    return projects, axes


def plan_figures(projects, axes, language_code=None):
    """Totals for the dashboard: the whole plan, each axis, each arrondissement (a project in
    several arrondissements counts in each; one for the whole commune counts under "whole
    commune"), each status."""
    total = Figures()
    per_axis = {axis.pk: Figures() for axis in axes}
    per_arrondissement = defaultdict(Figures)
    for project in projects:
        total.add(project)
        if project.axis is not None:
            per_axis[project.axis.pk].add(project)
        for key in project.arrondissement_keys or [None]:
            per_arrondissement[key].add(project)
    names = Arrondissement.objects.names_in(language_code)
    arrondissements = [
        (names.get(a.translation_key, a.name), per_arrondissement.get(a.translation_key, Figures()))
        for a in Arrondissement.objects.canonical().order_by("sort_order", "name")
    ]
    if None in per_arrondissement:
        arrondissements.append((None, per_arrondissement[None]))
    statuses = [(status, total.by_status.get(status.value, 0)) for status in ProjectStatus]
    return {
        "total": total,
        "axes": [(axis, per_axis[axis.pk]) for axis in axes],
        "arrondissements": arrondissements,
        "statuses": statuses,
    }


@dataclass
class EvaluationSummary:
    count: int
    criteria: list  # (criterion, average, count)
    by_arrondissement: list  # (name, count, {criterion: average})


def evaluation_summary(project, language_code=None):
    """Residents' evaluations of ``project``: the average and count per criterion, and per
    arrondissement (two queries, plus the names)."""
    evaluations = ProjectEvaluation.objects.filter(project=project.original)
    criteria = EvaluationCriterion.values
    overall = evaluations.aggregate(n=Count("pk"), **{name: Avg(name) for name in criteria})
    rows = (
        evaluations.values("arrondissement")
        .annotate(n=Count("pk"), **{name: Avg(name) for name in criteria})
        .order_by()
    )
    names = Arrondissement.objects.names_in(language_code)
    keys = dict(Arrondissement.objects.canonical().values_list("pk", "translation_key"))
    by_arrondissement = sorted(
        (
            (
                names.get(keys.get(row["arrondissement"]), None),
                row["n"],
                {name: round(row[name], 1) for name in criteria},
            )
            for row in rows
        ),
        key=lambda item: (item[0] is None, item[0] or ""),
    )
    return EvaluationSummary(
        count=overall["n"],
        criteria=[
            (
                EvaluationCriterion(name),
                round(overall[name], 1) if overall[name] is not None else None,
                overall["n"],
            )
            for name in criteria
        ],
        by_arrondissement=by_arrondissement,
    )


def participation_series():
    """What the plan counts in the participation figures (participation/figures.py): residents'
    evaluations of projects, in the arrondissement given with them, else the one of the
    resident's profile. Registered in plan/wagtail_hooks.py."""
    return [
        Series(
            kind="evaluations",
            label=_("Evaluations of plan projects"),
            records=lambda: ProjectEvaluation.objects.all(),
            date="created_at",
            arrondissement=("arrondissement", "resident__arrondissement"),
            participant="resident",
            counter="at_counter",
            order=60,
        ),
    ]
