"""Participatory budgets in the staff admin: the queue of residents' ideas, each one's review
page, turning a proposal into an idea and adding a budget's winners to the action plan
(budgets/admin_views.py). Budgets themselves are pages,
edited in the page explorer."""

from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.widgets import HeaderButton
from wagtail.permission_policies import ModelPermissionPolicy
from wagtail.permissions import register_permission_policy

from budgets.admin_views import (
    BudgetProjectFilterSet,
    BudgetProjectQueueView,
    ProposalToProjectView,
    ReviewBudgetProjectView,
    WinnersToPlanView,
)
from budgets.models import BudgetProject
from participation.admin_review import ReviewColumn, ReviewQueueViewSet
from plan.views import PROJECT_ORIGINS_HOOK, ProjectOrigin


class ReviewOnlyPermissionPolicy(ModelPermissionPolicy):
    """Residents write ideas; staff review them. No screen adds, edits, copies or deletes one,
    whatever the user's permissions (a superuser's included): the review page is the way."""

    refused = frozenset({"add", "change", "delete", "copy"})

    def user_has_permission(self, user, action):
        return action not in self.refused and super().user_has_permission(user, action)

    def users_with_any_permission(self, actions):
        return super().users_with_any_permission([a for a in actions if a not in self.refused])


register_permission_policy(BudgetProject, ReviewOnlyPermissionPolicy(BudgetProject))


class QueueView(BudgetProjectQueueView):
    def get_header_buttons(self):
        buttons = super().get_header_buttons()
        if self.request.user.has_perm("budgets.review_project"):
            buttons.append(
                HeaderButton(
                    _("Turn a proposal into a budget project"),
                    url=reverse("budget_project_from_proposal"),
                    icon_name="doc-full",
                )
            )
            buttons.append(
                HeaderButton(
                    _("Add the winners to the action plan"),
                    url=reverse("budget_winners_to_plan"),
                    icon_name="list-ul",
                )
            )
        return buttons


class BudgetProjectViewSet(ReviewQueueViewSet):
    model = BudgetProject
    icon = "doc-full"
    menu_label = _("Participatory budgets")
    menu_order = 210
    add_to_admin_menu = True
    url_prefix = "budgets"
    name = "budgets_budgetproject"
    index_view_class = QueueView
    filterset_class = BudgetProjectFilterSet
    list_display = [
        "title",
        "budget",
        "arrondissement",
        "feasibility",
        "estimated_cost",
        "official_cost",
        "merged_into",
        "created_at",
        ReviewColumn("review", "budgets_budgetproject:review", label=""),
    ]
    search_fields = ["title", "description"]
    # By default, the ideas awaiting review first (admin_views.BudgetProjectQueueView).
    ordering = ["created_at", "pk"]
    inspect_view_enabled = True
    copy_view_enabled = False
    form_fields = ["title"]
    review_view = ReviewBudgetProjectView


@hooks.register("register_admin_viewset")
def register_budget_project_viewset():
    return BudgetProjectViewSet()


@hooks.register("register_admin_urls")
def register_budget_urls():
    return [
        path(
            "budgets-from-proposal/",
            ProposalToProjectView.as_view(),
            name="budget_project_from_proposal",
        ),
        path(
            "budgets-winners-to-plan/",
            WinnersToPlanView.as_view(),
            name="budget_winners_to_plan",
        ),
    ]


@hooks.register(PROJECT_ORIGINS_HOOK)
def budget_winner_origins(plan_project):
    """A plan project that won a participatory budget names it, with a link to its results."""
    won = BudgetProject.objects.filter(plan_project=plan_project).select_related("budget")
    origins = []
    for project in won:
        budget = project.budget.in_language()
        origins.append(
            ProjectOrigin(
                label=_("Chosen by residents in"),
                title=budget.title,
                url=reverse("budgets:results", args=[budget.pk]) + f"#project-{project.pk}",
            )
        )
    return origins
