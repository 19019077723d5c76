"""The staff admin as Sharik, across the apps: its colours, and menu names that say what each menu
holds. Each feature registers its own menus and dashboard queues in its wagtail_hooks.py."""

from django.templatetags.static import static
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from wagtail import hooks


@hooks.register("insert_global_admin_css")
def sharik_admin_css():
    """The commune's colours, from a static file: no inline style, nothing from another origin."""
    return format_html('<link rel="stylesheet" href="{}">', static("sharik/css/admin.css"))


@hooks.register("construct_main_menu")
def name_menus_for_what_they_hold(request, menu_items):
    """Wagtail's own "Reports" menu holds the history of the site's pages and the figures the
    features add to it (attendance at meetings…), not the residents' abuse reports, which are
    under "Moderation": it is named for what it holds."""
    for item in menu_items:
        if item.name == "reports":
            item.label = _("Figures and site history")


# Wagtail's reports on its workflows carry the names of the settings screens where workflows
# are defined ("Workflows", "Workflow tasks"): the reports say they are reports.
REPORT_NAMES = {
    "workflows": _("Workflow report"),
    "workflow-tasks": _("Workflow task report"),
}


@hooks.register("construct_reports_menu")
def name_reports_apart_from_settings(request, menu_items):
    for item in menu_items:
        if item.name in REPORT_NAMES:
            item.label = REPORT_NAMES[item.name]
