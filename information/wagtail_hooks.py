"""Access to information in the admin: the queue of requests and each request's page
(information/admin_views.py), the departments and grounds for refusal staff keep, the
commune's own publications, and the public holidays that decide the working days of law
31-13's periods (information/workdays.py); a religious holiday's expected date is confirmed
here when it is announced."""

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
    Department,
    InformationRequest,
    Publication,
    PublicHoliday,
    RefusalGround,
)
from participation.admin_review import ReviewColumn, ReviewQueueViewSet


class DueColumn(Column):
    """The answer's due date and the working days left, overdue in red."""

    def get_value(self, instance):
        if not instance.is_open:
            return ""
        if instance.due_on is None:
            return _("stands still: waiting for the requester")
        text = date_format(instance.due_on, "DATE_FORMAT")
        days = getattr(instance, "queue_days_left", None)
        if days is None:
            return text
        if days < 0:
            return format_html(
                '<strong class="w-text-critical-200">{} — {}</strong>', text, _("overdue")
            )
        left = ngettext("%(days)d working day left", "%(days)d working days left", days) % {
            "days": days
        }
        return format_html("{} ({})", text, left)


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
