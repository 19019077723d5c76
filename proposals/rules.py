"""Who may do what with proposals (rules predicates; checked in views and templates)."""

import rules

from participation.rules import is_moderator, is_official, is_verified_resident
from proposals.models import SUPPORTABLE_STATUSES, ProposalStatus


@rules.predicate
def is_author(user, proposal):
    return user.is_authenticated and proposal.author_id == user.pk


@rules.predicate
def is_visible(user, proposal):
    return proposal.participation_is_visible_to(user)


@rules.predicate
def text_is_editable(user, proposal):
    """The text can change until the first support: supporters backed what they read."""
    return proposal.support_count == 0 and proposal.status in {
        ProposalStatus.DRAFT,
        ProposalStatus.PENDING,
        ProposalStatus.RETURNED,
        ProposalStatus.PUBLISHED,
    }


@rules.predicate
def is_supportable(user, proposal):
    return proposal.status in SUPPORTABLE_STATUSES


@rules.predicate
def is_public(user, proposal):
    return proposal.is_public


rules.add_perm("proposals.read_proposal", is_visible)
rules.add_perm("proposals.submit_proposal", is_verified_resident)
rules.add_perm("proposals.edit_proposal", is_verified_resident & is_author & text_is_editable)
rules.add_perm("proposals.add_update", is_author & is_public)
rules.add_perm("proposals.support_proposal", is_verified_resident & ~is_author & is_supportable)
rules.add_perm("proposals.moderate_proposal", is_moderator)
rules.add_perm("proposals.answer_proposal", is_official & is_public)
