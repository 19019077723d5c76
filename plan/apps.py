from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PlanConfig(AppConfig):
    name = "plan"
    verbose_name = _("Action plan")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from participation import agenda
        from plan.models import ProjectPage
        from plan.services import on_council_agenda, on_council_decision

        # The council's sessions put projects on their agenda and decide on them.
        agenda.register(ProjectPage, scheduled=on_council_agenda, decided=on_council_decision)
