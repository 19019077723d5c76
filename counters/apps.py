from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CountersConfig(AppConfig):
    """Assisted participation at the commune's counters (the arrondissement offices): an agent
    opens a resident's file, sees their national ID card and signs petitions for them."""

    name = "counters"
    verbose_name = _("Counters")
    default_auto_field = "django.db.models.BigAutoField"
