"""Consultations in the admin: a menu entry for the participation figures, written answers and
exports (the pages themselves are edited in the page explorer)."""

from django.urls import include, path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem

from consultations import admin_views

admin_urls = [
    path("", admin_views.ConsultationListView.as_view(), name="index"),
    path("<int:pk>/answers/", admin_views.WrittenAnswersView.as_view(), name="answers"),
    path(
        "<int:pk>/responses.<str:file_format>",
        admin_views.export_responses,
        name="export",
    ),
]


@hooks.register("register_admin_urls")
def register_consultation_urls():
    return [path("consultations/", include((admin_urls, "consultations_admin")))]


class ConsultationsMenuItem(MenuItem):
    def is_shown(self, request):
        return request.user.has_perm("consultations.export_responses")


@hooks.register("register_admin_menu_item")
def register_consultations_menu_item():
    return ConsultationsMenuItem(
        _("Consultations"), reverse("consultations_admin:index"), icon_name="list-ul", order=220
    )
