"""The verbs of proposals: one transaction each; the state machine lives in models.TRANSITIONS and
moves through participation/workflow.py."""

from django.conf import settings
from django.db import connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from participation.models import NotificationCategory
from participation.notifications import notify
from participation.services import (
    ParticipationError,
    audit,
    automatic_follow_sql,
    follow,
    follow_automatically,
    host_content_type,
)
from participation.tasks import (
    enqueue_recount,
    mark_recount_queued_sql,
    queue_recount,
    recount_window,
)
from proposals.counts import recount_key
from proposals.models import WORKFLOW, ProposalEvent, ProposalStatus, Support
from proposals.tasks import announce_answer, refresh_support_count


def moderation_mode():
    """``pre``: a moderator publishes each proposal; ``post``: published at once and moderated
    afterwards."""
    return settings.SHARIK_PROPOSAL_MODERATION


@transaction.atomic
def save_draft(proposal):
    """Keep a proposal as a draft its author can come back to."""
    proposal.status = ProposalStatus.DRAFT
    proposal.save()
    return proposal


@transaction.atomic
def submit(proposal):
    """The author submits (or resubmits after a return): to moderation, or published at once."""
    target = ProposalStatus.PUBLISHED if moderation_mode() == "post" else ProposalStatus.PENDING
    WORKFLOW.transition(proposal, target, proposal.author)
    follow(proposal.author, proposal, automatic=True)
    return proposal


@transaction.atomic
def submit_at_counter(form, author, *, at_counter, recorded_by):
    """A proposal a counter agent typed for ``author`` (``form``: a valid ``ProposalForm``, the
    online form's validation), saved under the author's name, marked with the counter and the
    agent, and submitted as the author would submit it online (moderated the same way)."""
    proposal = form.save(commit=False)
    proposal.author = author
    proposal.at_counter = at_counter
    proposal.recorded_by = recorded_by
    proposal.status = ProposalStatus.DRAFT
    proposal.save()
    form.save_m2m()
    return submit(proposal)


@transaction.atomic
def publish(moderator, proposal):
    WORKFLOW.transition(proposal, ProposalStatus.PUBLISHED, moderator)
    audit(moderator, "proposal.publish", proposal)
    notify(
        proposal.author,
        NotificationCategory.MODERATION,
        lambda: (
            _("Your proposal “%(title)s” is published: neighbours can now support it.")
            % {"title": proposal.title}
        ),
        url=proposal.get_absolute_url(),
    )
    return proposal


@transaction.atomic
def return_to_author(moderator, proposal, reason):
    """Moderation refuses publication for now; the author sees why and may edit and resubmit
    (``Proposal.return_to_author``)."""
    return proposal.return_to_author(moderator, reason)


@transaction.atomic
def answer(official, proposal, new_status, text, merged_into=None, plan_project=None):
    """The commune's public answer: a new status with its explanation, on the timeline,
    notified to the author and to everyone who follows the proposal. ``plan_project``: the
    action plan project the proposal joins (accepted into the plan, or merged into a project)."""
    text = text.strip()
    if not text:
        raise ParticipationError(_("Write the commune's answer: it is published."))
    if new_status == ProposalStatus.MERGED:
        if merged_into is None or merged_into.pk == proposal.pk:
            raise ParticipationError(_("Choose the proposal it is merged into."))
        proposal.merged_into = merged_into
    if plan_project is not None:
        proposal.plan_project = plan_project.original
    event = WORKFLOW.transition(proposal, new_status, official, text)
    audit(official, f"proposal.{new_status}", proposal, text)
    # Followers are told in the background, in batches (proposals/announcements.py).
    transaction.on_commit(lambda: announce_answer.enqueue(proposal.pk, event.pk))
    return proposal


@transaction.atomic
def add_update(author, proposal, text):
    """After the first support the text is frozen; the author adds dated updates instead."""
    text = text.strip()
    if not text:
        raise ParticipationError(_("Write the update."))
    return ProposalEvent.objects.create(
        proposal=proposal, kind=ProposalEvent.Kind.UPDATE, text=text, actor=author
    )


# --- Support ----------------------------------------------------------------------------------


