"""The staff admin (Wagtail) for the core's data: arrondissements."""

from django.utils.translation import gettext_lazy as _
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from participation.models import Arrondissement


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
