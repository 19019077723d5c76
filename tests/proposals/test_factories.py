"""Each factory of the proposals app, as its registered fixture, makes a valid saved row: a cheap
guard that the factories follow the models' constraints."""

import pytest

from proposals.models import ProposalStatus
from tests.checks import assert_saved_and_valid

pytestmark = pytest.mark.django_db

FIXTURES = [
    "user",
    "unverified_resident",
    "arrondissement",
    "proposal_category",
    "proposal",
    "support",
    "proposal_event",
]


@pytest.mark.parametrize("name", FIXTURES)
def test_registered_factory_makes_a_valid_saved_row(request, name):
    assert_saved_and_valid(request.getfixturevalue(name))


def test_the_fixtures_of_a_test_share_their_rows(
    proposal, support, proposal_event, proposal_category, arrondissement, user, resident, moderator
):
    assert proposal.author == user and proposal.category == proposal_category
    assert proposal.arrondissement == arrondissement
    assert proposal.is_public and proposal.published_at is not None
    assert support.proposal == proposal and support.user == resident
    assert proposal_event.proposal == proposal and proposal_event.actor == moderator


def test_factories_build_drafts_located_tagged_proposals_and_updates(
    proposal_factory, proposal_event_factory, proposal_category_factory
):
    draft = proposal_factory(status=ProposalStatus.DRAFT)
    assert not draft.is_public and draft.published_at is None
    located = proposal_factory(located=True, tags=["إنارة", "أمن"])
    located.full_clean()
    assert located.is_located
    assert sorted(located.tags.names()) == ["أمن", "إنارة"]
    update = proposal_event_factory(update=True)
    update.full_clean()
    assert update.actor == update.proposal.author and update.kind == "update"
    park = proposal_category_factory(slug="environment")
    assert park.name == "البيئة والمساحات الخضراء"
    assert proposal_category_factory(slug="environment") == park  # the skeleton's row
