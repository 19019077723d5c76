from django.apps import AppConfig
from django.core import checks
from django.utils.translation import gettext_lazy as _


class SharikConfig(AppConfig):
    """The project itself, installed as an app for its site-wide template tags and commands."""

    name = "sharik"
    verbose_name = _("Sharik")

    def ready(self):
        from sharik.i18n import check_amazigh_falls_back_to_arabic, teach_django_amazigh
        from sharik.staff_admin import name_the_page_tree_root

        teach_django_amazigh()
        name_the_page_tree_root()
        checks.register(check_amazigh_falls_back_to_arabic, checks.Tags.translation)
