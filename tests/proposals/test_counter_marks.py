"""Proposals and supports a counter agent records for a resident (counters/, through
proposals/counter_acts.py) carry the counter and the agent; those given online carry neither."""

import pytest

from participation.models import Arrondissement
from proposals import services
from proposals.forms import CounterProposalForm
from proposals.models import ProposalStatus, Support
from tests.participation.factories import ResidentFactory
from tests.proposals.factories import ProposalCategoryFactory, ProposalFactory

pytestmark = pytest.mark.django_db


def counter():
    return Arrondissement.objects.canonical().get(slug="tabriquet")


def test_a_support_given_at_a_counter_is_marked():
    proposal, resident, agent = ProposalFactory(), ResidentFactory(), ResidentFactory()
    assert services.support(resident, proposal, at_counter=counter(), recorded_by=agent)
    assert not services.support(resident, proposal, at_counter=counter(), recorded_by=agent)
    support = Support.objects.get(proposal=proposal)
    assert (support.at_counter, support.recorded_by) == (counter(), agent)
    online = ResidentFactory()
    services.support(online, proposal)
    assert Support.objects.get(user=online).at_counter is None


def test_a_proposal_submitted_at_a_counter_is_the_resident_s_and_moderated_as_online(settings):
    settings.SHARIK_PROPOSAL_MODERATION = "pre"
    resident, agent = ResidentFactory(), ResidentFactory()
    form = CounterProposalForm(
        {
            "title": "سقاية عمومية",
            "body": "نقترح سقاية عمومية في الساحة.",
            "category": ProposalCategoryFactory().pk,
            "arrondissement": counter().pk,
            "latitude": "34.1",  # not a field at a counter: ignored
        }
    )
    assert form.is_valid(), form.errors
    assert set(form.fields) == set(CounterProposalForm.counter_fields)
    proposal = services.submit_at_counter(form, resident, at_counter=counter(), recorded_by=agent)
    proposal.refresh_from_db()
    assert proposal.author == resident
    assert proposal.status == ProposalStatus.PENDING
    assert (proposal.at_counter, proposal.recorded_by, proposal.latitude) == (
        counter(),
        agent,
        None,
    )
    assert proposal.events.get().actor == resident
