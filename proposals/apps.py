from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProposalsConfig(AppConfig):
    name = "proposals"
    verbose_name = _("Citizen proposals")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from participation import agenda
        from proposals import parts  # noqa: F401 (registers the personal parts)
        from proposals.models import Proposal
        from proposals.services import on_council_agenda, on_council_decision

        agenda.register(Proposal, scheduled=on_council_agenda, decided=on_council_decision)
