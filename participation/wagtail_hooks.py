"""The staff admin (Wagtail) for the core: arrondissements, the moderation queue, the audit log."""

from django.urls import path, reverse
from django.utils.html import format_html
from django.utils.text import Truncator
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.ui.tables import Column
from wagtail.admin.viewsets.model import ModelViewSet, ModelViewSetGroup
from wagtail.permissions import register_permission_policy
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from participation import audit_log
from participation.admin_review import ResidentContentViewSet
from participation.admin_views import (
    HideReportedContentBulkAction,
    KeepReportedContentBulkAction,
    ResolveReportsView,
)
from participation.bulk_moderation import queue_filterset, selection_column
from participation.figures_views import StaffFiguresView
from participation.models import Arrondissement, AuditLogEntry, Comment, Report, ReportStatus
from participation.workspace import QueuePanel


class ArrondissementViewSet(SnippetViewSet):
    model = Arrondissement
    icon = "site"
    menu_label = _("Arrondissements")
    menu_order = 300
    add_to_admin_menu = True
    list_display = ["name", "slug", "locale"]
    search_fields = ["name", "slug"]
    ordering = ["sort_order", "name"]


register_snippet(ArrondissementViewSet)


class ReportedContentColumn(Column):
    """What was reported, in an element its row's checkbox names for screen readers."""

    def get_value(self, instance):
        target = instance.host
        title_id = f"item_{instance.pk}_title"
        if isinstance(target, Comment):
            return format_html(
                '<span id="{}"><strong>{}</strong>: {}</span>',
                title_id,
                target.author.public_name,
                Truncator(target.body).chars(140),
            )
        text = str(target) if target is not None else _("(deleted)")
        return format_html('<span id="{}">{}</span>', title_id, text)


class DecideColumn(Column):
    def get_value(self, instance):
        if instance.status != "open":
            return ""
        return format_html(
            '<a class="button button-small" href="{}">{}</a>',
            f"resolve/{instance.pk}/",
            _("Decide"),
        )


class ReportViewSet(ResidentContentViewSet):
    model = Report
    icon = "warning"
    menu_label = _("Abuse reports")
    url_prefix = "moderation/reports"
    name = "participation_report"
    add_to_admin_menu = False
    inspect_view_enabled = True
    # Moderators tick several open reports and keep or hide their content together.
    index_template_name = "participation/admin/bulk_index.html"
    filterset_class = queue_filterset(Report, ["status", "reason"], _("Reported"))
    search_fields = ["details"]
    list_display = [
        selection_column(),
        ReportedContentColumn("content", label=_("Reported content")),
        "reason",
        "reporter",
        "created_at",
        "status",
        DecideColumn("decide", label=""),
    ]
    ordering = ["-created_at"]

    def get_urlpatterns(self):
        return [
            *super().get_urlpatterns(),
            path("resolve/<int:pk>/", ResolveReportsView.as_view(), name="resolve"),
        ]

    # Residents file reports on the site and moderators decide them through "Decide"; there is
    # no add view, and staff get only the "view" permission, so the edit view stays closed.
    form_fields = ["resolution_note"]


hooks.register("register_bulk_action", KeepReportedContentBulkAction)
hooks.register("register_bulk_action", HideReportedContentBulkAction)


@hooks.register("construct_homepage_panels")
def reports_to_decide(request, panels):
    """On a moderator's dashboard: the abuse reports still open."""
    if request.user.has_perm("participation.moderate_content"):
        status = ReportStatus.OPEN
        panels.append(
            QueuePanel(
                "reports",
                _("Abuse reports to decide"),
                Report.objects.filter(status=status),
                f"{reverse('participation_report:index')}?status={status}",
                order=115,
            )
        )


# The audit log: read-only for everyone, administrators included (participation/audit_log.py).
register_permission_policy(AuditLogEntry, audit_log.AuditLogPermissionPolicy(AuditLogEntry))


class AuditLogViewSet(ModelViewSet):
    """Only the list, an entry's details and the CSV export: no add, edit, copy or delete view
    exists, and the permission policy grants nothing but "view"."""

    model = AuditLogEntry
    icon = "history"
    menu_label = _("Audit log")
    url_prefix = "moderation/audit-log"
    name = "participation_audit_log"
    index_view_class = audit_log.AuditLogIndexView
    inspect_view_class = audit_log.AuditLogInspectView
    inspect_view_enabled = True
    inspect_view_fields = audit_log.INSPECT_FIELDS
    copy_view_enabled = False
    list_per_page = 50

    def get_common_view_kwargs(self, **kwargs):
        view_kwargs = super().get_common_view_kwargs(**kwargs)
        for name in ("add", "edit", "delete", "copy", "history", "usage"):
            view_kwargs[f"{name}_url_name"] = None
        return view_kwargs

    def get_urlpatterns(self):
        return [
            path("", self.index_view, name="index"),
            path("results/", self.index_results_view, name="index_results"),
            path("inspect/<int:pk>/", self.inspect_view, name="inspect"),
            path("export/", audit_log.export, name="export"),
        ]

    def get_permissions_to_register(self):
        # The groups editor offers only "view": there is nothing else to grant.
        return super().get_permissions_to_register().filter(codename="view_auditlogentry")

    def register_admin_url_finder(self):
        """No edit view to find."""


class ModerationGroup(ModelViewSetGroup):
    menu_label = _("Moderation")
    menu_icon = "warning"
    menu_order = 250
    items = (ReportViewSet, AuditLogViewSet)


@hooks.register("register_admin_viewset")
def register_moderation_viewsets():
    return ModerationGroup()


# --- Participation in figures (participation/figures_views.py) ----------------------------------


@hooks.register("register_admin_urls")
def register_figures_url():
    return [
        path(
            "figures/participation/", StaffFiguresView.as_view(), name="participation_figures_admin"
        )
    ]


class FiguresMenuItem(MenuItem):
    def is_shown(self, request):
        return request.user.has_perm("participation.view_figures")


@hooks.register("register_reports_menu_item")
def figures_menu_item():
    """Under "Figures and site history", beside the attendance at meetings."""
    return FiguresMenuItem(
        _("Participation in figures"),
        reverse("participation_figures_admin"),
        icon_name="table",
        order=690,
    )
