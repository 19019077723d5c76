"""Content the commune moves through named states, with a public timeline of its steps.

A proposal and a petition live the same way: a resident writes it, staff publish it or send it
back with a reason, officials answer; each step is allowed from some states only, is taken by
one kind of person, and leaves a dated line, with who took it, on the content's timeline. What
differs between them is data (the states, the table of moves, the words); the way a move is
checked and recorded is written here once, for them and for the kinds of content to come.

- ``Workflow``: the named states and the table of allowed moves; ``transition()`` checks a move,
  saves it and records the step.
- ``TimelineEvent``: the abstract model of one step of the timeline.
- ``WorkflowHost`` and ``WorkflowQuerySet``: a participation host (participation/hosts.py) whose
  public life follows its status: who reads it, who sees its private steps, who is told.

This is about residents' content and its statuses, not Wagtail's moderation workflows of pages.
"""

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.db import models
from django.utils.translation import gettext_lazy as _

from participation import agenda
from participation.hosts import ParticipationHost
from participation.models import NotificationCategory
from participation.notifications import notify
from participation.services import ParticipationError, audit


class Workflow:
    """The named states of one kind of content and the moves allowed between them.

    ``transitions`` maps each state to the states it may go to, each with the role that takes
    the move (``"author"``, ``"moderator"``, ``"official"``…): one table, read by the services
    that move the content and by the forms that offer the moves to staff. ``refusal`` is the
    sentence a refused move raises, with ``%(old)s`` and ``%(new)s``; ``name`` prefixes the
    audit log's actions (``"proposal.return"``); ``returned`` is the state of content sent back
    to its author with a reason.
    """

    def __init__(self, states, transitions, *, name, refusal, returned=None):
        unknown = {
            str(state)
            for source, moves in transitions.items()
            for state in (source, *moves)
            if state not in states.values
        }
        missing = set(states.values) - set(transitions)
        if unknown or missing:
            raise ImproperlyConfigured(
                f"The {name} workflow names unknown states {sorted(unknown)} and leaves out "
                f"{sorted(missing)}: every state has a line, even one with no way out."
            )
        self.states = states
        self.transitions = transitions
        self.name = name
        self.refusal = refusal
        self.returned = returned

    def allows(self, old_status, new_status):
        return new_status in self.transitions[old_status]

    def targets(self, status, role):
        """The states ``role`` may move content in ``status`` to, in the table's order."""
        return [target for target, by in self.transitions[status].items() if by == role]

    def check(self, host, new_status):
        """Refuse, with a sentence for the person who tried, a move the table does not allow."""
        if not self.allows(host.status, new_status):
            raise ParticipationError(
                self.refusal
                % {"old": self.states(host.status).label, "new": self.states(new_status).label}
            )

    def transition(self, host, new_status, actor, text="", *, public=True, council=None):
        """Move ``host`` to ``new_status`` and record the step: who took it (``actor``, None for
        the system), when, its ``text``, whether the public timeline shows it (a return with its
        reason is for the author and staff only) and, for a council's decision, its ``council``
        record. Returns the step.

        Run it inside the caller's transaction, so the new status and its step are saved
        together. The host hears of the move through ``entering()``, before it is saved, to set
        what the new status implies. Announcing the step is the caller's: a service that queues
        the announcement after commit (``petitions.services.move``), so that models never import
        their app's tasks.
        """
        self.check(host, new_status)
        host.status = new_status
        host.entering(new_status)
        host.save()
        return host.events.create(
            status=new_status, text=text, actor=actor, is_public=public, council=council or {}
        )

    def return_with_reason(self, moderator, host, reason, notice):
        """Send ``host`` back to its owner, who may correct it and submit it again: the reason
        (see ``required_reason``) is a step only the owner and staff see, the decision is in the
        audit log, and the owner is told, ``notice()`` writing the message in their language."""
        self.transition(host, self.returned, moderator, reason, public=False)
        audit(moderator, f"{self.name}.return", host, reason)
        notify(host.owner, NotificationCategory.MODERATION, notice, url=host.get_absolute_url())
        return host


