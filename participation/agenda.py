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

from django.utils.translation import gettext as _

from participation.models import NotificationCategory
from participation.notifications import notify_followers


@dataclass(frozen=True)
class AgendaNews:
    """An agenda item that names the content: the session, its day and page, the item."""

    session: str
    day: datetime.date
    url: str
    item: str
    key: str  # names the news once (``"agenda-item:12"``): told once however often saved


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

    def summary(self):
        """The decision's text, then its reference and the votes, for a timeline (in the active
        language: the staff member's who recorded it)."""
        lines = [self.text]
        facts = []
        if self.reference:
            facts.append(_("Deliberation %(reference)s") % {"reference": self.reference})
        if self.votes_for is not None:
            facts.append(
                _("for: %(for)s, against: %(against)s, abstentions: %(abstentions)s")
                % {
                    "for": self.votes_for,
                    "against": self.votes_against or 0,
                    "abstentions": self.abstentions or 0,
                }
            )
        if facts:
            lines.append(" · ".join(facts))
        return "\n".join(lines)


# The outcomes of a deliberation, as the council's app offers them and the features read them.
ADOPTED, PARTLY_ADOPTED, REJECTED, POSTPONED = "adopted", "partly_adopted", "rejected", "postponed"
OUTCOMES = (ADOPTED, PARTLY_ADOPTED, REJECTED, POSTPONED)

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
            % {"title": host.participation_title(), "session": news.session}
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
