"""Who may do what with petitions (rules predicates; checked in views, templates and the admin).
The predicates every kind of content shares are participation/rules.py's."""

import rules

from participation.rules import (
    host_in_statuses,
    host_is_visible,
    is_moderator,
    is_official,
    is_owner,
    is_verified_resident,
    may_edit_own,
)
from petitions.models import PetitionStatus

# The text changes only before publication: signatories sign what they read.
is_being_drafted = host_in_statuses(
    PetitionStatus.DRAFT, PetitionStatus.RETURNED, name="is_being_drafted"
)
is_open_for_withdrawal = host_in_statuses(PetitionStatus.COLLECTING, name="is_open_for_withdrawal")


@rules.predicate
def is_collecting(user, petition):
    return petition.collection_is_open()


@rules.predicate
def may_be_filed(user, petition):
    return petition.may_be_filed


@rules.predicate
def is_filed(user, petition):
    return petition.is_filed


@rules.predicate
def represents_a_verified_organisation(user):
    return user.is_authenticated and user.organisations.filter(status="verified").exists()


rules.add_perm("petitions.read_petition", host_is_visible)
rules.add_perm("petitions.start_petition", is_verified_resident)
rules.add_perm(
    "petitions.start_association_petition",
    is_verified_resident & represents_a_verified_organisation,
)
rules.add_perm("petitions.edit_petition", may_edit_own(is_being_drafted))
rules.add_perm("petitions.sign_petition", is_verified_resident & is_collecting)
rules.add_perm("petitions.file_petition", is_owner & may_be_filed)
rules.add_perm("petitions.withdraw_petition", is_owner & is_open_for_withdrawal)
rules.add_perm("petitions.review_petition", is_moderator)
rules.add_perm("petitions.examine_petition", is_official & is_filed)
rules.add_perm("petitions.download_dossier", is_official & is_filed)
rules.add_perm("petitions.verify_organisation", is_moderator)
