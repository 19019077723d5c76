"""The action plan in the admin: progress updates (posted through the service, so each change of
status, progress or budget is kept in the history and followers are told) and residents'
evaluations (read-only, with their comments to the council's team)."""

from django import forms
from django.core.exceptions import PermissionDenied
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.panels import FieldPanel, InlinePanel, MultiFieldPanel, ObjectList
from wagtail.admin.views.generic import (
    CreateView,
    DeleteView,
    EditView,
    IndexView,
    InspectView,
)
from wagtail.admin.views.generic.history import HistoryView
from wagtail.admin.views.generic.usage import UsageView
from wagtail.admin.viewsets.base import ViewSetGroup
from wagtail.admin.viewsets.model import ModelViewSet

from cms.models import HOME_PAGE_SECTIONS_HOOK, HomeSection
from participation.admin_review import ResidentContentViewSet
from participation.counter_acts import COUNTER_ACTS_HOOK
from participation.figures import PARTICIPATION_SERIES_HOOK
from plan import counter_acts, figures, services
from plan.models import (
    ActionPlanPage,
    ProjectEvaluation,
    ProjectPage,
    ProjectUpdate,
    projects_updated_by,
)


class ReportedProjectsOnly:
    """A department's members see and correct the updates of their department's projects only;
    the editors, every project's (plan/rules.py)."""

    def get_object(self, *args, **kwargs):
        update = super().get_object(*args, **kwargs)
        if not self.request.user.has_perm("plan.report_progress", update.project):
            raise PermissionDenied
        return update


class UpdateIndexView(IndexView):
    def get_base_queryset(self):
        return super().get_base_queryset().handled_by(self.request.user)


class UpdateEditView(ReportedProjectsOnly, EditView):
    pass


class UpdateInspectView(ReportedProjectsOnly, InspectView):
    pass


class UpdateDeleteView(ReportedProjectsOnly, DeleteView):
    pass


class UpdateHistoryView(ReportedProjectsOnly, HistoryView):
    pass


class UpdateUsageView(ReportedProjectsOnly, UsageView):
    pass


class PostUpdateView(CreateView):
    """Posting goes through the service, which applies the figures and keeps their history; the
    projects offered are those whose progress the person reports."""

    def get_form(self, *args, **kwargs):
        form = super().get_form(*args, **kwargs)
        field = form.fields["project"]
        field.queryset = projects_updated_by(self.request.user).order_by("title")
        if not self.request.user.has_perm("plan.update_every_project"):
            # A department's few projects: a list to pick from, not the page chooser, which
            # browses every project of the plan.
            field.widget = forms.Select(choices=field.choices)
        return form

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
    index_view_class = UpdateIndexView
    edit_view_class = UpdateEditView
    inspect_view_class = UpdateInspectView
    delete_view_class = UpdateDeleteView
    history_view_class = UpdateHistoryView
    usage_view_class = UpdateUsageView
    copy_view_enabled = False
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


class ProjectEvaluationViewSet(ResidentContentViewSet):
    """Residents evaluate projects on the site; staff read the evaluations here."""

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


def latest_plan_updates(request, limit):
    """The latest progress updates of live projects, each with its project in the reader's
    language (the Arabic one when not translated): three queries whatever their number. Left out
    when there is none."""
    language = get_language()
    updates = list(
        ProjectUpdate.objects.filter(project__live=True)
        .select_related("project")
        .order_by("-date", "-pk")[:limit]
    )
    translated = {
        page.translation_key: page
        for page in ProjectPage.objects.live().filter(
            locale__language_code=language,
            translation_key__in={update.project.translation_key for update in updates},
        )
    }
    if not updates:
        return {"empty": True}
    for update in updates:
        update.project_in_language = translated.get(update.project.translation_key, update.project)
    plan = ActionPlanPage.objects.live().filter(locale__language_code=language).first()
    return {
        "plan_updates": updates,
        "more_url": plan.get_url(request) if plan else None,
        "more_label": _("Action plan"),
    }


@hooks.register(HOME_PAGE_SECTIONS_HOOK)
def plan_home_sections():
    return {
        "plan_updates": HomeSection(context=latest_plan_updates, template="plan/_home_section.html")
    }


# What a counter agent may do for a resident (participation/counter_acts.py).
hooks.register(COUNTER_ACTS_HOOK, counter_acts.counter_acts)

# What it counts in the participation figures (participation/figures.py).
hooks.register(PARTICIPATION_SERIES_HOOK, figures.participation_series)
