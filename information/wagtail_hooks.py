"""Access to information in the admin. For now: the public holidays that decide the working
days of law 31-13's periods (information/workdays.py), kept by staff; a religious holiday's
expected date is confirmed here when it is announced."""

from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.ui.tables import BooleanColumn
from wagtail.admin.viewsets.base import ViewSetGroup
from wagtail.admin.viewsets.model import ModelViewSet

from information.models import PublicHoliday


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
    items = (PublicHolidayViewSet,)


@hooks.register("register_admin_viewset")
def register_information_viewsets():
    return InformationGroup()
