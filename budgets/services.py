"""The verbs of participatory budgets, one transaction each: residents submit ideas and cast
ballots; staff turn proposals into ideas, review, cost and merge them, and once the vote is
over add the winners to the action plan (each step in the audit log). Authors and followers
are told after commit. Who may vote is decided in budgets/rules.py.
"""

from decimal import Decimal
from enum import StrEnum

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from budgets import counts
from budgets.models import (
    Ballot,
    BallotChoice,
    BallotKind,
    BallotVersion,
    BudgetPhase,
    BudgetProject,
    Feasibility,
    VoterRule,
)
from budgets.rules import voter_identity, voting_refusal
from budgets.tally import tally
from information.models import Department
from participation import supports
from participation.models import Arrondissement, NotificationCategory
from participation.notifications import notify, notify_followers
from participation.pagecache import remembered
from participation.rules import is_verified_resident
from participation.services import ParticipationError, audit, follow_automatically
from plan.models import AxisPage, ProjectPage

# Staff review and merge ideas until the vote opens: after, a ballot's choices must not change
# under the voter.
REVIEW_PHASES = frozenset({BudgetPhase.IDEAS, BudgetPhase.REVIEW})
# The winners are known, and go into the action plan, once the vote is over.
RESULT_PHASES = frozenset({BudgetPhase.RESULTS, BudgetPhase.FOLLOW_UP})


def _tell_author(project, write_message):
    transaction.on_commit(
        lambda: notify(
            project.author,
            NotificationCategory.FOLLOWED_ACTIVITY,
            write_message,
            url=project.participation_url(),
        )
    )


def _canonical(arrondissement):
    """The default-language row of ``arrondissement`` (the one envelopes and projects name)."""
    if arrondissement is None:
        return None
    canonical = remembered(
        ("canonical-arrondissements",),
        lambda: {a.translation_key: a for a in Arrondissement.objects.canonical()},
    )
    found = canonical.get(arrondissement.translation_key)
    if found is None:  # added since the memo was made
        found = Arrondissement.objects.canonical().get(
            translation_key=arrondissement.translation_key
        )
    return found


# --- Ideas --------------------------------------------------------------------------------------


@transaction.atomic
def submit_idea(
    author, budget, *, title, description, arrondissement=None, submission=None, **details
):
    """A resident's idea, during the ideas phase only; its author follows it. ``details``:
    ``estimated_cost``, ``latitude``, ``longitude``, ``image``, ``image_description``. The same
    form sent twice (``submission``, its one-time key) returns the project the first created."""
    budget = budget.original
    if budget.phase != BudgetPhase.IDEAS:
        raise ParticipationError(_("Ideas are not being collected for this budget."))
    if not is_verified_resident(author):
        raise ParticipationError(_("Confirm your email address to submit an idea."))
    title, description = title.strip(), description.strip()
    if not title or not description:
        raise ParticipationError(_("Give your idea a title and a description."))
    if submission is not None:
        earlier = BudgetProject.objects.filter(author=author, submission=submission).first()
        if earlier is not None:
            return earlier
    try:
        with transaction.atomic():
            project = BudgetProject.objects.create(
                budget=budget,
                author=author,
                title=title,
                description=description,
                arrondissement=_canonical(arrondissement),
                submission=submission,
                **details,
            )
    except IntegrityError:  # the same form, sent twice at the same instant
        return BudgetProject.objects.get(author=author, submission=submission)
    follow_automatically(author, project)
    return project


