"""The staff admin (Wagtail) for the core: arrondissements, the moderation queue, the audit log."""

from django.urls import path
from django.utils.html import format_html
from django.utils.text import Truncator
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.ui.tables import Column
from wagtail.admin.viewsets.model import ModelViewSet, ModelViewSetGroup
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from participation.admin_views import ResolveReportsView
from participation.models import Arrondissement, AuditLogEntry, Comment, Report


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


class ReportViewSet(ModelViewSet):
    model = Report
    icon = "warning"
    menu_label = _("Reports")
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

    # Residents file reports on the site and moderators decide them through "Decide"; staff get
    # only the "view" permission, so the generic add and edit views stay closed to them.
    form_fields = ["resolution_note"]


class AuditLogViewSet(ModelViewSet):
    model = AuditLogEntry
    icon = "history"
    menu_label = _("Audit log")
    url_prefix = "moderation/audit-log"
    name = "participation_audit_log"
    inspect_view_enabled = True
    list_filter = ["action", "actor"]
    list_display = ["created_at", "actor", "action", "content_type", "object_id", "reason"]
    ordering = ["-created_at"]
    form_fields = ["reason"]  # never editable: staff get only the "view" permission


class ModerationGroup(ModelViewSetGroup):
    menu_label = _("Moderation")
    menu_icon = "warning"
    menu_order = 250
    items = (ReportViewSet, AuditLogViewSet)


@hooks.register("register_admin_viewset")
def register_moderation_viewsets():
    return ModerationGroup()