def required_reason(reason, missing):
    """``reason`` without surrounding blanks; refused with ``missing`` if nothing is left, since
    the person told of a moderation decision is owed its reason."""
    reason = reason.strip()
    if not reason:
        raise ParticipationError(missing)
    return reason


class TimelineEvent(models.Model):
    """One step of a piece of content's life, for its timeline: the status it entered (blank for
    a step that is not a move, such as an author's update), a text (an answer, a reason), who
    took it and when, and whether the public sees it.

    A concrete model adds the foreign key to its host with ``related_name="events"`` (the
    workflow records steps through it) and gives ``status`` the choices of its states.
    """

    status = models.CharField(max_length=20, blank=True)
    text = models.TextField(_("text"), blank=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    is_public = models.BooleanField(default=True)
    created_at = models.DateTimeField(auto_now_add=True)
    # What the council's record says of a step it added: the session's title and day and, for a
    # decision, its outcome, reference and votes (participation/agenda.py ``AgendaNews.record``,
    # ``Deliberation.record``), put into words in each reader's language (``council_facts``).
    council = models.JSONField(default=dict, blank=True, editable=False)

    class Meta:
        abstract = True
        ordering = ["created_at", "pk"]
        verbose_name = _("timeline step")
        verbose_name_plural = _("timeline steps")

    @property
    def label(self):
        """What the timeline calls this step: the name of the status it entered."""
        return self.get_status_display()

    @property
    def council_facts(self):
        """The council's session or decision this step records, in the active language, as
        plain text ("" for none); ``council_facts_parts`` for a page."""
        return agenda.describe(self.council) if self.council else ""

    @property
    def council_facts_parts(self):
        return agenda.describe_parts(self.council) if self.council else []


class WorkflowQuerySet(models.QuerySet):
    """Content of a ``WorkflowHost`` model, as each reader may see it."""

    def public(self):
        return self.filter(status__in=self.model.public_statuses)

    def visible_to(self, user):
        """Moderators see everything; a resident, what is public and what they own."""
        if user.is_authenticated and user.has_perm("participation.moderate_content"):
            return self
        if user.is_authenticated:
            return self.filter(
                models.Q(status__in=self.model.public_statuses)
                | models.Q(**{self.model.owner_field: user})
            )
        return self.public()


class WorkflowHost(ParticipationHost):
    """A participation host a resident owns and the commune moves through a ``Workflow``:
    everyone reads it, comments on it and may report it once it is in one of its
    ``public_statuses``; before, only its owner and moderators read it.

    The model has ``title``, ``status``, ``comment_count``, a foreign key to its owner named by
    ``owner_field`` (the author of a proposal, the mandataire of a petition), its ``workflow``
    and a ``TimelineEvent`` model. ``entering()`` is the workflow's call to the host at each
    move.
    """

    workflow = None
    public_statuses = frozenset()
    owner_field = "author"
    reportable = True

    @property
    def owner(self):
        return getattr(self, self.owner_field)

    @property
    def owner_id(self):
        return getattr(self, f"{self.owner_field}_id")

    def is_owned_by(self, user):
        return user.is_authenticated and self.owner_id == user.pk

    def is_owner_or_moderator(self, user):
        """The owner and moderators follow every step, the private ones included."""
        return user.pk == self.owner_id or user.has_perm("participation.moderate_content")

    def timeline_for(self, user):
        """The steps ``user`` may read: all of them for the owner and moderators, else the
        public ones."""
        events = self.events.all()
        return events if self.is_owner_or_moderator(user) else events.filter(is_public=True)

    @property
    def is_public(self):
        return self.status in self.public_statuses

    def entering(self, status):
        """Called by ``Workflow.transition`` before a move is saved."""

    # --- ParticipationHost -------------------------------------------------------------------
    def participation_is_visible_to(self, user):
        if self.is_public:
            return True
        return user.is_authenticated and self.is_owner_or_moderator(user)

    def comments_are_open(self):
        return self.is_public

    def participation_title(self):
        return self.title

    def participation_url(self):
        return self.get_absolute_url()

    def record_comment_count(self, count):
        type(self).objects.filter(pk=self.pk).update(comment_count=count)