@transaction.atomic
def idea_from_proposal(staff, budget, proposal):
    """Staff turn a resident's proposal into an idea of the budget, by its author; the proposal
    and the project are linked both ways (``proposal.budget_projects``)."""
    budget = budget.original
    if budget.phase not in REVIEW_PHASES:
        raise ParticipationError(_("Ideas are added before the vote opens."))
    project = BudgetProject.objects.create(
        budget=budget,
        author=proposal.author,
        title=proposal.title,
        description=proposal.body,
        arrondissement=_canonical(proposal.arrondissement),
        latitude=proposal.latitude,
        longitude=proposal.longitude,
        image=proposal.image.name if proposal.image else "",
        image_description=proposal.image_description,
        proposal=proposal,
    )
    follow_automatically(proposal.author, project)
    audit(staff, "budget_project.from_proposal", project, proposal=proposal.pk)
    _tell_author(
        project,
        lambda: (
            _("Your proposal “%(title)s” is now an idea of the participatory budget “%(budget)s”.")
            % {"title": proposal.title, "budget": budget.title}
        ),
    )
    return project


# --- Technical review -------------------------------------------------------------------------


def _check_reviewable(project):
    if project.budget.phase not in REVIEW_PHASES:
        raise ParticipationError(_("Projects are reviewed before the vote opens."))
    if project.merged_into_id is not None:
        raise ParticipationError(_("This project was merged into another."))


@transaction.atomic
def review(staff, project, *, feasible, official_cost=None, department="", reason=""):
    """The commune's technical review: feasible, with its official cost and the department in
    charge, or not feasible, with the reason. The author and the followers are told."""
    project = BudgetProject.objects.select_for_update().get(pk=project.pk)
    _check_reviewable(project)
    department, reason = department.strip(), reason.strip()
    if feasible:
        if not official_cost or not department:
            raise ParticipationError(
                _("A feasible project has its official cost and the department in charge.")
            )
        project.feasibility = Feasibility.FEASIBLE
        project.official_cost, project.department, project.review_reason = (
            official_cost,
            department,
            "",
        )
    else:
        if not reason:
            raise ParticipationError(_("Give the reason: the author and followers are told."))
        project.feasibility = Feasibility.UNFEASIBLE
        project.official_cost, project.review_reason = None, reason
    project.reviewed_by, project.reviewed_at = staff, timezone.now()
    project.save()
    audit(staff, f"budget_project.{project.feasibility}", project, reason)

    def message():
        if feasible:
            return _("“%(title)s” is feasible: it will be on the ballot, for %(cost)s MAD.") % {
                "title": project.title,
                "cost": project.official_cost,
            }
        return _("“%(title)s” is not feasible. Reason: %(reason)s") % {
            "title": project.title,
            "reason": reason,
        }

    key = f"budget-review:{project.pk}:{project.reviewed_at.isoformat()}"
    transaction.on_commit(
        lambda: notify_followers(
            project,
            NotificationCategory.FOLLOWED_ACTIVITY,
            message,
            project.participation_url(),
            key=key,
        )
    )
    return project


@transaction.atomic
def merge(staff, projects, into):
    """Merge ``projects`` into ``into``: they leave the ballot, their authors are told, their
    supporters now support ``into``."""
    into = BudgetProject.objects.select_for_update().get(pk=into.pk)
    _check_reviewable(into)
    ids = {project.pk for project in projects} - {into.pk}
    if not ids:
        raise ParticipationError(_("Choose the projects to merge into this one."))
    merged = list(BudgetProject.objects.select_for_update().filter(pk__in=ids))
    if any(p.budget_id != into.budget_id or p.merged_into_id is not None for p in merged):
        raise ParticipationError(_("Only projects of the same budget, not yet merged, merge."))
    for project in merged:
        project.merged_into = into
        project.save(update_fields=["merged_into"])
        audit(staff, "budget_project.merge", project, into=into.pk)
        _tell_author(
            project,
            lambda project=project: (
                _("Your idea “%(title)s” was merged into “%(into)s”, which carries it on.")
                % {"title": project.title, "into": into.title}
            ),
        )
    supports.carry_supports(merged, into)
    return into


# --- Ballots ----------------------------------------------------------------------------------


