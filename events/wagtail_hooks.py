"""Events in the admin: each event's registrants and attendance (events/admin_views.py),
reached from the event's page in the page explorer."""

from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.widgets import ListingButton

from events.admin_views import AttendanceView, export_registrants
from events.models import EventPage


@hooks.register("register_admin_urls")
def register_event_urls():
    return [
        path("events/<int:pk>/attendance/", AttendanceView.as_view(), name="event_attendance"),
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
