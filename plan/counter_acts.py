"""The action plan at a counter (participation/counter_acts.py): an agent records a resident's
evaluation of a project, through the service the site uses, marked with the counter and the
agent. Registered in plan/wagtail_hooks.py.

The form is the site's, empty: the agent never sees the resident's earlier evaluation; the new
one replaces it, as it would online (one evaluation per resident and project)."""

from django.utils.translation import get_language, gettext_lazy

from participation.counter_acts import ActRefused, CounterAct
from plan import services
from plan.forms import EvaluationForm
from plan.models import EvaluationCriterion, ProjectEvaluation, ProjectPage

SEARCH_LIMIT = 20


def live_projects(query=""):
    """Projects of the plan in the reader's language (the others in their first version), by a
    word of their title."""
    language = get_language()
    pages = ProjectPage.objects.live().select_related("locale").order_by("pk")
    query = (query or "").strip()
    if query:
        pages = pages.filter(title__icontains=query)
    versions = {}
    for page in pages:
        versions.setdefault(page.translation_key, []).append(page)
    found = []
    for pages in versions.values():
        shown = next((page for page in pages if page.locale.language_code == language), pages[0])
        found.append((shown.pk, shown.title))
    return sorted(found, key=lambda found: found[1])[:SEARCH_LIMIT]


def live_project(pk):
    return ProjectPage.objects.live().filter(pk=pk).first()


def evaluation_form(resident, counter, project, data=None, files=None):
    return EvaluationForm(data)


def evaluate_project(agent, resident, counter, project, form):
    """The online rule (``plan.evaluate_project``: a confirmed email address, which the card
    seen stands for); a second evaluation replaces the first, as online."""
    data = form.cleaned_data
    try:
        evaluation, _created = services.evaluate(
            resident,
            project,
            {name: data[name] for name in EvaluationCriterion.values},
            data["comment"],
            at_counter=counter,
            recorded_by=agent,
        )
    except services.PlanError as error:
        raise ActRefused(str(error), "invalid_scores") from error
    return evaluation, True


def describe_evaluation(evaluation):
    return evaluation.project.title


def counter_acts():
    return [
        CounterAct(
            kind="plan_evaluated",
            label=gettext_lazy("Evaluate a project of the action plan"),
            done_label=gettext_lazy("Project of the action plan evaluated"),
            help_text=gettext_lazy(
                "Read each criterion to the resident and record their scores. An earlier "
                "evaluation is not shown; this one replaces it."
            ),
            build_form=evaluation_form,
            perform=evaluate_project,
            describe=describe_evaluation,
            records=lambda: ProjectEvaluation.objects.select_related("project"),
            find_subjects=live_projects,
            subject=live_project,
            order=40,
        ),
    ]