def ballot_projects(envelope, project_ids):
    """The projects of a ballot in ``envelope``, checked: at least one, each on the ballot of
    this envelope, within the amount (knapsack) or the number of choices (approval)."""
    budget = envelope.budget.original
    ids = set(project_ids)
    if not ids:
        raise ParticipationError(_("Choose at least one project."))
    projects = list(
        BudgetProject.objects.on_ballot()
        .filter(budget=budget, pk__in=ids)
        .select_related("arrondissement")
    )
    if len(projects) != len(ids) or any(
        budget.envelope_for(project.arrondissement).pk != envelope.pk for project in projects
    ):
        raise ParticipationError(_("Choose among the feasible projects of this envelope."))
    if budget.ballot_kind == BallotKind.KNAPSACK:
        if sum(project.official_cost for project in projects) > envelope.amount:
            raise ParticipationError(_("Your choice costs more than the envelope's amount."))
    elif len(projects) > budget.max_choices:
        raise ParticipationError(
            _("Choose at most %(count)s projects.") % {"count": budget.max_choices}
        )
    return projects


class VotingRefused(ParticipationError):
    """The voter may not vote in this envelope now (``voting_refusal`` says why)."""


class BallotChange(StrEnum):
    """What casting did: a first ballot, a changed one, or the same choice sent again."""

    NEW = "new"
    CHANGED = "changed"
    SAME = "same"


def cast_ballot(voter, envelope, project_ids, at_counter_by=None):
    """Cast or change ``voter``'s ballot in ``envelope``; returns the ballot, whose ``change``
    says what casting did (``BallotChange``). Changing it adds a version, which becomes the one
    counted; sending the same choice again (a double submit) adds nothing. The unique
    constraints and the ballot's row lock make a race create one ballot: the loser of an insert
    race finds the winner's ballot on its second try.

    ``at_counter_by``: the counter agent who records the ballot for the voter (assisted
    participation). Raises ``VotingRefused`` when the voter may not vote here, and
    ``ParticipationError`` for a choice the ballot refuses."""
    budget = envelope.budget.original
    refusal = voting_refusal(voter, budget, envelope)
    if refusal:
        raise VotingRefused(refusal)
    if at_counter_by is not None and not at_counter_by.has_perm("budgets.record_ballot_at_counter"):
        raise ParticipationError(_("Only counter agents record ballots for residents."))
    projects = ballot_projects(envelope, project_ids)
    arrondissement, declaration = voter_identity(voter, budget)
    arrondissement = _canonical(arrondissement)
    cin = declaration.cin_digest if budget.voter_rule == VoterRule.IDENTITY else ""
    for attempt in range(3):
        try:
            with transaction.atomic():
                ballot = _record(voter, envelope, projects, arrondissement, cin, at_counter_by)
                if ballot.change == BallotChange.NEW:
                    transaction.on_commit(lambda: counts.voters_changed(budget.pk))
                return ballot
        except IntegrityError:  # another request created the ballot first: use it
            if attempt == 2:
                raise
    raise AssertionError("unreachable")


def _record(voter, envelope, projects, arrondissement, cin, agent):
    same_voter = Q(voter=voter)
    if cin:
        same_voter |= Q(cin_digest=cin)
    ballot = (
        Ballot.objects.select_for_update()
        .filter(same_voter, envelope=envelope)
        .order_by("pk")
        .first()
    )
    change = BallotChange.CHANGED
    if ballot is None:
        ballot = Ballot.objects.create(
            envelope=envelope, voter=voter, cin_digest=cin, arrondissement=arrondissement
        )
        change = BallotChange.NEW
    elif ballot.voter_id != voter.pk:
        raise ParticipationError(_("A ballot was already cast with this national ID card."))
    elif ballot.current_version_id is not None:
        chosen = set(
            BallotChoice.objects.filter(version=ballot.current_version_id).values_list(
                "project", flat=True
            )
        )
        if chosen == {project.pk for project in projects}:
            ballot.change = BallotChange.SAME
            return ballot
    else:  # a ballot whose first version did not commit
        change = BallotChange.NEW
    version = BallotVersion.objects.create(
        ballot=ballot, cast_by=agent, at_counter=agent is not None
    )
    BallotChoice.objects.bulk_create(
        [BallotChoice(version=version, project=project) for project in projects]
    )
    ballot.current_version = version
    ballot.save(update_fields=["current_version"])
    if agent is not None:
        audit(agent, "budget_ballot.at_counter", ballot)
    ballot.change = change
    return ballot


