"""Who may do what with proposals (rules predicates; checked in views and templates). The
predicates every kind of content shares are participation/rules.py's."""

import rules

from participation.rules import (
    host_in_statuses,
    host_is_public,
    host_is_visible,
    is_moderator,
    is_official,
    is_owner,
    is_verified_resident,
    may_edit_own,
)
from proposals.models import SUPPORTABLE_STATUSES, ProposalStatus


@rules.predicate
def text_is_editable(user, proposal):
    """The text can change until the first support: supporters backed what they read."""
    return proposal.support_count == 0 and proposal.status in {
        ProposalStatus.DRAFT,
        ProposalStatus.PENDING,
        ProposalStatus.RETURNED,
        ProposalStatus.PUBLISHED,
    }


is_supportable = host_in_statuses(*SUPPORTABLE_STATUSES, name="is_supportable")


rules.add_perm("proposals.read_proposal", host_is_visible)
rules.add_perm("proposals.submit_proposal", is_verified_resident)
rules.add_perm("proposals.edit_proposal", may_edit_own(text_is_editable))
rules.add_perm("proposals.add_update", is_owner & host_is_public)
# Who may support, a confirmed email address aside: at a counter the agent's sight of the
# resident's identity card during the visit stands for it (participation/counter_acts.py).
may_support = ~is_owner & is_supportable
rules.add_perm("proposals.support_proposal", is_verified_resident & may_support)
rules.add_perm("proposals.support_proposal_at_counter", may_support)
rules.add_perm("proposals.moderate_proposal", is_moderator)
rules.add_perm("proposals.answer_proposal", is_official & host_is_public)
