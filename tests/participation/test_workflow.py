"""The shared status machine (participation/workflow.py) on its own: a small table of states of
its own, a stand-in host for the checks, and proposals' tables (the first content built on it)
for what is saved: the step with who and when, a private return with its reason, who reads the
content and its steps. What proposals and petitions allow is tested in their folders."""

from datetime import datetime
from types import SimpleNamespace
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import ImproperlyConfigured
from django.db import models
from django.utils import translation

from participation.models import Arrondissement, AuditLogEntry, Notification
from participation.services import ParticipationError
from participation.workflow import Workflow, required_reason
from proposals.models import Proposal, ProposalCategory
from tests.factories import ResidentFactory, UnverifiedResidentFactory


class Step(models.TextChoices):
    DRAFT = "draft", "Draft"
    PENDING = "pending", "Pending"
    RETURNED = "returned", "Returned"
    PUBLISHED = "published", "Published"
    CLOSED = "closed", "Closed"


TABLE = {
    Step.DRAFT: {Step.PENDING: "author"},
    Step.PENDING: {Step.PUBLISHED: "moderator", Step.RETURNED: "moderator"},
    Step.RETURNED: {Step.PENDING: "author"},
    Step.PUBLISHED: {Step.CLOSED: "official", Step.RETURNED: "moderator"},
    Step.CLOSED: {},
}
ALLOWED = {(source, target) for source, moves in TABLE.items() for target in moves}
REFUSED = sorted({(s, t) for s in Step.values for t in Step.values} - ALLOWED)


def make_workflow(table=TABLE):
    return Workflow(
        Step,
        table,
        name="request",
        refusal="A request cannot go from “%(old)s” to “%(new)s”.",
        returned=Step.RETURNED,
    )


class StandInHost:
    """What ``Workflow.transition`` reads and calls on a host, written down in order."""

    def __init__(self, status):
        self.status = status
        self.calls = []
        self.events = SimpleNamespace(create=self._record)

    def entering(self, status):
        self.calls.append(("entering", status))

    def save(self):
        self.calls.append(("save", self.status))

    def _record(self, **fields):
        self.calls.append(("event", fields))
        return SimpleNamespace(**fields)


# --- The table ---------------------------------------------------------------------------------


def test_the_table_says_which_moves_are_allowed_and_who_takes_them():
    workflow = make_workflow()
    assert workflow.allows(Step.DRAFT, Step.PENDING)
    assert not workflow.allows(Step.DRAFT, Step.PUBLISHED)
    assert workflow.targets(Step.PENDING, "moderator") == [Step.PUBLISHED, Step.RETURNED]
    assert workflow.targets(Step.PUBLISHED, "official") == [Step.CLOSED]
    assert workflow.targets(Step.CLOSED, "official") == []


@pytest.mark.parametrize(
    "table",
    [
        {state: moves for state, moves in TABLE.items() if state != Step.CLOSED},
        {**TABLE, Step.CLOSED: {"archived": "official"}},
    ],
    ids=["a state without its line", "a move to an unknown state"],
)
def test_a_table_that_leaves_out_or_invents_a_state_is_refused_at_start(table):
    with pytest.raises(ImproperlyConfigured):
        make_workflow(table)


@pytest.mark.parametrize(("source", "target"), sorted(ALLOWED))
def test_an_allowed_move_is_saved_then_recorded(source, target):
    host = StandInHost(source)
    actor = object()
    event = make_workflow().transition(host, target, actor, "why", public=False)
    assert host.status == target
    assert host.calls == [
        ("entering", target),
        ("save", target),
        (
            "event",
            {"status": target, "text": "why", "actor": actor, "is_public": False, "council": {}},
        ),
    ]
    assert event.status == target


@pytest.mark.parametrize(("source", "target"), REFUSED)
def test_a_move_outside_the_table_is_refused_and_changes_nothing(source, target):
    host = StandInHost(source)
    with pytest.raises(ParticipationError) as refused:
        make_workflow().transition(host, target, None)
    assert str(refused.value) == (
        f"A request cannot go from “{Step(source).label}” to “{Step(target).label}”."
    )
    assert host.status == source
    assert host.calls == []


def test_a_reason_is_required_and_kept_without_surrounding_blanks():
    assert required_reason("  unclear title \n", "Give the reason.") == "unclear title"
    with pytest.raises(ParticipationError, match="Give the reason"):
        required_reason(" \n ", "Give the reason.")


# --- What is saved, on a concrete host ----------------------------------------------------------


def make_host(owner, status):
    return Proposal.objects.create(
        title="إنارة الشارع",
        body="نقترح إنارة الشارع الرئيسي",
        category=ProposalCategory.objects.canonical().first(),
        arrondissement=Arrondissement.objects.canonical().first(),
        author=owner,
        status=status,
    )


