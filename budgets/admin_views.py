"""Staff work on participatory budgets in the admin: the queue of residents' ideas, the technical
review of each (feasible with its official cost and department, or not, with the reason), merging
an idea into another, turning a resident's proposal into an idea, and adding a budget's winners
to the action plan once the vote is over. Every step goes through
budgets/services.py, so it is in the audit log and the authors are told. The review page itself
is participation/admin_review.py's."""

import django_filters
from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied
from django.db.models import Case, Count, IntegerField, Value, When
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views.generic import FormView, TemplateView
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.admin.views.generic.models import IndexView

from budgets import services
from budgets.models import BudgetPage, BudgetPhase, BudgetProject, Feasibility
from participation.admin_review import ReviewView
from participation.models import Arrondissement, AuditLogEntry
from participation.services import ParticipationError
from proposals.models import PUBLIC_STATUSES, Proposal

QUEUE_URL_NAME = "budgets_budgetproject:index"


def original_budgets():
    """The budgets themselves (the default-language pages): projects belong to these."""
    return BudgetPage.objects.filter(locale__language_code=settings.LANGUAGE_CODE).order_by(
        "-vote_start_at", "pk"
    )


# --- The queue ------------------------------------------------------------------------------------


class BudgetProjectFilterSet(WagtailFilterSet):
    budget = django_filters.ModelChoiceFilter(
        label=gettext_lazy("Participatory budget"), queryset=lambda request: original_budgets()
    )
    arrondissement = django_filters.ModelChoiceFilter(
        label=gettext_lazy("Envelope"),
        queryset=lambda request: Arrondissement.objects.canonical().order_by("name"),
        null_label=gettext_lazy("Whole commune"),
    )
    feasibility = django_filters.ChoiceFilter(
        label=gettext_lazy("Feasibility"), choices=Feasibility.choices
    )
    merged = django_filters.BooleanFilter(
        label=gettext_lazy("Merged into another"),
        field_name="merged_into",
        lookup_expr="isnull",
        exclude=True,
    )

    class Meta:
        model = BudgetProject
        fields = []


class BudgetProjectQueueView(IndexView):
    """Unless staff sort by a column: the ideas awaiting review first, oldest first."""

    def get_base_queryset(self):
        return (
            super()
            .get_base_queryset()
            .select_related("budget", "author", "arrondissement", "merged_into")
        )

    def order_queryset(self, queryset):
        if "ordering" in self.request.GET:
            return super().order_queryset(queryset)
        pending_first = Case(
            When(feasibility=Feasibility.PENDING, merged_into__isnull=True, then=Value(0)),
            default=Value(1),
            output_field=IntegerField(),
        )
        return queryset.order_by(pending_first, "created_at", "pk")


# --- One project's review -------------------------------------------------------------------------


