"""Procedures in the admin: what readers answered to "Did this page help?", with their comments
to the team (read-only: residents write them on the site; staff read them, filtered by procedure
and answer). The procedures themselves are pages, edited in the page explorer."""

import django_filters
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.ui.tables import BooleanColumn
from wagtail.admin.viewsets.base import ViewSetGroup
from wagtail.admin.viewsets.model import ModelViewSet

from procedures.models import ProcedureFeedback, ProcedurePage


def _procedures_with_feedback(request):
    return ProcedurePage.objects.filter(feedback__isnull=False).distinct().order_by("title")


class FeedbackFilterSet(WagtailFilterSet):
    procedure = django_filters.ModelChoiceFilter(
        label=_("Procedure"), queryset=_procedures_with_feedback
    )
    helpful = django_filters.BooleanFilter(label=_("Helpful"))

    class Meta:
        model = ProcedureFeedback
        fields = ["procedure", "helpful"]


class FeedbackViewSet(ModelViewSet):
    """Read-only: only the list and each answer's details. Staff get the "view" permission
    alone (sharik/roles.py), and no address to add, edit or delete an answer exists."""

    model = ProcedureFeedback
    icon = "help"
    menu_label = _("Page feedback")
    name = "procedure_feedback"
    url_prefix = "procedures/feedback"
    inspect_view_enabled = True
    copy_view_enabled = False
    filterset_class = FeedbackFilterSet
    list_display = [
        "procedure",
        BooleanColumn("helpful", label=_("Helpful")),
        "comment",
        "created_at",
    ]
    list_export = ["procedure", "helpful", "comment", "created_at"]
    inspect_view_fields = ["procedure", "helpful", "comment", "created_at", "updated_at"]
    ordering = ["-created_at", "-pk"]
    form_fields = ["comment"]  # required by the viewset; no edit view is served

    def get_common_view_kwargs(self, **kwargs):
        return super().get_common_view_kwargs(
            **{
                "add_url_name": None,
                "edit_url_name": None,
                "delete_url_name": None,
                "history_url_name": None,
                "usage_url_name": None,
                **kwargs,
            }
        )

    def get_urlpatterns(self):
        kept = {"index", "index_results", "inspect"}
        return [pattern for pattern in super().get_urlpatterns() if pattern.name in kept]


class ProceduresGroup(ViewSetGroup):
    menu_label = _("Services and procedures")
    menu_icon = "list-ul"
    menu_order = 260
    items = (FeedbackViewSet,)


@hooks.register("register_admin_viewset")
def register_procedures_viewsets():
    return ProceduresGroup()
