"""Staff review of a proposal in the admin: moderators publish or return it; officials answer.
The page itself is participation/admin_review.py's."""

from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from participation.admin_review import ReviewView
from proposals import services
from proposals.forms import AnswerProposalForm
from proposals.models import Proposal, ProposalStatus


class ReviewProposalView(ReviewView):
    template_name = "proposals/admin/review.html"
    page_title = gettext_lazy("Review a proposal")
    index_url_name = "proposals_proposal:index"
    index_label = gettext_lazy("Proposals")
    returned_message = gettext_lazy("The proposal is returned to its author.")

    def get_host(self, pk):
        return get_object_or_404(
            Proposal.objects.select_related("author", "category", "arrondissement"), pk=pk
        )

    def check_permissions(self, user):
        self.can_moderate = user.has_perm("proposals.moderate_proposal", self.host)
        self.can_answer = user.has_perm("proposals.answer_proposal", self.host)
        if not (self.can_moderate or self.can_answer):
            raise PermissionDenied
        self.may_return = self.can_moderate

    def forms(self, data=None):
        return {
            **super().forms(data),
            "answer_form": self.bound(AnswerProposalForm, "answer", data, proposal=self.host),
        }

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(
            proposal=self.host,
            can_moderate=self.can_moderate,
            can_answer=self.can_answer and self.host.is_public,
            is_pending=self.host.status == ProposalStatus.PENDING,
        )
        return context

    def act(self, action, forms):
        user = self.request.user
        if action == "publish" and self.can_moderate:
            services.publish(user, self.host)
            return _("The proposal is published.")
        if action == "answer" and self.can_answer and forms["answer_form"].is_valid():
            data = forms["answer_form"].cleaned_data
            services.answer(
                user,
                self.host,
                data["status"],
                data["text"],
                merged_into=data["merged_into"],
                plan_project=data["plan_project"],
            )
            return _("The answer is published and followers are told.")
        return super().act(action, forms)

    def return_to_owner(self, reason):
        services.return_to_author(self.request.user, self.host, reason)
