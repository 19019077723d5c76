"""Proposals in the staff admin: categories, and the review queue."""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from cms.models import HOME_PAGE_SECTIONS_HOOK, HomeSection
from participation.admin_review import ReviewColumn, ReviewQueueViewSet
from participation.bulk_moderation import queue_filterset, selection_column, title_column
from participation.counter_acts import COUNTER_ACTS_HOOK
from participation.figures import PARTICIPATION_SERIES_HOOK
from participation.workspace import QueuePanel
from proposals import counter_acts, figures
from proposals.admin_views import (
    PublishProposalsBulkAction,
    ReturnProposalsBulkAction,
    ReviewProposalView,
)
from proposals.models import Proposal, ProposalCategory, ProposalStatus


class ProposalCategoryViewSet(SnippetViewSet):
    model = ProposalCategory
    icon = "tag"
    menu_label = _("Proposal categories")
    list_display = ["name", "slug", "locale"]
    ordering = ["sort_order", "name"]


register_snippet(ProposalCategoryViewSet)


class ProposalViewSet(ReviewQueueViewSet):
    model = Proposal
    icon = "doc-full"
    menu_label = _("Proposals")
    menu_order = 200
    add_to_admin_menu = True
    url_prefix = "proposals"
    name = "proposals_proposal"
    # The queue of proposals to moderate is this list filtered by status; moderators tick
    # several and publish or return them together (the bulk actions below).
    index_template_name = "participation/admin/bulk_index.html"
    filterset_class = queue_filterset(
        Proposal, ["status", "category", "arrondissement"], _("Submitted")
    )
    list_display = [
        selection_column(),
        title_column("title", "proposals_proposal:review", _("Title")),
        "status",
        "author",
        "support_count",
        "created_at",
        ReviewColumn("review", "proposals_proposal:review", label=""),
    ]
    search_fields = ["title", "body"]
    ordering = ["-created_at"]
    inspect_view_enabled = True
    # Staff change proposals only through "Review" (the state machine); they get "view" only.
    form_fields = ["title"]
    review_view = ReviewProposalView


@hooks.register("register_admin_viewset")
def register_proposal_viewset():
    return ProposalViewSet()


hooks.register("register_bulk_action", PublishProposalsBulkAction)
hooks.register("register_bulk_action", ReturnProposalsBulkAction)


@hooks.register("construct_homepage_panels")
def proposals_to_moderate(request, panels):
    """On a moderator's dashboard: the proposals waiting to be published or returned."""
    if request.user.has_perm("proposals.moderate_proposal"):
        status = ProposalStatus.PENDING
        panels.append(
            QueuePanel(
                "proposals",
                _("Proposals awaiting moderation"),
                Proposal.objects.filter(status=status),
                f"{reverse('proposals_proposal:index')}?status={status}",
                order=110,
            )
        )


def latest_proposals(request, limit):
    """The latest public proposals for the home page: one query, and one per kind of term."""
    return {
        "latest_proposals": Proposal.objects.public()
        .select_related("category", "arrondissement")
        .order_by("-published_at", "-pk")[:limit]
        .with_term_names(),
        "more_url": reverse("proposals:list"),
        "more_label": _("All proposals"),
    }


@hooks.register(HOME_PAGE_SECTIONS_HOOK)
def proposal_home_sections():
    return {
        "latest_proposals": HomeSection(
            context=latest_proposals, template="proposals/_home_section.html"
        )
    }


# What a counter agent may do for a resident (participation/counter_acts.py).
hooks.register(COUNTER_ACTS_HOOK, counter_acts.counter_acts)

# What it counts in the participation figures (participation/figures.py).
hooks.register(PARTICIPATION_SERIES_HOOK, figures.participation_series)