# --- The winners in the action plan ------------------------------------------------------------


def plan_axis(budget):
    """The axis page of the action plan (default language, live) whose category of proposals is
    the budget's axis, or None."""
    budget = budget.original
    if budget.axis_id is None:
        return None
    return (
        AxisPage.objects.live()
        .filter(locale__language_code=settings.LANGUAGE_CODE, proposal_category=budget.axis_id)
        .order_by("path")
        .first()
    )


def _truncated(text, field_name):
    limit = ProjectPage._meta.get_field(field_name).max_length
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


@transaction.atomic
def _show_in_every_language(page, axis):
    """The new project in every language the plan is in, as an alias of the Arabic page until
    editors translate it: the plan's list and figures stay the same in every language (a French
    resident would otherwise see fewer projects, and another total, than an Arabic one)."""
    for translated_axis in axis.get_translations():
        if not page.has_translation(translated_axis.locale):
            page.copy_for_translation(translated_axis.locale, alias=True)


def add_winners_to_plan(staff, budget):
    """Once the vote is over, each winning project (budgets/tally.py) not yet in the action plan
    becomes a published project of the plan, under the axis of the budget's axis, and is linked
    to it (``BudgetProject.plan_project``); its followers are told. Returns the pages created:
    none when every winner is in the plan already, so a second call adds nothing."""
    budget = budget.original
    if budget.phase not in RESULT_PHASES:
        raise ParticipationError(_("The winners go into the action plan once the vote is over."))
    axis = plan_axis(budget)
    if axis is None:
        raise ParticipationError(
            _(
                "This budget has no axis of the action plan, or no axis of the plan has its "
                "category: choose the budget's axis first."
            )
        )
    winners = [pk for result in tally(budget).values() for pk in result.winners]
    # The lock makes a second request, sent at the same time, wait and then find them linked.
    projects = (
        # Only the projects' rows: PostgreSQL locks no row of a nullable join (an arrondissement).
        BudgetProject.objects.select_for_update(of=("self",))
        .filter(budget=budget, pk__in=winners, plan_project__isnull=True)
        .select_related("arrondissement")
        .order_by("pk")
    )
    pages = []
    for project in projects:
        page = ProjectPage(
            title=project.title,
            objective=_truncated(project.description, "objective"),
            latitude=project.latitude,
            longitude=project.longitude,
            budget_planned=Decimal(project.official_cost),
            # The department in charge, where the review named one of the commune's.
            responsible_department=Department.objects.named(project.department),
            owner=staff,
        )
        page.arrondissements = [project.arrondissement] if project.arrondissement_id else []
        axis.add_child(instance=page)
        page.save_revision(user=staff).publish(user=staff)
        _show_in_every_language(page, axis)
        project.plan_project = page
        project.save(update_fields=["plan_project"])
        audit(staff, "budget_project.to_plan", project, plan_project=page.pk)
        _tell_followers_in_plan(project, page)
        pages.append(page)
    return pages


def _tell_followers_in_plan(project, page):
    def message():
        return _(
            "“%(title)s” won the participatory budget: it is now a project of the action plan."
        ) % {"title": project.title}

    transaction.on_commit(
        lambda: notify_followers(
            project,
            NotificationCategory.FOLLOWED_ACTIVITY,
            message,
            page.url or "",
            key=f"budget-plan:{project.pk}",
        )
    )
