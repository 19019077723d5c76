"""The rules of organic law 113-14 on petitions to the communal council, each named once, citing
its source (../shared/LEGAL.md). Figures marked (verify) come from secondary sources: they are
settings, so a commune corrects them without touching code. The platform says which condition
is met; the council's bureau decides.
"""

import calendar
from dataclasses import dataclass
from datetime import date

from django.conf import settings
from django.utils.translation import gettext_lazy as _


def add_months(day, months):
    """The same day ``months`` later, or the month's last day when it has no such day
    (31 January + 1 month = 28 or 29 February)."""
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    return day.replace(
        year=year, month=month, day=min(day.day, calendar.monthrange(year, month)[1])
    )


# Minimum signatures of a residents' petition, by class of commune — organic law 113-14, petitions
# chapter (verify): 100 under 35,000 inhabitants, 200 for other communes, 400 for communes with
# arrondissements.
SMALL_COMMUNE_POPULATION_LIMIT = 35_000


def residents_signature_threshold(population=None, has_arrondissements=None):
    """How many signatures a residents' petition needs in this commune."""
    thresholds = settings.SHARIK_PETITION_THRESHOLDS
    population = settings.SHARIK_COMMUNE_POPULATION if population is None else population
    if has_arrondissements is None:
        has_arrondissements = settings.SHARIK_COMMUNE_HAS_ARRONDISSEMENTS
    if has_arrondissements:
        return thresholds["with_arrondissements"]
    if population < SMALL_COMMUNE_POPULATION_LIMIT:
        return thresholds["under_35000"]
    return thresholds["other"]


# An association may petition once constituted for more than three years — organic law 113-14
# (verify article).
ASSOCIATION_MINIMUM_AGE_YEARS = 3

# The president notifies the mandataire of an inadmissible petition, with reasons, within three
# months of receiving it — organic law 113-14 (verify).
INADMISSIBILITY_NOTICE_MONTHS = 3


def inadmissibility_notice_deadline(received_on):
    """The last day to notify the mandataire that a petition is inadmissible."""
    return add_months(received_on, settings.SHARIK_PETITION_NOTICE_MONTHS)


@dataclass(frozen=True)
class Condition:
    """One legal condition, met or not, with the plain explanation shown to petitioners."""

    code: str
    met: bool
    explanation: str


def association_conditions(
    *,
    created_on,
    seat_in_commune,
    in_good_standing,
    democratic_statutes,
    activity_related,
    today=None,
):
    """The conditions an association must meet to petition the council (LEGAL.md)."""
    today = today or date.today()
    old_enough = add_months(created_on, 12 * ASSOCIATION_MINIMUM_AGE_YEARS) < today
    return [
        Condition(
            "association_age",
            old_enough,
            _("Constituted in Morocco under the law in force for more than three years."),
        ),
        Condition(
            "association_seat",
            seat_in_commune,
            _("Its seat or one of its branches is in the commune."),
        ),
        Condition(
            "association_standing",
            in_good_standing,
            _("In good standing with the laws and regulations in force."),
        ),
        Condition(
            "association_democratic",
            democratic_statutes,
            _("Runs according to democratic principles and its own statutes."),
        ),
        Condition(
            "association_activity",
            activity_related,
            _("Its activity is related to the subject of the petition."),
        ),
    ]


def signatory_conditions(declaration):
    """Who may sign a residents' petition (LEGAL.md): lives or works in the commune, on the
    electoral rolls. ``declaration`` is the resident's IdentityDeclaration (or None)."""
    declared = declaration is not None
    return [
        Condition(
            "signatory_declared",
            declared,
            _("Has declared their full name and national ID number."),
        ),
        Condition(
            "signatory_link",
            declared and bool(declaration.address or declaration.activity),
            _(
                "Lives in the commune or exercises an economic, commercial or professional "
                "activity in it."
            ),
        ),
        Condition(
            "signatory_electoral_roll",
            declared and declaration.on_electoral_roll,
            _("Is registered on the electoral rolls (declared; the council checks)."),
        ),
    ]


def may_sign(declaration):
    return all(condition.met for condition in signatory_conditions(declaration))
