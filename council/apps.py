from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CouncilConfig(AppConfig):
    """The council's sessions, their agendas and deliberations (organic law 113-14)."""

    name = "council"
    verbose_name = _("Council sessions")
    default_auto_field = "django.db.models.BigAutoField"
