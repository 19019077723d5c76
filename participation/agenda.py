"""The council's sessions put residents' content on their agenda and decide on it (council/);
the content hears of it through what its app registers here. So the council knows no feature's
services, and no feature knows the council: each says once, in its ``AppConfig.ready``, what an
agenda item and a deliberation mean for its content (a petition takes the council's decision as
its own; a proposal adds a step to its timeline). Content no app registered for (a plan project,
a consultation) tells its followers.

The news is plain data (``AgendaNews``, ``Deliberation``), in the words of the session; a
handler writes its own messages in each reader's language.
"""

import datetime
from dataclasses import dataclass

from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from participation.models import NotificationCategory
from participation.notifications import notify_followers


@dataclass(frozen=True)
class AgendaNews:
    """An agenda item that names the content: the session (its title), its day and page, the
    item."""

    session: str
    day: datetime.date
    url: str
    item: str
    key: str  # names the news once (``"agenda-item:12"``): told once however often saved

    def record(self):
        """What the council's record says, in no language: stored with the step it adds to a
        timeline (``council``) and put into words for each reader (``describe``), not in the
        words of whoever recorded it (the session's day in their language, say)."""
        return {"session": self.session, "day": self.day.isoformat()}


@dataclass(frozen=True)
class Deliberation(AgendaNews):
    """The council's decision on that item: ``outcome`` is one of ``OUTCOMES``, with the votes
    and the deliberation's reference and text."""

    outcome: str = ""
    text: str = ""
    reference: str = ""
    votes_for: int | None = None
    votes_against: int | None = None
    abstentions: int | None = None

    def record(self):
        """The session's record (``AgendaNews.record``) with the decision's outcome, reference
        and votes."""
        facts = {
            "outcome": self.outcome,
            "reference": self.reference,
            "votes_for": self.votes_for,
            "votes_against": self.votes_against,
            "abstentions": self.abstentions,
        }
        return super().record() | {
            name: value for name, value in facts.items() if value not in (None, "")
        }


# The outcomes of a deliberation, as the council's app offers them and the features read them.
ADOPTED, PARTLY_ADOPTED, REJECTED, POSTPONED = "adopted", "partly_adopted", "rejected", "postponed"
OUTCOMES = (ADOPTED, PARTLY_ADOPTED, REJECTED, POSTPONED)
OUTCOME_LABELS = {
    ADOPTED: gettext_lazy("Adopted"),
    PARTLY_ADOPTED: gettext_lazy("Partly adopted"),
    REJECTED: gettext_lazy("Rejected"),
    POSTPONED: gettext_lazy("Postponed"),
}


def session_named(record):
    """The session of a ``record`` as the news names it, in the active language, for plain
    text: its title, isolated as ``<bdi>`` isolates it in a page (an Arabic title must not pull
    a French day into its direction), and its day ("Ordinary session of February 2027
    (February 2, 2027)")."""
    title = f"\u2068{record.get('session', '')}\u2069"
    day = session_day(record)
    return f"{title} ({date_format(day, 'DATE_FORMAT')})" if day else title


def session_day(record):
    """The day of a ``record``'s session (None without one)."""
    return datetime.date.fromisoformat(record["day"]) if record.get("day") else None


def describe(record, session=True):
    """A ``record`` (``AgendaNews.record``, ``Deliberation.record``) in the active language, as
    plain text: the session (unless ``session`` is False: a heading names it), then a decision's
    outcome, reference and votes ("Adopted · Deliberation 2027/14 · for: 31, against: 4,
    abstentions: 2"); "" for an empty record."""
    return " · ".join(describe_parts(record, session))


def describe_parts(record, session=True):
    """``describe``'s parts, for a page that keeps each on one line
    (participation/_council_facts.html): a reference must not break at its hyphens."""
    facts = [session_named(record)] if session and record.get("session") else []
    if record.get("outcome") in OUTCOME_LABELS:
        facts.append(str(OUTCOME_LABELS[record["outcome"]]))
    if record.get("reference"):
        facts.append(_("Deliberation %(reference)s") % {"reference": record["reference"]})
    if record.get("votes_for") is not None:
        facts.append(
            _("for: %(for)s, against: %(against)s, abstentions: %(abstentions)s")
            % {
                "for": record["votes_for"],
                "against": record.get("votes_against") or 0,
                "abstentions": record.get("abstentions") or 0,
            }
        )
    return facts


_HANDLERS = {}


def register(model, *, scheduled, decided):
    """What ``model``'s content does when an agenda item names it (``scheduled(host, news,
    actor)``) and when the council decides on it (``decided(host, deliberation, actor)``)."""
    _HANDLERS[model] = (scheduled, decided)


def _handler(host, index, default):
    for model in type(host).__mro__:
        if model in _HANDLERS:
            return _HANDLERS[model][index]
    return default


def tell_followers_scheduled(host, news, actor):
    notify_followers(
        host,
        NotificationCategory.FOLLOWED_ACTIVITY,
        lambda: (
            _("“%(title)s” is on the agenda of the council's %(session)s.")
            % {"title": host.participation_title(), "session": session_named(news.record())}
        ),
        url=news.url,
        key=news.key,
        exclude=[actor] if actor else (),
    )


def tell_followers_decided(host, deliberation, actor):
    notify_followers(
        host,
        NotificationCategory.FOLLOWED_ACTIVITY,
        lambda: (
            _("The council decided on “%(title)s”: %(text)s")
            % {"title": host.participation_title(), "text": deliberation.text[:300]}
        ),
        url=deliberation.url,
        key=deliberation.key,
        exclude=[actor] if actor else (),
    )


def scheduled(host, news, actor=None):
    _handler(host, 0, tell_followers_scheduled)(host, news, actor)


def decided(host, deliberation, actor=None):
    _handler(host, 1, tell_followers_decided)(host, deliberation, actor)