class ReviewForm(forms.Form):
    """The technical review: the services refuse an incomplete one with a sentence to show."""

    feasible = forms.TypedChoiceField(
        label=gettext_lazy("Decision"),
        choices=[
            ("yes", gettext_lazy("Feasible: it goes on the ballot")),
            ("no", gettext_lazy("Not feasible")),
        ],
        coerce=lambda value: value == "yes",
        widget=forms.RadioSelect,
    )
    official_cost = forms.IntegerField(
        label=gettext_lazy("Official cost (MAD)"), min_value=1, required=False
    )
    department = forms.CharField(
        label=gettext_lazy("Department in charge"), max_length=200, required=False
    )
    reason = forms.CharField(
        label=gettext_lazy("Why it is not feasible (sent to the author and followers)"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=2000,
        required=False,
    )

    def __init__(self, *args, project, **kwargs):
        super().__init__(*args, **kwargs)
        if not self.is_bound and project.feasibility != Feasibility.PENDING:
            self.initial = {
                "feasible": "yes" if project.feasibility == Feasibility.FEASIBLE else "no",
                "official_cost": project.official_cost,
                "department": project.department,
                "reason": project.review_reason,
            }
        elif not self.is_bound:
            self.initial = {"official_cost": project.estimated_cost}


class MergeForm(forms.Form):
    into = forms.ModelChoiceField(
        label=gettext_lazy("Merge this idea into"), queryset=BudgetProject.objects.none()
    )

    def __init__(self, *args, project, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["into"].queryset = (
            BudgetProject.objects.filter(budget=project.budget_id, merged_into__isnull=True)
            .exclude(pk=project.pk)
            .order_by("title", "pk")
        )


STEP_LABELS = {
    "budget_project.feasible": gettext_lazy("Found feasible"),
    "budget_project.unfeasible": gettext_lazy("Found not feasible"),
    "budget_project.merge": gettext_lazy("Merged into another idea"),
    "budget_project.from_proposal": gettext_lazy("Made from a proposal"),
    "budget_project.to_plan": gettext_lazy("Added to the action plan"),
}


class ReviewBudgetProjectView(ReviewView):
    template_name = "budgets/admin/review.html"
    page_title = gettext_lazy("Budget project")
    header_icon = "doc-full"
    index_url_name = QUEUE_URL_NAME
    index_label = gettext_lazy("Participatory budgets")

    def get_host(self, pk):
        return get_object_or_404(
            BudgetProject.objects.select_related(
                "budget", "author", "arrondissement", "merged_into", "reviewed_by", "proposal"
            ),
            pk=pk,
        )

    def check_permissions(self, user):
        if not user.has_perm("budgets.review_project"):
            raise PermissionDenied

    def forms(self, data=None):
        return {
            "review_form": self.bound(ReviewForm, "review", data, project=self.host),
            "merge_form": self.bound(MergeForm, "merge", data, project=self.host),
        }

    def get_context_data(self, **kwargs):
        # Not ReviewView's: a project has no ``events`` of its own, its steps are the audit log.
        context = super(ReviewView, self).get_context_data(**kwargs)
        context.update(
            **kwargs.get("forms", self.forms()),
            events=self.get_events(),
            project=self.host,
            envelope=self.host.envelope,
            phase=BudgetPhase(self.host.budget.phase).label,
            merged_projects=self.host.merged_projects.order_by("pk"),
            may_act=self.host.budget.phase in services.REVIEW_PHASES
            and self.host.merged_into_id is None,
        )
        return context

    def get_events(self):
        """The project's steps from the audit log (every review and merge is there), as
        participation/admin/timeline.html shows them."""
        entries = list(
            AuditLogEntry.objects.filter(
                content_type=ContentType.objects.get_for_model(BudgetProject),
                object_id=self.host.pk,
            ).select_related("actor")
        )
        for entry in entries:
            entry.label = STEP_LABELS.get(entry.action, entry.action)
            entry.text = entry.reason
        return entries

    def act(self, action, forms):
        user = self.request.user
        if action == "review" and forms["review_form"].is_valid():
            data = forms["review_form"].cleaned_data
            services.review(
                user,
                self.host,
                feasible=data["feasible"],
                official_cost=data["official_cost"],
                department=data["department"],
                reason=data["reason"],
            )
            return _("The review is recorded; the author and followers are told.")
        if action == "merge" and forms["merge_form"].is_valid():
            services.merge(user, [self.host], forms["merge_form"].cleaned_data["into"])
            return _("The idea is merged; its author is told.")
        return None


# --- A proposal becomes an idea -----------------------------------------------------------------


class ProposalToProjectForm(forms.Form):
    budget = forms.ModelChoiceField(
        label=gettext_lazy("Participatory budget"), queryset=BudgetPage.objects.none()
    )
    proposal = forms.IntegerField(
        label=gettext_lazy("Number of the proposal"),
        min_value=1,
        help_text=gettext_lazy("As in the proposals' queue: its address ends with it."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["budget"].queryset = original_budgets()

    def clean_proposal(self):
        proposal = (
            Proposal.objects.select_related("author", "arrondissement")
            .filter(pk=self.cleaned_data["proposal"], status__in=PUBLIC_STATUSES)
            .first()
        )
        if proposal is None:
            raise forms.ValidationError(_("There is no published proposal with this number."))
        return proposal

    def clean(self):
        cleaned = super().clean()
        budget, proposal = cleaned.get("budget"), cleaned.get("proposal")
        if budget and proposal and proposal.budget_projects.filter(budget=budget).exists():
            raise forms.ValidationError(_("This proposal is already an idea of this budget."))
        return cleaned


class ProposalToProjectView(WagtailAdminTemplateMixin, FormView):
    """Staff turn a resident's published proposal into an idea of a budget, by its author."""

    template_name = "budgets/admin/from_proposal.html"
    page_title = gettext_lazy("Turn a proposal into a budget project")
    header_icon = "doc-full"
    form_class = ProposalToProjectForm

    def dispatch(self, request, *args, **kwargs):
        if not request.user.has_perm("budgets.review_project"):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_breadcrumbs_items(self):
        return [
            *self.breadcrumbs_items,
            {"url": reverse(QUEUE_URL_NAME), "label": _("Participatory budgets")},
            {"url": "", "label": self.get_page_title()},
        ]

    def get_initial(self):
        return {"proposal": self.request.GET.get("proposal")}

    def form_valid(self, form):
        try:
            project = services.idea_from_proposal(
                self.request.user, form.cleaned_data["budget"], form.cleaned_data["proposal"]
            )
        except ParticipationError as error:
            form.add_error(None, str(error))
            return self.form_invalid(form)
        messages.success(self.request, _("The proposal is now an idea of the budget."))
        return redirect("budgets_budgetproject:review", project.pk)


# --- The winners in the action plan ---------------------------------------------------------------


class WinnersToPlanView(WagtailAdminTemplateMixin, TemplateView):
    """The budgets whose vote is over, each with a button that adds its winners to the action
    plan (services.add_winners_to_plan: pressing it again adds nothing)."""

    template_name = "budgets/admin/winners_to_plan.html"
    page_title = gettext_lazy("Add the winners to the action plan")
    header_icon = "doc-full"

    def dispatch(self, request, *args, **kwargs):
        if not request.user.has_perm("budgets.review_project"):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_breadcrumbs_items(self):
        return [
            *self.breadcrumbs_items,
            {"url": reverse(QUEUE_URL_NAME), "label": _("Participatory budgets")},
            {"url": "", "label": self.get_page_title()},
        ]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        budgets = [
            budget
            for budget in original_budgets().select_related("axis")
            if budget.phase in services.RESULT_PHASES
        ]
        in_plan = dict(
            BudgetProject.objects.filter(budget__in=budgets, plan_project__isnull=False)
            .values_list("budget")
            .annotate(count=Count("pk"))
            .order_by()
        )
        for budget in budgets:
            budget.in_plan = in_plan.get(budget.pk, 0)
        context["budgets"] = budgets
        return context

    def post(self, request, *args, **kwargs):
        budget = get_object_or_404(original_budgets(), pk=request.POST.get("budget") or 0)
        try:
            pages = services.add_winners_to_plan(request.user, budget)
        except ParticipationError as error:
            messages.error(request, str(error))
        else:
            messages.success(
                request,
                ngettext(
                    "%(count)s winning project was added to the action plan.",
                    "%(count)s winning projects were added to the action plan.",
                    len(pages),
                )
                % {"count": len(pages)},
            )
        return redirect("budget_winners_to_plan")
