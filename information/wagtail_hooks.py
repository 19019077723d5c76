"""Access to information in the admin: the queue of requests and each request's page
(information/admin_views.py), the departments and grounds for refusal staff keep, the
commune's own publications, and the public holidays that decide the working days of law
31-13's periods (information/workdays.py); a religious holiday's expected date is confirmed
here when it is announced."""

from django.db.models import F
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from wagtail import hooks
from wagtail.admin.ui.tables import BooleanColumn, Column
from wagtail.admin.viewsets.base import ViewSetGroup
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from information.admin_views import RequestQueueView, ReviewRequestView
from information.models import (
    OPEN_STATUSES,
    Department,
    InformationRequest,
    Publication,
    PublicHoliday,
    RefusalGround,
    commune_working_days,
)
from participation.admin_review import ReviewColumn, ReviewQueueViewSet
from participation.workspace import QueueItem, QueuePanel


class DueColumn(Column):
    """The answer's due date and the working days left, overdue in red."""

    def get_value(self, instance):
        if not instance.is_open:
            return ""
        days_left = getattr(instance, "queue_days_left", None)
        words = due_words(instance, days_left)
        if days_left is not None and days_left < 0:
            return format_html('<strong class="w-text-critical-200">{}</strong>', words)
        return words


def due_words(request, days_left):
    """An open request's due date in words, with the working days left or "overdue"."""
    if request.due_on is None:
        return _("stands still: waiting for the requester")
    text = date_format(request.due_on, "DATE_FORMAT")
    if days_left is None:
        return text
    if days_left < 0:
        return f"{text} — {_('overdue')}"
    left = ngettext("%(days)d working day left", "%(days)d working days left", days_left)
    return f"{text} ({left % {'days': days_left}})"


class InformationRequestViewSet(ReviewQueueViewSet):
    model = InformationRequest
    icon = "info-circle"
    menu_label = _("Information requests")
    url_prefix = "information-requests"
    name = "information_request"
    index_view_class = RequestQueueView
    list_filter = ["status", "department", "urgent"]
    list_display = [
        "number",
        "subject",
        "status",
        "department",
        DueColumn("due_on", label=_("Answer due"), sort_key="due_on"),
        ReviewColumn("open", "information_request:review", label=""),
    ]
    search_fields = ["number", "subject", "information"]
    # By default, the open requests first, nearest deadline first (admin_views.py).
    ordering = ["due_on", "pk"]
    inspect_view_enabled = False
    # Staff change requests only through "Open" (the law's steps).
    form_fields = ["subject"]
    review_view = ReviewRequestView


class DepartmentViewSet(SnippetViewSet):
    model = Department
    icon = "group"
    menu_label = _("Departments")
    list_display = ["name", "slug", "locale"]
    ordering = ["sort_order", "name"]


class RefusalGroundViewSet(SnippetViewSet):
    model = RefusalGround
    icon = "warning"
    menu_label = _("Grounds for refusal")
    list_display = ["name", "article", "locale"]
    ordering = ["sort_order", "name"]


register_snippet(DepartmentViewSet)
register_snippet(RefusalGroundViewSet)


class PublicationViewSet(ModelViewSet):
    model = Publication
    icon = "doc-full"
    menu_label = _("Proactive publications")
    name = "information_publications"
    list_display = ["title", "kind", "published_on"]
    list_filter = ["kind"]
    search_fields = ["title", "description"]
    ordering = ["-published_on"]
    form_fields = ["kind", "title", "description", "document", "link", "published_on"]

    def formfield_for_dbfield(self, db_field, **kwargs):
        if db_field.name == "link":
            kwargs["assume_scheme"] = "https"
        return super().formfield_for_dbfield(db_field, **kwargs)


class PublicHolidayViewSet(ModelViewSet):
    model = PublicHoliday
    icon = "date"
    menu_label = _("Public holidays")
    name = "public_holidays"
    list_display = ["day", "name", "kind", BooleanColumn("confirmed", label=_("confirmed"))]
    list_filter = ["kind", "confirmed"]
    search_fields = ["name"]
    ordering = ["-day"]
    form_fields = ["day", "name", "kind", "confirmed"]


class InformationGroup(ViewSetGroup):
    menu_label = _("Access to information")
    menu_icon = "info-circle"
    menu_order = 240
    items = (InformationRequestViewSet, PublicationViewSet, PublicHolidayViewSet)


@hooks.register("register_admin_viewset")
def register_information_viewsets():
    return InformationGroup()


@hooks.register("construct_homepage_panels")
def information_requests_to_answer(request, panels):
    """On the dashboard of the staff who handle requests (the officers: every request; a
    department's members: their department's), the open requests, nearest due date first."""
    if request.user.has_perm("information.view_informationrequest"):
        waiting = (
            InformationRequest.objects.handled_by(request.user)
            .filter(status__in=OPEN_STATUSES)
            .order_by(F("due_on").asc(nulls_last=True), "pk")
        )
        panels.append(
            QueuePanel(
                "information_requests",
                _("Information requests to answer"),
                waiting,
                reverse("information_request:index"),
                items=lambda: nearest_due(waiting),
                order=140,
            )
        )


def nearest_due(waiting, limit=5):
    """The open requests due soonest: one query, and one for the commune's holidays."""
    requests = list(waiting[:limit])
    if not requests:
        return []
    today = timezone.localdate()
    working_days = commune_working_days()
    items = []
    for information_request in requests:
        days_left = information_request.days_left(today, working_days)
        items.append(
            QueueItem(
                title=str(information_request),
                url=reverse("information_request:review", args=[information_request.pk]),
                deadline=due_words(information_request, days_left),
                overdue=days_left is not None and days_left < 0,
            )
        )
    return items
