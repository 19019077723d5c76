from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class InformationConfig(AppConfig):
    """Access to information under law 31-13 (docs/legal.md, "Law 31-13")."""

    name = "information"
    verbose_name = _("Access to information")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from django.db import transaction
        from django.db.models.signals import post_delete, post_save

        from information.models import PublicHoliday
        from information.services import refresh_open_clocks

        def holidays_changed(**kwargs):
            """A holiday added, moved or removed moves the deadlines of the open requests."""
            transaction.on_commit(refresh_open_clocks)

        post_save.connect(holidays_changed, sender=PublicHoliday, dispatch_uid="holidays_saved")
        post_delete.connect(holidays_changed, sender=PublicHoliday, dispatch_uid="holidays_deleted")
