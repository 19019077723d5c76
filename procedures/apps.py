from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProceduresConfig(AppConfig):
    """The catalogue of the commune's procedures, how digital each is, and residents' votes on
    what to digitalise first."""

    name = "procedures"
    verbose_name = _("Services and procedures")
    default_auto_field = "django.db.models.BigAutoField"
