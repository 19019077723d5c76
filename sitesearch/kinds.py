"""What the site search looks through, kind by kind, and how each result is shown.

Pages (consultations, projects, events, news, procedures, the commune's pages) are searched in
the reader's language tree; proposals and petitions, written by residents in the language they
chose, in all. Every kind is searched through Wagtail's search backend (PostgreSQL full text in
production, SQLite FTS5 embedded) with the query folded like the indexes' ``search_text``
(participation/arabic.py), so "السكني" finds "شهادة السكنى".
"""

from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext_lazy as _
from wagtail.search.backends import get_search_backend

from cms.models import StandardPage
from consultations.models import ConsultationPage
from events.models import EventPage
from invest.models import InvestAssetPage
from news.models import NewsPage
from petitions.models import Petition
from plan.models import ProjectPage
from procedures.models import ProcedurePage
from proposals.models import Proposal


@dataclass(frozen=True)
class Kind:
    key: str
    label: Any
    source: Any  # a function of the reader's locale returning the queryset to search
    excerpt: str  # the attribute shown under each result's title
    is_page: bool = True

    def search(self, query, locale):
        queryset = self.source(locale)
        if self.is_page:
            return queryset.search(query, operator="and")
        return get_search_backend().search(query, queryset, operator="and")


def _pages(model):
    def source(locale):
        return model.objects.live().public().filter(locale=locale)

    return source


KINDS = (
    Kind("consultations", _("Consultations"), _pages(ConsultationPage), "summary"),
    Kind("proposals", _("Proposals"), lambda locale: Proposal.objects.public(), "body",
         is_page=False),
    Kind("petitions", _("Petitions"), lambda locale: Petition.objects.public(), "question",
         is_page=False),
    Kind("projects", _("Projects of the action plan"), _pages(ProjectPage), "objective"),
    Kind("events", _("Meetings and events"), _pages(EventPage), "summary"),
    Kind("news", _("News"), _pages(NewsPage), "summary"),
    Kind("procedures", _("Services and procedures"), _pages(ProcedurePage), "summary"),
    Kind("invest", _("Invest in Salé"), _pages(InvestAssetPage), "summary"),
    Kind("pages", _("Pages"), _pages(StandardPage), "introduction"),
)  # fmt: skip

BY_KEY = {kind.key: kind for kind in KINDS}
