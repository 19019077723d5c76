"""The rules of organic law 113-14 on petitions to the communal council, each named once, citing
its source (docs/legal.md). Figures marked (verify) come from secondary sources: they are
settings, so a commune corrects them without touching code. The platform says which condition
is met; the council's bureau decides.
"""

import calendar
from dataclasses import dataclass

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from participation.models import IdentityDeclaration


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


def inadmissibility_notice_deadline(received_on):
    """The last day to notify the mandataire that a petition is inadmissible: the president
    notifies them, with reasons, within three months of receiving it — organic law 113-14
    (verify); the months are the setting ``SHARIK_PETITION_NOTICE_MONTHS``, 3 by default."""
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
    """The conditions an association must meet to petition the council (docs/legal.md)."""
    today = today or timezone.localdate()  # the commune's day, not the server's
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
    """Who may sign a residents' petition (docs/legal.md): lives or works in the commune, on the
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
            declared
            and (
                bool(declaration.address)
                if declaration.basis == "residence"
                else bool(declaration.activity)
            ),
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


def may_petition_as_association(organisation, activity_related=True, today=None):
    """An association petitions only once staff verified it and it meets every condition."""
    return (
        organisation is not None
        and organisation.is_verified
        and organisation.meets_conditions(activity_related, today)
    )


def petition_checklist(petition, today=None):
    """The conformity check shown before publication (docs/legal.md, organic law 113-14): who may
    petition, the subject, the exclusions, the documents of decree 2-16-403, the threshold."""
    conditions = []
    if petition.needs_signatures:
        declaration = IdentityDeclaration.objects.filter(user_id=petition.mandataire_id).first()
        conditions.append(
            Condition(
                "eligibility",
                may_sign(declaration),
                _(
                    "The mandataire has declared their identity and lives or works in the "
                    "commune, like every signatory must."
                ),
            )
        )
    else:
        organisation = petition.organisation
        conditions.append(
            Condition(
                "eligibility",
                may_petition_as_association(organisation, petition.activity_related, today),
                _(
                    "The association is verified by the commune, constituted for more than three "
                    "years, in good standing, democratic, with its seat or a branch in the "
                    "commune and an activity related to the subject."
                ),
            )
        )
    conditions.append(
        Condition(
            "competence",
            petition.competence_id is not None,
            _(
                "The question falls within the commune's attributions: choose the competence it "
                "belongs to. Questions outside them are inadmissible."
            ),
        )
    )
    conditions.append(
        Condition(
            "exclusions",
            petition.respects_constants,
            _(
                "A petition may not touch the constants of the Nation (Constitution, art. 1): "
                "Islam, national unity, the constitutional monarchy and the democratic choice."
            ),
        )
    )
    if petition.needs_signatures:
        conditions.append(
            Condition(
                "documents",
                True,
                _(
                    "The list of signatories (full name, national ID number, address) is drawn "
                    "up by Sharik from the signatures when you file."
                ),
            )
        )
        required = petition.required_signatures
        conditions.append(
            Condition(
                "threshold",
                petition.signature_count >= required,
                _("At least %(required)s signatures of residents (now %(count)s).")
                % {"required": required, "count": petition.signature_count},
            )
        )
    else:
        organisation = petition.organisation
        has_documents = bool(
            organisation
            and organisation.statutes
            and organisation.registration_receipt
            and organisation.seat_proof
            and petition.filing_decision
        )
        conditions.append(
            Condition(
                "documents",
                has_documents,
                _(
                    "The association's statutes, deposit receipt and proof of seat, and the "
                    "decision of its competent body to petition, are attached."
                ),
            )
        )
    return conditions


# The commune's own competences a petition can concern — organic law 113-14, own competences of
# the commune (verify article numbers). Seeded as editable terms (CouncilCompetence): staff add,
# rename or remove them in the admin.
COUNCIL_COMPETENCES = [
    # slug, Arabic, French, English
    ("public-lighting", "الإنارة العمومية", "Éclairage public", "Public lighting"),
    (
        "waste-cleanliness",
        "جمع النفايات المنزلية والنظافة",
        "Collecte des déchets ménagers et propreté",
        "Household waste collection and cleanliness",
    ),
    (
        "water-sanitation",
        "توزيع الماء والتطهير السائل",
        "Distribution d'eau et assainissement liquide",
        "Water distribution and sanitation",
    ),
    (
        "urban-transport",
        "النقل العمومي الحضري",
        "Transport public urbain",
        "Urban public transport",
    ),
    (
        "traffic-parking",
        "السير والجولان ووقوف السيارات",
        "Circulation et stationnement",
        "Traffic and parking",
    ),
    ("roads", "الطرق والمسالك الجماعية", "Voirie communale", "Communal roads and streets"),
    ("markets", "الأسواق الجماعية", "Marchés communaux", "Communal markets"),
    (
        "green-spaces",
        "المساحات الخضراء والحدائق",
        "Espaces verts et jardins",
        "Green spaces and parks",
    ),
    (
        "culture-sport-facilities",
        "المرافق الثقافية والرياضية",
        "Équipements culturels et sportifs",
        "Cultural and sports facilities",
    ),
    (
        "urban-planning",
        "التعمير ورخص البناء",
        "Urbanisme et permis de construire",
        "Urban planning",
    ),
    ("public-health", "حفظ الصحة", "Hygiène et salubrité publique", "Public hygiene and health"),
    (
        "administrative-services",
        "الخدمات الإدارية والحالة المدنية",
        "Services administratifs et état civil",
        "Administrative services and civil status",
    ),
    ("cemeteries", "المقابر", "Cimetières", "Cemeteries"),
    (
        "local-economy",
        "التنمية الاقتصادية المحلية",
        "Développement économique local",
        "Local economic development",
    ),
]
