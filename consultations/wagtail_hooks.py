"""Consultations in the admin: a menu entry for the participation figures, written answers and
exports (the pages themselves are edited in the page explorer)."""

from django.db.models import Count, OuterRef, Subquery
from django.urls import include, path, reverse
from django.utils import timezone
from django.utils.translation import get_language, ngettext
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem

from cms.models import HOME_PAGE_SECTIONS_HOOK, HomeSection
from consultations import admin_views, counter_acts, figures, services
from consultations.models import (
    ConsultationIndexPage,
    ConsultationPage,
    ConsultationStatus,
    ConsultationTally,
)
from participation.counter_acts import COUNTER_ACTS_HOOK
from participation.figures import PARTICIPATION_SERIES_HOOK
from participation.workspace import QueueItem, QueuePanel

admin_urls = [
    path("", admin_views.ConsultationListView.as_view(), name="index"),
    path("answers-to-read/", admin_views.AnswersToReadView.as_view(), name="answers_to_read"),
    path("<int:pk>/answers/", admin_views.WrittenAnswersView.as_view(), name="answers"),
    path(
        "<int:pk>/responses.<str:file_format>",
        admin_views.export_responses,
        name="export",
    ),
]


@hooks.register("register_admin_urls")
def register_consultation_urls():
    return [path("consultations/", include((admin_urls, "consultations_admin")))]


class ConsultationsMenuItem(MenuItem):
    def is_shown(self, request):
        return request.user.has_perm("consultations.export_responses")


@hooks.register("register_admin_menu_item")
def register_consultations_menu_item():
    return ConsultationsMenuItem(
        _("Consultations"), reverse("consultations_admin:index"), icon_name="list-ul", order=220
    )


def _original(name):
    """A subquery reading ``name`` from each page's original version (its calendar and count)."""
    return Subquery(
        ConsultationPage.objects.filter(translation_key=OuterRef("translation_key"))
        .order_by("pk")
        .values(name)[:1]
    )


def open_consultations(request, limit):
    """The consultations open now in the reader's language, closing soonest first: two queries
    whatever their number (one when none is open: the section is then left out). Open or not is
    read from the original version, as on the index."""
    now = timezone.now()
    language = get_language()
    consultations = list(
        ConsultationPage.objects.live()
        .filter(locale__language_code=language)
        .annotate(
            original_pk=_original("pk"),
            original_opens_at=_original("opens_at"),
            original_closes_at=_original("closes_at"),
        )
        .annotate(
            participant_count=Subquery(
                ConsultationTally.objects.filter(consultation_id=OuterRef("original_pk")).values(
                    "participant_count"
                )[:1]
            )
        )
        .filter(original_opens_at__lte=now, original_closes_at__gt=now)
        .order_by("original_closes_at", "pk")[:limit]
    )
    if not consultations:
        return {"empty": True}
    for consultation in consultations:
        consultation.listed_status = ConsultationStatus.OPEN
    index = ConsultationIndexPage.objects.live().filter(locale__language_code=language).first()
    return {
        "open_consultations": consultations,
        "consultations_index": index,
        "more_url": index.get_url(request) if index else None,
        "more_label": _("All consultations"),
    }


@hooks.register(HOME_PAGE_SECTIONS_HOOK)
def consultation_home_sections():
    return {
        "open_consultations": HomeSection(
            context=open_consultations, template="consultations/_home_section.html"
        )
    }


@hooks.register("construct_homepage_panels")
def written_answers_to_read(request, panels):
    """On the dashboard of the staff who read the responses: the written answers (free text,
    "other" choices) of submitted questionnaires nobody has read yet, per consultation."""
    if request.user.has_perm("consultations.read_answers"):
        unread = services.written_answers().filter(read_at__isnull=True)
        panels.append(
            QueuePanel(
                "written_answers",
                _("Questionnaires' written answers to read"),
                unread,
                reverse("consultations_admin:answers_to_read"),
                items=lambda: unread_per_consultation(unread),
                order=150,
            )
        )


def to_read(count):
    return ngettext("%(count)d to read", "%(count)d to read", count) % {"count": count}


def unread_per_consultation(unread, limit=5):
    """The consultations with the most answers to read, each with its count: two queries."""
    counts = list(
        unread.values("response__consultation_id")
        .annotate(count=Count("pk"))
        .order_by("-count", "response__consultation_id")[:limit]
    )
    titles = dict(
        ConsultationPage.objects.filter(
            pk__in=[row["response__consultation_id"] for row in counts]
        ).values_list("pk", "title")
    )
    queue = reverse("consultations_admin:answers_to_read")
    return [
        QueueItem(
            title=titles.get(row["response__consultation_id"], ""),
            url=f"{queue}?consultation={row['response__consultation_id']}",
            deadline=to_read(row["count"]),
        )
        for row in counts
    ]


# What a counter agent may do for a resident (participation/counter_acts.py).
hooks.register(COUNTER_ACTS_HOOK, counter_acts.counter_acts)

# What it counts in the participation figures (participation/figures.py).
hooks.register(PARTICIPATION_SERIES_HOOK, figures.participation_series)
