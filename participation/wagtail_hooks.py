"""The staff admin (Wagtail) for the core: arrondissements, the moderation queue, the audit log."""

from django.urls import path, reverse
from django.utils.html import format_html
from django.utils.text import Truncator
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.ui.tables import Column
from wagtail.admin.viewsets.model import ModelViewSet, ModelViewSetGroup
from wagtail.permissions import register_permission_policy
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from participation import audit_log
from participation.admin_review import ResidentContentViewSet
from participation.admin_views import ResolveReportsView
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
    def get_value(self, instance):
        target = instance.host
        if isinstance(target, Comment):
            return format_html(
                "<strong>{}</strong>: {}",
                target.author.display_name,
                Truncator(target.body).chars(140),
            )
        return str(target) if target is not None else _("(deleted)")


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
    list_filter = ["status", "reason"]
    list_display = [
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
