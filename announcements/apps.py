from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

#: The consent residents give to receive the commune's announcements (participation/consents.py).
CONSENT_PURPOSE = "announcements"


class AnnouncementsConfig(AppConfig):
    name = "announcements"
    verbose_name = _("Announcements")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from participation import consents

        consents.register_purpose(
            CONSENT_PURPOSE,
            label=_("The commune's announcements by email"),
            text=_(
                "Receive the commune's announcements by email: news of the council, of "
                "consultations and of works in my arrondissement or on what I follow, a few "
                "times a month at most. Every email carries a link to stop them, which works "
                "without logging in; I can also withdraw this consent on my profile."
            ),
            version="2026-12",
        )
