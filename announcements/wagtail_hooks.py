"""Announcements in the admin: the "Announcements" menu and its screens, the drafts on the
dashboard of those who send them, and what "Download my data" says of them."""

from django.urls import include, path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem

from announcements import admin_views
from announcements.models import Announcement, AnnouncementStatus
from participation.data_export import DATA_EXPORT_HOOK, STAFF_ACT, Excluded, Exported
from participation.workspace import QueuePanel

admin_urls = [
    path("", admin_views.AnnouncementListView.as_view(), name="index"),
    path("new/", admin_views.AnnouncementEditView.as_view(), name="add"),
    path("<int:pk>/", admin_views.AnnouncementPreviewView.as_view(), name="preview"),
    path("<int:pk>/edit/", admin_views.AnnouncementEditView.as_view(), name="edit"),
    path("<int:pk>/send/", admin_views.AnnouncementSendView.as_view(), name="send"),
    path("<int:pk>/progress/", admin_views.AnnouncementProgressView.as_view(), name="progress"),
]


@hooks.register("register_admin_urls")
def register_announcement_urls():
    return [path("announcements/", include((admin_urls, "announcements_admin")))]


class AnnouncementsMenuItem(MenuItem):
    def is_shown(self, request):
        return request.user.has_perm("announcements.use_screens")


@hooks.register("register_admin_menu_item")
def register_announcements_menu_item():
    return AnnouncementsMenuItem(
        _("Announcements"), reverse("announcements_admin:index"), icon_name="mail", order=230
    )


@hooks.register("construct_homepage_panels")
def drafts_to_send(request, panels):
    """On the dashboard of those who send announcements: the drafts waiting."""
    if request.user.has_perm("announcements.send_announcement"):
        panels.append(
            QueuePanel(
                "announcements",
                _("Announcements drafted, not sent"),
                Announcement.objects.filter(status=AnnouncementStatus.DRAFT),
                reverse("announcements_admin:index"),
                order=150,
            )
        )


@hooks.register(DATA_EXPORT_HOOK)
def data_export_policies():
    return [
        # Which announcements were sent to the resident, when and in which language.
        Exported("announcements.Delivery.recipient"),
        Excluded("announcements.Announcement.created_by", STAFF_ACT),
        Excluded("announcements.Announcement.sent_by", STAFF_ACT),
    ]
