"""The action plan in the admin: progress updates (posted through the service, so each change of
status, progress or budget is kept in the history and followers are told) and residents'
evaluations (read-only, with their comments to the council's team)."""

from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.panels import FieldPanel, InlinePanel, MultiFieldPanel, ObjectList
from wagtail.admin.views.generic import CreateView
from wagtail.admin.viewsets.base import ViewSetGroup
from wagtail.admin.viewsets.model import ModelViewSet

from plan import services
from plan.models import ProjectEvaluation, ProjectUpdate


class PostUpdateView(CreateView):
    """Posting goes through the service, which applies the figures and keeps their history."""

    def save_instance(self):
        data = self.form.cleaned_data
        attachments = [
            form.instance
            for form in self.form.formsets["attachments"].forms
            if form.has_changed() and not form.cleaned_data.get("DELETE")
        ]
        return services.post_update(
            self.request.user,
            data["project"],
            data["date"],
            data["text"],
            attachments=attachments,
            status=data.get("status") or None,
            percent=data.get("percent"),
            budget_planned=data.get("budget_planned"),
            budget_committed=data.get("budget_committed"),
            budget_spent=data.get("budget_spent"),
        )


ATTACHMENTS = InlinePanel("attachments", label=_("Photos and documents"))
# An update's figures are history once posted: a correction changes its words and attachments;
# new figures come with a new update.
CORRECTION_PANELS = ObjectList([FieldPanel("text"), ATTACHMENTS])


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
    panels = [
        FieldPanel("project"),
        FieldPanel("date"),
        FieldPanel("text"),
        MultiFieldPanel(
            [
                FieldPanel("status"),
                FieldPanel("percent"),
                FieldPanel("budget_planned"),
                FieldPanel("budget_committed"),
                FieldPanel("budget_spent"),
            ],
            heading=_("New figures (leave empty what did not change)"),
        ),
        ATTACHMENTS,
    ]

    def get_edit_view_kwargs(self, **kwargs):
        panel = CORRECTION_PANELS.bind_to_model(self.model)
        return super().get_edit_view_kwargs(
            panel=panel, form_class=panel.get_form_class(), **kwargs
        )


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
