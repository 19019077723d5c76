from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DemoConfig(AppConfig):
    """The Salé demonstration data, apart from production code: ``manage.py seed_demo``."""

    name = "demo"
    verbose_name = _("Demonstration data")
