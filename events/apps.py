from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EventsConfig(AppConfig):
    """Meetings and events the commune organises, with registration and a waiting list."""

    name = "events"
    verbose_name = _("Meetings and events")
    default_auto_field = "django.db.models.BigAutoField"
