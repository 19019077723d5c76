"""Answers a counter agent records for a resident (counters/, through
consultations/counter_acts.py) carry the counter and the agent, until the resident changes them
online."""

import pytest

from consultations import services
from consultations.models import Answer
from participation.models import Arrondissement
from tests.factories import C_A, Q_SINGLE, ResidentFactory, make_consultation

pytestmark = pytest.mark.django_db


def test_answers_given_at_a_counter_are_marked_until_changed_online():
    consultation = make_consultation()
    resident, agent = ResidentFactory(), ResidentFactory()
    counter = Arrondissement.objects.canonical().get(slug="tabriquet")
    answers = {Q_SINGLE: [Answer(question=Q_SINGLE, choice=C_A)]}
    response = services.save_answers(
        consultation, answers, participant=resident, at_counter=counter, recorded_by=agent
    )
    response.refresh_from_db()
    assert (response.at_counter, response.recorded_by) == (counter, agent)
    answers = {Q_SINGLE: [Answer(question=Q_SINGLE, choice=C_A)]}
    services.save_answers(consultation, answers, participant=resident)
    response.refresh_from_db()
    assert (response.at_counter, response.recorded_by) == (None, None)