@pytest.mark.django_db
def test_the_step_records_who_took_it_and_when(moderator):
    host = make_host(ResidentFactory(), Step.PENDING)
    moment = datetime(2026, 4, 6, 9, 30, tzinfo=ZoneInfo("Africa/Casablanca"))
    with time_machine.travel(moment, tick=False):
        make_workflow().transition(host, Step.PUBLISHED, moderator, "Clear and useful.")
    step = host.events.get()
    assert (step.status, step.actor, step.text, step.is_public) == (
        Step.PUBLISHED,
        moderator,
        "Clear and useful.",
        True,
    )
    assert step.created_at == moment
    assert Proposal.objects.get(pk=host.pk).status == Step.PUBLISHED


@pytest.mark.django_db
def test_a_refused_move_saves_no_status_and_no_step(moderator):
    host = make_host(ResidentFactory(), Step.DRAFT)
    with pytest.raises(ParticipationError):
        make_workflow().transition(host, Step.CLOSED, moderator)
    assert Proposal.objects.get(pk=host.pk).status == Step.DRAFT
    assert not host.events.exists()


@pytest.mark.django_db
def test_a_return_is_a_private_step_audited_and_told_to_the_owner(moderator):
    owner = ResidentFactory()
    host = make_host(owner, Step.PUBLISHED)
    make_workflow().return_with_reason(
        moderator, host, "The place is missing.", lambda: "Sent back: the place is missing."
    )
    step = host.events.get()
    assert (step.status, step.is_public, step.actor, step.text) == (
        Step.RETURNED,
        False,
        moderator,
        "The place is missing.",
    )
    entry = AuditLogEntry.objects.get(action="request.return")
    assert (entry.actor, entry.object_id, entry.reason) == (
        moderator,
        host.pk,
        "The place is missing.",
    )
    told = Notification.objects.get(recipient=owner)
    assert told.message == "Sent back: the place is missing."
    with translation.override(owner.preferred_language):  # the link opens in their language
        assert told.url == host.get_absolute_url()


# --- Who reads the content and its steps ---------------------------------------------------------


@pytest.mark.django_db
def test_before_its_public_statuses_only_the_owner_and_moderators_read_it(moderator):
    owner = ResidentFactory()
    host = make_host(owner, Step.PENDING)
    readers = {
        "anonymous": AnonymousUser(),
        "neighbour": ResidentFactory(),
        "owner": owner,
        "moderator": moderator,
    }

    def who_reads():
        """The readers, as the host says and as its queryset says (they must agree)."""
        by_host = {name for name, user in readers.items() if host.participation_is_visible_to(user)}
        by_query = {
            name
            for name, user in readers.items()
            if Proposal.objects.visible_to(user).filter(pk=host.pk).exists()
        }
        assert by_host == by_query
        return by_host

    assert who_reads() == {"owner", "moderator"}
    assert not Proposal.objects.public().filter(pk=host.pk).exists()
    assert not host.comments_are_open()

    make_workflow().transition(host, Step.PUBLISHED, moderator)
    assert who_reads() == set(readers)
    assert Proposal.objects.public().filter(pk=host.pk).exists()
    assert host.comments_are_open()


@pytest.mark.django_db
def test_private_steps_are_read_by_the_owner_and_moderators_only(moderator):
    owner = ResidentFactory()
    host = make_host(owner, Step.PENDING)
    workflow = make_workflow()
    workflow.transition(host, Step.RETURNED, moderator, "Add the place.", public=False)
    workflow.transition(host, Step.PENDING, owner)
    everything = [Step.RETURNED, Step.PENDING]
    for reader, expected in [
        (owner, everything),
        (moderator, everything),
        (ResidentFactory(), [Step.PENDING]),
        (AnonymousUser(), [Step.PENDING]),
    ]:
        assert [step.status for step in host.timeline_for(reader)] == expected


@pytest.mark.django_db
def test_the_shared_rules_name_the_owner_and_the_statuses(moderator):
    from participation.rules import host_in_statuses, is_owner, may_edit_own

    owner = ResidentFactory()
    host = make_host(owner, Step.DRAFT)
    in_drafting = host_in_statuses(Step.DRAFT, Step.RETURNED)
    edits = may_edit_own(in_drafting)
    assert is_owner(owner, host) and not is_owner(moderator, host)
    assert not is_owner(AnonymousUser(), host)
    assert edits(owner, host) and not edits(moderator, host)
    host.status = Step.PENDING
    assert not in_drafting(owner, host) and not edits(owner, host)
    unconfirmed = UnverifiedResidentFactory()
    assert not edits(unconfirmed, make_host(unconfirmed, Step.DRAFT))
