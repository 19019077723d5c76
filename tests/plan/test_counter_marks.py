"""An evaluation a counter agent records for a resident (counters/, through plan/counter_acts.py)
carries the counter and the agent, until the resident evaluates again online."""

import pytest

from participation.models import Arrondissement
from plan import services
from tests.factories import ResidentFactory, make_axis, make_project

pytestmark = pytest.mark.django_db

SCORES = {"usefulness": 5, "quality": 4, "progress": 3, "communication": 2}


def test_an_evaluation_given_at_a_counter_is_marked_until_changed_online():
    project = make_project(make_axis())
    resident, agent = ResidentFactory(), ResidentFactory()
    counter = Arrondissement.objects.canonical().get(slug="tabriquet")
    evaluation, created = services.evaluate(
        resident, project, SCORES, at_counter=counter, recorded_by=agent
    )
    assert created
    assert (evaluation.at_counter, evaluation.recorded_by) == (counter, agent)
    evaluation, created = services.evaluate(resident, project, SCORES | {"quality": 1})
    evaluation.refresh_from_db()
    assert not created
    assert (evaluation.at_counter, evaluation.recorded_by, evaluation.quality) == (None, None, 1)
