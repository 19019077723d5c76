"""Staff review of a proposal in the admin: moderators publish or return it; officials answer."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import TemplateView
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from participation.forms import ModerationReasonForm
from participation.services import ParticipationError
from proposals import services
from proposals.forms import AnswerProposalForm
from proposals.models import Proposal, ProposalStatus


class ReviewProposalView(WagtailAdminTemplateMixin, TemplateView):
    template_name = "proposals/admin/review.html"
    page_title = gettext_lazy("Review a proposal")
    header_icon = "doc-full"

    def get_breadcrumbs_items(self):
        return [
            *self.breadcrumbs_items,
            {"url": reverse("proposals_proposal:index"), "label": _("Proposals")},
            {"url": "", "label": self.proposal.title},
        ]

    def dispatch(self, request, pk):
        self.proposal = get_object_or_404(
            Proposal.objects.select_related("author", "category", "arrondissement"), pk=pk
        )
        self.can_moderate = request.user.has_perm("proposals.moderate_proposal", self.proposal)
        self.can_answer = request.user.has_perm("proposals.answer_proposal", self.proposal)
        if not (self.can_moderate or self.can_answer):
            raise PermissionDenied
        return super().dispatch(request, pk)

    def forms(self, data=None):
        action = data.get("action") if data else None
        return {
            "return_form": ModerationReasonForm(data if action == "return" else None),
            "answer_form": AnswerProposalForm(
                data if action == "answer" else None, proposal=self.proposal
            ),
        }

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(
            proposal=self.proposal,
            can_moderate=self.can_moderate,
            can_answer=self.can_answer and self.proposal.is_public,
            is_pending=self.proposal.status == ProposalStatus.PENDING,
            events=self.proposal.events.select_related("actor"),
            **kwargs.get("forms", self.forms()),
        )
        return context

    def post(self, request, pk):
        forms = self.forms(request.POST)
        action = request.POST.get("action")
        try:
            if action == "publish" and self.can_moderate:
                services.publish(request.user, self.proposal)
                messages.success(request, _("The proposal is published."))
            elif action == "return" and self.can_moderate and forms["return_form"].is_valid():
                services.return_to_author(
                    request.user, self.proposal, forms["return_form"].cleaned_data["reason"]
                )
                messages.success(request, _("The proposal is returned to its author."))
            elif action == "answer" and self.can_answer and forms["answer_form"].is_valid():
                data = forms["answer_form"].cleaned_data
                services.answer(
                    request.user,
                    self.proposal,
                    data["status"],
                    data["text"],
                    merged_into=data["merged_into"],
                    plan_project=data["plan_project"],
                )
                messages.success(request, _("The answer is published and followers are told."))
            else:
                return self.render_to_response(self.get_context_data(forms=forms))
        except ParticipationError as error:
            messages.error(request, str(error))
            return self.render_to_response(self.get_context_data(forms=forms))
        return redirect(reverse("proposals_proposal:index"))
