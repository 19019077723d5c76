"""Each legal rule of petitions (organic law 113-14), named once in petitions/law.py."""

from datetime import date

import pytest

from petitions import law
from tests.factories import DeclarationStub as Declaration


@pytest.mark.parametrize(
    ("population", "arrondissements", "expected"),
    [
        (20_000, False, 100),
        (34_999, False, 100),
        (35_000, False, 200),
        (982_163, True, 400),
        (20_000, True, 400),
    ],
)
def test_threshold_by_class_of_commune(population, arrondissements, expected):
    assert law.residents_signature_threshold(population, arrondissements) == expected


def test_sale_defaults_to_400(settings):
    assert law.residents_signature_threshold() == 400
    settings.SHARIK_COMMUNE_HAS_ARRONDISSEMENTS = False
    settings.SHARIK_COMMUNE_POPULATION = 12_000
    assert law.residents_signature_threshold() == 100


def test_thresholds_are_settings(settings):
    settings.SHARIK_PETITION_THRESHOLDS = {
        **settings.SHARIK_PETITION_THRESHOLDS,
        "with_arrondissements": 450,
    }
    assert law.residents_signature_threshold(982_163, True) == 450


@pytest.mark.parametrize(
    ("received", "deadline"),
    [
        (date(2026, 1, 15), date(2026, 4, 15)),
        (date(2026, 11, 30), date(2027, 2, 28)),
        (date(2027, 11, 30), date(2028, 2, 29)),
    ],
)
def test_inadmissibility_notice_within_three_months(received, deadline):
    assert law.inadmissibility_notice_deadline(received) == deadline


def conditions(**overrides):
    values = {
        "created_on": date(2020, 3, 1),
        "seat_in_commune": True,
        "in_good_standing": True,
        "democratic_statutes": True,
        "activity_related": True,
        "today": date(2026, 11, 25),
    }
    values.update(overrides)
    return {c.code: c.met for c in law.association_conditions(**values)}


def test_association_meeting_every_condition():
    assert all(conditions().values())


@pytest.mark.parametrize(
    ("created_on", "old_enough"),
    [(date(2023, 11, 24), True), (date(2023, 11, 25), False), (date(2024, 6, 1), False)],
)
def test_association_must_be_more_than_three_years_old(created_on, old_enough):
    assert conditions(created_on=created_on)["association_age"] is old_enough


@pytest.mark.parametrize(
    "failing",
    ["seat_in_commune", "in_good_standing", "democratic_statutes", "activity_related"],
)
def test_each_association_condition_can_fail(failing):
    result = conditions(**{failing: False})
    assert [code for code, met in result.items() if not met] == [
        {
            "seat_in_commune": "association_seat",
            "in_good_standing": "association_standing",
            "democratic_statutes": "association_democratic",
            "activity_related": "association_activity",
        }[failing]
    ]


@pytest.mark.parametrize(
    ("declaration", "eligible"),
    [
        (None, False),
        (Declaration(), True),
        (Declaration(on_electoral_roll=False), False),
        (Declaration(address="", activity=""), False),
        (Declaration(address="", activity="متجر", basis="activity"), True),
        (Declaration(activity="", basis="activity"), False),
    ],
)
def test_who_may_sign(declaration, eligible):
    assert law.may_sign(declaration) is eligible
