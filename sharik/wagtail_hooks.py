"""The staff admin as Sharik, across the apps: its colours, and menu names that say what each menu
holds. Each feature registers its own menus and dashboard queues in its wagtail_hooks.py."""

from django import forms
from django.templatetags.static import static
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.views.account import BaseSettingsPanel, notifications_tab

from participation.data_export import DATA_EXPORT_HOOK, Exported
from sharik import role_changes
from sharik.models import StaffDigestPreference


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


# Who changed whose roles, in the audit log (sharik/role_changes.py).
hooks.register("before_edit_user", role_changes.remember_roles)
hooks.register("after_edit_user", role_changes.audit_roles_after_edit)
hooks.register("after_create_user", role_changes.audit_roles_after_create)
hooks.register("before_edit_snippet", role_changes.remember_members)
hooks.register("after_edit_snippet", role_changes.audit_members_after_edit)
hooks.register("after_create_snippet", role_changes.audit_members_after_edit)


class SettingsMenuWithoutVersion:
    """Mixed into Wagtail's settings menu item: the menu without "Wagtail v8.0.1" written at
    its foot."""

    def render_component(self, request):
        component = super().render_component(request)
        component.footer_text = ""
        return component


@hooks.register("construct_main_menu")
def settings_menu_without_wagtails_version(request, menu_items):
    for item in menu_items:
        if item.name == "settings" and not isinstance(item, SettingsMenuWithoutVersion):
            item.__class__ = type(
                "SharikSettingsMenuItem", (SettingsMenuWithoutVersion, type(item)), {}
            )


@hooks.register("construct_help_menu")
def help_without_wagtails_own_news(request, menu_items):
    """The help menu keeps the keyboard shortcuts; Wagtail's release notes ("What's new in
    Wagtail 8.0") and its editor guide on Wagtail's site are not Sharik's help."""
    menu_items[:] = [
        item
        for item in menu_items
        if item.name != "editor-guide" and not item.name.startswith("whats-new-in-wagtail")
    ]


# --- The email of what waits (sharik/staff_digest.py), chosen in the admin's account settings ---


class StaffDigestForm(forms.ModelForm):
    class Meta:
        model = StaffDigestPreference
        fields = ["frequency"]
        widgets = {"frequency": forms.RadioSelect}
        help_texts = {
            "frequency": _(
                "The counts of the queues on your dashboard, with their links, in your "
                "language; nothing is sent on a day nothing waits."
            )
        }


class StaffDigestSettingsPanel(BaseSettingsPanel):
    name = "staff_digest"
    title = _("Email of what waits for me")
    tab = notifications_tab
    order = 400
    form_class = StaffDigestForm

    def get_form(self):
        preference = StaffDigestPreference.objects.filter(user=self.user).first()
        kwargs = {
            "instance": preference or StaffDigestPreference(user=self.user),
            "prefix": self.name,
        }
        if self.request.method == "POST":
            return self.form_class(self.request.POST, **kwargs)
        return self.form_class(**kwargs)


@hooks.register("register_account_settings_panel")
def staff_digest_settings(request, user, profile):
    return StaffDigestSettingsPanel(request, user, profile)


@hooks.register(DATA_EXPORT_HOOK)
def staff_digest_in_data_exports():
    """A member of staff's own choice, in their copy of their data."""
    return [Exported("sharik.StaffDigestPreference.user")]
