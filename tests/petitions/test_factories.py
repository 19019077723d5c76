"""Each factory of the petitions app, as its registered fixture, makes a valid saved row: a cheap
guard that the factories follow the models' constraints (and the law's, where they say so)."""

import pytest

from petitions.models import PetitionKind, PetitionStatus
from tests.checks import assert_saved_and_valid

pytestmark = pytest.mark.django_db

FIXTURES = [
    "user",
    "unverified_resident",
    "mandataire",
    "signatory",
    "arrondissement",
    "identity_declaration",
    "council_competence",
    "organisation",
    "petition",
    "petition_attachment",
    "signature",
    "petition_event",
]


@pytest.mark.parametrize("name", FIXTURES)
def test_registered_factory_makes_a_valid_saved_row(request, name):
    assert_saved_and_valid(request.getfixturevalue(name))


def test_the_fixtures_of_a_test_share_their_rows(
    petition, signature, organisation, petition_event, mandataire, signatory, arrondissement
):
    assert petition.mandataire == mandataire != signatory
    assert list(petition.arrondissements.all()) == [arrondissement]
    assert petition.is_conform and petition.collection_is_open()
    assert signature.petition == petition and signature.user == signatory
    assert signature.cin_digest == signatory.identity.cin_digest
    assert (signature.full_name, signature.arrondissement) == (
        signatory.identity.full_name,
        signatory.identity.arrondissement,
    )
    assert organisation.is_verified and organisation.meets_conditions()
    assert list(organisation.representatives.all()) == [mandataire]
    assert petition_event.petition == petition and petition_event.actor.is_staff


def test_factories_build_petitions_at_other_stages(petition_factory, organisation_factory):
    draft = petition_factory(status=PetitionStatus.DRAFT)
    assert (draft.published_at, draft.signature_threshold, draft.collection_ends_on) == (
        None,
        0,
        None,
    )
    assert draft.is_conform  # ready for pre-review
    association = petition_factory(association=True)
    association.full_clean()
    assert association.kind == PetitionKind.ASSOCIATION and not association.needs_signatures
    assert association.organisation.representatives.filter(pk=association.mandataire_id).exists()
    assert association.is_conform and association.may_be_filed
    filed = petition_factory(filed=True)
    filed.full_clean()
    assert filed.is_filed and filed.receipt_number and filed.received_on
    assert not organisation_factory(verified=False).is_verified
