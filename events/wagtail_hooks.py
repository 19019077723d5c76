"""Events in the admin: each event's registrants and attendance (events/admin_views.py),
reached from the event's page in the page explorer."""

from django.urls import path, reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.widgets import ListingButton

from cms.models import HOME_PAGE_SECTIONS_HOOK, HomeSection
from events import figures
from events.admin_views import (
    AttendanceFiguresView,
    AttendanceView,
    UpcomingEventsView,
    export_registrants,
    registrations_words,
    upcoming_events,
)
from events.models import EventIndexPage, EventPage
from participation.figures import PARTICIPATION_SERIES_HOOK
from participation.workspace import QueueItem, QueuePanel


@hooks.register("register_admin_urls")
def register_event_urls():
    return [
        path("events/<int:pk>/attendance/", AttendanceView.as_view(), name="event_attendance"),
        path("events/figures/", AttendanceFiguresView.as_view(), name="event_figures"),
        path("events/upcoming/", UpcomingEventsView.as_view(), name="event_upcoming"),
        path(
            "events/<int:pk>/registrants.csv",
            export_registrants,
            name="event_registrants_export",
        ),
    ]


@hooks.register("register_page_listing_buttons")
def registrants_button(page, user, next_url=None, **kwargs):
    if page.specific_class is EventPage and user.has_perm("events.view_registration"):
        yield ListingButton(
            _("Registrants"), reverse("event_attendance", args=[page.pk]), priority=60
        )


class AttendanceFiguresMenuItem(MenuItem):
    def is_shown(self, request):
        return request.user.has_perm("events.view_registration")


@hooks.register("register_reports_menu_item")
def attendance_figures_menu_item():
    return AttendanceFiguresMenuItem(
        _("Attendance at meetings"), reverse("event_figures"), icon_name="date", order=700
    )


@hooks.register("construct_homepage_panels")
def upcoming_events_and_registrations(request, panels):
    """On the dashboard of the staff who run events: the events to come, the nearest first,
    each with its places taken and its waiting list."""
    if request.user.has_perm("events.view_registration"):
        upcoming = upcoming_events()
        panels.append(
            QueuePanel(
                "events",
                _("Upcoming events and their registrations"),
                upcoming,
                reverse("event_upcoming"),
                items=lambda: nearest_events(upcoming),
                order=160,
            )
        )


def nearest_events(upcoming, limit=5):
    """The next events with their registrations in words: one query."""
    return [
        QueueItem(
            title=event.title,
            url=reverse("event_attendance", args=[event.pk])
            if event.capacity is not None
            else reverse("wagtailadmin_pages:edit", args=[event.pk]),
            deadline=(
                f"{date_format(timezone.localtime(event.starts_at), 'DATE_FORMAT')} · "
                f"{registrations_words(event)}"
            ),
        )
        for event in upcoming[:limit]
    ]


def next_events(request, limit):
    """The next meetings in the reader's language, for the home page: two queries. Left out
    when none is planned."""
    language = get_language()
    events = list(
        EventPage.objects.live()
        .filter(locale__language_code=language, ends_at__gte=timezone.now())
        .select_related("arrondissement")
        .order_by("starts_at", "pk")[:limit]
    )
    if not events:
        return {"empty": True}
    index = EventIndexPage.objects.live().filter(locale__language_code=language).first()
    return {
        "next_events": events,
        "more_url": index.get_url(request) if index else None,
        "more_label": _("All meetings and events"),
    }


@hooks.register(HOME_PAGE_SECTIONS_HOOK)
def event_home_sections():
    return {
        "upcoming_events": HomeSection(context=next_events, template="events/_home_section.html")
    }


# What it counts in the participation figures (participation/figures.py).
hooks.register(PARTICIPATION_SERIES_HOOK, figures.participation_series)
