"""Staff review of a proposal in the admin: moderators publish or return it; officials answer.
The page itself is participation/admin_review.py's; many waiting proposals are published or
returned together through the bulk actions (participation/bulk_moderation.py)."""

from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from participation.admin_review import ReviewView
from participation.bulk_moderation import ModerationBulkAction
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


class ProposalBulkAction(ModerationBulkAction):
    """Proposals awaiting moderation, decided together (participation/bulk_moderation.py)."""

    models = [Proposal]
    permission = "proposals.moderate_proposal"
    waiting = {"status": ProposalStatus.PENDING}

    def is_waiting(self, item):
        return item.status == ProposalStatus.PENDING

    def describe(self, item):
        return item.title


class PublishProposalsBulkAction(ProposalBulkAction):
    display_name = gettext_lazy("Publish")
    action_type = "publish"
    aria_label = gettext_lazy("Publish the selected proposals")
    confirm_label = gettext_lazy("Yes, publish them")

    def decide(self, item, reason):
        services.publish(self.request.user, item)

    def done_message(self, count):
        return ngettext(
            "%(count)d proposal is published.", "%(count)d proposals are published.", count
        ) % {"count": count}


class ReturnProposalsBulkAction(ProposalBulkAction):
    """Not published: each goes back to its author with the one reason given."""

    display_name = gettext_lazy("Hide with a reason")
    action_type = "return"
    aria_label = gettext_lazy("Return the selected proposals to their authors with a reason")
    confirm_label = gettext_lazy("Yes, return them with this reason")
    confirm_class = "serious"
    needs_reason = True
    action_priority = 20

    def decide(self, item, reason):
        services.return_to_author(self.request.user, item, reason)

    def done_message(self, count):
        return ngettext(
            "%(count)d proposal is returned to its author.",
            "%(count)d proposals are returned to their authors.",
            count,
        ) % {"count": count}
