from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class InvestConfig(AppConfig):
    """Territorial marketing: the commune's assets for investors and their contact requests."""

    name = "invest"
    verbose_name = _("Invest in Salé")
    default_auto_field = "django.db.models.BigAutoField"
