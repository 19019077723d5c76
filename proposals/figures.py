"""What proposals count in the participation figures (participation/figures.py): the proposals
residents sent (a draft is not yet one), where each is; and their supports, counted in the
arrondissement of the resident's profile (a support has none of its own). Registered in
proposals/wagtail_hooks.py."""

from django.utils.translation import gettext_lazy as _

from participation.figures import Series
from proposals.models import Proposal, ProposalStatus, Support


def participation_series():
    return [
        Series(
            kind="proposals",
            label=_("Proposals"),
            records=lambda: Proposal.objects.exclude(status=ProposalStatus.DRAFT),
            date="created_at",
            arrondissement=("arrondissement",),
            participant="author",
            counter="at_counter",
            order=20,
        ),
        Series(
            kind="supports",
            label=_("Supports for proposals"),
            records=lambda: Support.objects.all(),
            date="created_at",
            arrondissement=("user__arrondissement",),
            participant="user",
            counter="at_counter",
            order=30,
        ),
    ]
