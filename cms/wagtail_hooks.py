"""The action plan in the admin: progress updates (posted through the service, so each change of
status, progress or budget is kept in the history and followers are told) and residents'
evaluations (read-only, with their comments to the council's team)."""

from django.forms import modelform_factory
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.forms.models import WagtailAdminModelForm
from wagtail.admin.views.generic import CreateView
from wagtail.admin.viewsets.base import ViewSetGroup
from wagtail.admin.viewsets.model import ModelViewSet

from cms import services
from cms.models import ProjectEvaluation, ProjectUpdate


class PostUpdateView(CreateView):
    def save_instance(self):
        data = self.form.cleaned_data
        return services.post_update(
            self.request.user,
            data["project"],
            data["date"],
            data["text"],
            status=data.get("status") or None,
            percent=data.get("percent"),
            budget_planned=data.get("budget_planned"),
            budget_committed=data.get("budget_committed"),
            budget_spent=data.get("budget_spent"),
            photo=data.get("photo"),
            photo_description=data.get("photo_description", ""),
            document=data.get("document"),
        )


class ProjectUpdateViewSet(ModelViewSet):
    model = ProjectUpdate
    icon = "date"
    menu_label = _("Progress updates")
    name = "plan_updates"
    add_view_class = PostUpdateView
    list_display = ["project", "date", "status", "percent"]
    list_filter = ["status"]
    search_fields = ["text"]
    ordering = ["-date", "-pk"]
    inspect_view_enabled = True
    form_fields = [
        "project",
        "date",
        "text",
        "status",
        "percent",
        "budget_planned",
        "budget_committed",
        "budget_spent",
        "photo",
        "photo_description",
        "document",
    ]

    def get_form_class(self, for_update=False):
        """An update's figures are history once posted: a correction changes its words,
        photo and document; new figures come with a new update."""
        if for_update:
            return modelform_factory(
                self.model,
                form=WagtailAdminModelForm,
                fields=["text", "photo", "photo_description", "document"],
            )
        return super().get_form_class(for_update)


class ProjectEvaluationViewSet(ModelViewSet):
    model = ProjectEvaluation
    icon = "pick"
    menu_label = _("Evaluations")
    name = "plan_evaluations"
    list_display = ["project", "usefulness", "quality", "progress", "communication", "comment"]
    list_export = ["project", "usefulness", "quality", "progress", "communication", "comment"]
    ordering = ["-updated_at"]
    inspect_view_enabled = True
    form_fields = ["comment"]


class ActionPlanGroup(ViewSetGroup):
    menu_label = _("Action plan")
    menu_icon = "tasks"
    menu_order = 230
    items = (ProjectUpdateViewSet, ProjectEvaluationViewSet)


@hooks.register("register_admin_viewset")
def register_plan_viewsets():
    return ActionPlanGroup()
