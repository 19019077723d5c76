"""The verbs of the action plan: post a progress update (the only way a project's status,
progress and budget figures change, so each change has its history), and evaluate a project."""

from decimal import Decimal

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from participation.services import audit
from plan.models import (
    EvaluationCriterion,
    ProjectEvaluation,
    ProjectProgress,
    ProjectStatus,
    ProjectUpdate,
    UpdateKind,
)
from plan.tasks import announce_update

# The figures an update may change, in the order the history lists them.
TRACKED = ("status", "percent", "budget_planned", "budget_committed", "budget_spent")


class PlanError(Exception):
    """A refused action, with a message for the person."""


def post_update(author, project, date, text, attachments=(), **figures):
    """Record a dated update of ``project`` with its ``attachments`` (unsaved
    ProjectUpdateAttachment: photos, documents) and apply its new figures (``status``,
    ``percent``, ``budget_planned`` (revised), ``budget_committed``, ``budget_spent``; None
    leaves one unchanged). The update keeps what changed, before and after; followers are told
    in the background. The editors report on every project, a department on its own
    (plan/rules.py)."""
    if not author.has_perm("plan.report_progress", project):
        raise PlanError(_("You may not post progress updates on this project."))
    return _record_update(author, project, date, text, attachments, **figures)


@transaction.atomic
def _record_update(
    author, project, date, text, attachments=(), kind=UpdateKind.PROGRESS, council=None, **figures
):
    original = project.original
    progress, _created = ProjectProgress.objects.select_for_update().get_or_create(project=original)
    if figures.get("percent") is not None and not 0 <= figures["percent"] <= 100:
        raise PlanError(_("Progress is a percentage, from 0 to 100."))
    if figures.get("status") and figures["status"] not in ProjectStatus.values:
        raise PlanError(_("Unknown status."))
    changes = {}
    for name in TRACKED:
        value = figures.get(name)
        if value in (None, ""):
            continue
        before = getattr(progress, name)
        if name == "budget_planned" and before is None:
            before = original.budget_planned  # the page's figure, until first revised
        if _plain(name, before) != _plain(name, value):
            changes[name] = [_plain(name, before), _plain(name, value)]
            setattr(progress, name, value)
    if date >= (progress.updated_on or date):
        progress.updated_on = date
    progress.save()
    update = ProjectUpdate.objects.create(
        project=original,
        date=date,
        text=text,
        author=author,
        changes=changes,
        kind=kind,
        council=council or {},
        **{name: figures.get(name) for name in TRACKED if figures.get(name) not in (None, "")},
    )
    for order, attachment in enumerate(attachments):
        attachment.update = update
        attachment.sort_order = order
        attachment.save()
    if author is not None:
        audit(author, "plan.post_update", original, update=update.pk, changes=changes)
    transaction.on_commit(lambda: announce_update.enqueue(update.pk))
    return update


def _plain(name, value):
    """A JSON-friendly copy of a figure: amounts as text with their cents ("1500000.00")."""
    if name.startswith("budget_"):
        return f"{Decimal(value):.2f}"
    return value


def evaluate(resident, project, scores, comment="", *, at_counter=None, recorded_by=None):
    """Record ``resident``'s evaluation of ``project`` (scores: criterion → 1..5), replacing
    their earlier one: one evaluation per resident, whatever the interleaving of submits.

    ``at_counter`` (an arrondissement) and ``recorded_by`` (the agent) mark an evaluation a
    counter agent recorded for the resident (counters/); an evaluation changed online
    afterwards is the resident's own again."""
    original = project.original
    values = {name: int(scores[name]) for name in EvaluationCriterion.values}
    if any(not 1 <= value <= 5 for value in values.values()):
        raise PlanError(_("Each score is from 1 to 5."))
    values["comment"] = comment.strip()
    values["arrondissement_id"] = resident.arrondissement_id
    values["at_counter_id"] = getattr(at_counter, "pk", None)
    values["recorded_by_id"] = getattr(recorded_by, "pk", None)
    try:
        with transaction.atomic():
            evaluation, created = ProjectEvaluation.objects.update_or_create(
                project=original, resident=resident, defaults=values
            )
    except IntegrityError:  # a simultaneous first evaluation won: update it
        evaluation = ProjectEvaluation.objects.get(project=original, resident=resident)
        for name, value in values.items():
            setattr(evaluation, name, value)
        evaluation.save()
        created = False
    return evaluation, created


# --- The council (participation/agenda.py) ------------------------------------------------------


def on_council_agenda(project, news, actor):
    """A council session's agenda names the project: a dated update of its timeline, told to its
    followers like any other (the council's record: whoever keeps the sessions writes it). The
    item is in the session's words; its heading, in each reader's language
    (plan/_update_heading.html)."""
    return _record_update(
        actor,
        project,
        timezone.localdate(),
        news.item,
        kind=UpdateKind.AGENDA,
        council=news.record(),
    )


def on_council_decision(project, deliberation, actor):
    """The council decided on it: the decision, dated of the session, on its timeline, with its
    outcome, reference and votes (``ProjectUpdate.council_facts_parts``)."""
    return _record_update(
        actor,
        project,
        deliberation.day,
        deliberation.text,
        kind=UpdateKind.DECISION,
        council=deliberation.record(),
    )
