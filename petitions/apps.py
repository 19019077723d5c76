from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PetitionsConfig(AppConfig):
    name = "petitions"
    verbose_name = _("Petitions")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from participation import agenda
        from petitions import parts  # noqa: F401 (registers the personal parts)
        from petitions.models import Petition
        from petitions.services import on_council_agenda, on_council_decision

        # The council's sessions decide on petitions (organic law 113-14, art. 125).
        agenda.register(Petition, scheduled=on_council_agenda, decided=on_council_decision)
