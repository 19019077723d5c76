"""Who may do what with petitions (rules predicates; checked in views, templates and the admin)."""

import rules

from participation.rules import is_moderator, is_official, is_verified_resident
from petitions.models import PetitionStatus


@rules.predicate
def is_mandataire(user, petition):
    return user.is_authenticated and petition.mandataire_id == user.pk


@rules.predicate
def is_visible(user, petition):
    return petition.participation_is_visible_to(user)


@rules.predicate
def is_being_drafted(user, petition):
    """The text changes only before publication: signatories sign what they read."""
    return petition.status in {PetitionStatus.DRAFT, PetitionStatus.RETURNED}


@rules.predicate
def is_collecting(user, petition):
    return petition.collection_is_open()


@rules.predicate
def may_be_filed(user, petition):
    return petition.may_be_filed


@rules.predicate
def is_open_for_withdrawal(user, petition):
    return petition.status == PetitionStatus.COLLECTING


@rules.predicate
def is_filed(user, petition):
    return petition.is_filed


@rules.predicate
def represents_a_verified_organisation(user):
    return user.is_authenticated and user.organisations.filter(status="verified").exists()


rules.add_perm("petitions.read_petition", is_visible)
rules.add_perm("petitions.start_petition", is_verified_resident)
rules.add_perm(
    "petitions.start_association_petition",
    is_verified_resident & represents_a_verified_organisation,
)
rules.add_perm("petitions.edit_petition", is_verified_resident & is_mandataire & is_being_drafted)
rules.add_perm("petitions.sign_petition", is_verified_resident & is_collecting)
rules.add_perm("petitions.file_petition", is_mandataire & may_be_filed)
rules.add_perm("petitions.withdraw_petition", is_mandataire & is_open_for_withdrawal)
rules.add_perm("petitions.review_petition", is_moderator)
rules.add_perm("petitions.examine_petition", is_official & is_filed)
rules.add_perm("petitions.download_dossier", is_official & is_filed)
rules.add_perm("petitions.verify_organisation", is_moderator)
