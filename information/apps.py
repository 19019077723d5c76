from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class InformationConfig(AppConfig):
    """Access to information under law 31-13 (docs/legal.md, "Law 31-13")."""

    name = "information"
    verbose_name = _("Access to information")
    default_auto_field = "django.db.models.BigAutoField"
