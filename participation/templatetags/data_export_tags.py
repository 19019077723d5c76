""" "Download my data" on the profile page: ``{% load data_export_tags %}{% my_data_export %}``."""

from django import template

from participation.data_export_tasks import pending_export
from participation.models import DataExport

register = template.Library()


@register.inclusion_tag("participation/data_export/profile_block.html", takes_context=True)
def my_data_export(context):
    """The resident's latest export (one query): being prepared, ready with its link, or none."""
    user = context["request"].user
    export = DataExport.objects.filter(user=user).order_by("-created_at", "-pk").first()
    ready = export is not None and not export.is_pending and not export.is_expired()
    return {
        "export": export,
        "pending": export is not None and pending_export(user) == export,
        "ready": ready,
        "csrf_token": context.get("csrf_token"),
    }
