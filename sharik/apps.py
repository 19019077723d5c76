from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SharikConfig(AppConfig):
    """The project itself, installed as an app for its site-wide template tags and commands."""

    name = "sharik"
    verbose_name = _("Sharik")