def support(user, proposal, *, at_counter=None, recorded_by=None):
    """Support once: one ``INSERT … ON CONFLICT DO NOTHING`` guarded by the unique constraint,
    so concurrent clicks and double submits make one row. The visible count is refreshed after
    commit, in the background, never by updating one hot row per click on the request path
    (docs/architecture.md, "Counting"). Returns whether this call added the support.

    ``at_counter`` (an arrondissement) and ``recorded_by`` (the agent) mark a support a counter
    agent recorded for the resident (counters/); who may support is decided by the same rules
    (``proposals.support_proposal_at_counter``, checked by the caller as the view checks
    ``proposals.support_proposal``)."""
    marks = (getattr(at_counter, "pk", None), getattr(recorded_by, "pk", None))
    if connection.vendor == "postgresql":
        created, recount_marked = _support_in_one_statement(user, proposal, marks)
        if recount_marked:
            transaction.on_commit(lambda: enqueue_recount(refresh_support_count, proposal.pk))
        return created
    table = connection.ops.quote_name(Support._meta.db_table)
    with transaction.atomic():
        with connection.cursor() as cursor:
            cursor.execute(
                f"INSERT INTO {table} "  # noqa: S608
                "(proposal_id, user_id, created_at, at_counter_id, recorded_by_id) "
                "VALUES (%s, %s, %s, %s, %s) "
                "ON CONFLICT (proposal_id, user_id) DO NOTHING RETURNING id",
                [proposal.pk, user.pk, timezone.now(), *marks],
            )
            created = cursor.fetchone() is not None
        if created:
            follow_automatically(user, proposal)  # in the same transaction, one statement
            transaction.on_commit(lambda: schedule_support_count(proposal.pk))
    return created


def _support_in_one_statement(user, proposal, marks):
    """On PostgreSQL, the support, its follow and the recount's marker in one statement (atomic
    by itself: one round trip instead of five, as a signature is). Returns whether a support was
    added and whether it marked a recount queued (then the caller queues it)."""
    quote = connection.ops.quote_name
    now = timezone.now()
    with connection.cursor() as cursor:
        cursor.execute(
            f"""
            WITH support AS (
                INSERT INTO {quote(Support._meta.db_table)}
                    (proposal_id, user_id, created_at, at_counter_id, recorded_by_id)
                VALUES (%s, %s, %s, %s, %s)
                ON CONFLICT (proposal_id, user_id) DO NOTHING RETURNING id
            ), follow AS (
                {automatic_follow_sql(for_each_row_of="support")}
            ), recount AS (
                {mark_recount_queued_sql(for_each_row_of="support")}
            )
            SELECT EXISTS (SELECT 1 FROM support), EXISTS (SELECT 1 FROM recount)
            """,  # noqa: S608 (table names, not input)
            [
                proposal.pk,
                user.pk,
                now,
                *marks,
                host_content_type(proposal).pk,
                proposal.pk,
                user.pk,
                now,
                recount_key(proposal.pk),
                recount_window(),
            ],
        )
        return cursor.fetchone()


def schedule_support_count(proposal_id):
    """Queue a recount unless one is already queued: a burst of supports is counted in a few
    passes, not one per click (as petitions' signatures are)."""
    queue_recount(refresh_support_count, recount_key(proposal_id), proposal_id)


def withdraw_support(user, proposal):
    with transaction.atomic():
        deleted, _rows = Support.objects.filter(proposal=proposal, user=user).delete()
        transaction.on_commit(lambda: schedule_support_count(proposal.pk))
    return bool(deleted)


# --- The council (participation/agenda.py) ------------------------------------------------------


def _council_step(proposal, kind, text, actor, council=None):
    event = ProposalEvent.objects.create(
        proposal=proposal, kind=kind, text=text, actor=actor, council=council or {}
    )
    transaction.on_commit(lambda: announce_answer.enqueue(proposal.pk, event.pk))
    return event


def on_council_agenda(proposal, news, actor):
    """A council session's agenda names the proposal: a step of its timeline, told to its
    followers."""
    return _council_step(
        proposal, ProposalEvent.Kind.AGENDA, news.item, actor, council=news.record()
    )


def on_council_decision(proposal, deliberation, actor):
    """The council decided on it: the decision, its outcome, reference and votes, on its
    timeline (those in each reader's language: ``TimelineEvent.council_facts``)."""
    return _council_step(
        proposal,
        ProposalEvent.Kind.DECISION,
        deliberation.text,
        actor,
        council=deliberation.record(),
    )
