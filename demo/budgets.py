"""Demonstration participatory budgets for ``seed_demo``: the budgets index in Arabic and French;
"الميزانية التشاركية 2027" voting now, with an envelope per arrondissement, thirty residents'
ideas in every state of the technical review and a few hundred ballots; and the 2026 budget,
closed, with its results.

The ideas and ballots are written in bulk with the states the services would have left (the
calendar is already past the phases in which ``submit_idea`` and ``review`` apply).
"""

import datetime
import random

from django.contrib.auth import get_user_model
from django.utils import timezone

from budgets.models import (
    Ballot,
    BallotChoice,
    BallotVersion,
    BudgetIndexPage,
    BudgetPage,
    BudgetProject,
    Envelope,
    Feasibility,
)
from cms.models import HomePage
from participation.models import Arrondissement

INDEX = {
    "ar": ("الميزانية التشاركية", "budgets", "يقترح السكان مشاريع لأحيائهم، تدرسها الجماعة وتحدد كلفتها، ثم يصوت السكان في حدود غلاف كل مقاطعة."),
    "fr": ("Budget participatif", "budget-participatif", "Les habitants proposent des projets pour leur quartier, la commune les étudie et les chiffre, puis les habitants votent dans l'enveloppe de chaque arrondissement."),
}  # fmt: skip

# slug, amount (MAD), population served
ENVELOPES = [
    ("bab-lamrissa", 2_200_000, 195_000),
    ("bettana", 1_800_000, 178_000),
    ("hssaine", 2_400_000, 243_000),
    ("layayda", 1_800_000, 186_000),
    ("tabriquet", 1_800_000, 180_000),
]

# slug, ar title, fr title, fr summary, days from today to each phase's start, envelope share
BUDGETS = [
    ("budget-2027", "الميزانية التشاركية 2027", "Budget participatif 2027",
     "Dix millions de dirhams pour les projets des habitants, répartis entre les cinq arrondissements.",
     (-150, -75, -5, 25, 90), 1.0),
    ("budget-2026", "الميزانية التشاركية 2026", "Budget participatif 2026",
     "La première édition : huit millions de dirhams, les projets retenus sont en cours de réalisation.",
     (-500, -430, -370, -340, -200), 0.8),
]  # fmt: skip
SUMMARY_AR = "مشاريع يقترحها السكان وتدرسها الجماعة ويصوت عليها السكان في حدود غلاف كل مقاطعة."

# What residents propose, and what it costs: (ar title, ar description, cost in MAD)
IDEAS = [
    ("إنارة الحديقة العمومية", "أعمدة إنارة بمصابيح LED في الحديقة حتى يرتادها السكان مساء.", 180_000),
    ("ملعب قرب للأطفال", "تهيئة ملعب صغير معشوشب قرب المدرسة الابتدائية.", 650_000),
    ("مقاعد وظلال في الساحة", "مقاعد ومظلات للمسنين في الساحة الرئيسية.", 120_000),
    ("ممرات آمنة أمام المدارس", "ممرات راجلين مرسومة ومخففات سرعة أمام المدارس.", 240_000),
    ("مكتبة حي", "قاعة مطالعة صغيرة بكتب للأطفال واليافعين.", 520_000),
    ("تشجير الشارع الرئيسي", "غرس أشجار على طول الشارع الرئيسي وسقيها بالتنقيط.", 300_000),
    ("حاويات فرز النفايات", "حاويات للفرز في الأحياء وحملات تحسيس.", 210_000),
    ("ولوجيات للأشخاص في وضعية إعاقة", "منحدرات وأرصفة مهيأة قرب المرافق العمومية.", 380_000),
    ("فضاء رياضي في الهواء الطلق", "آلات رياضية مجانية في المنتزه.", 260_000),
    ("إصلاح أرصفة السوق", "تبليط أرصفة السوق الأسبوعي وتصريف مياه الأمطار.", 700_000),
]  # fmt: skip
UNFEASIBLE_REASONS = [
    "العقار في ملك الدولة وليس الجماعة: تم توجيه الاقتراح إلى العمالة.",
    "الكلفة تفوق غلاف المقاطعة.",
    "المشروع مبرمج أصلا في برنامج عمل الجماعة لسنة 2027.",
]


def _at(days):
    day = timezone.localdate() + datetime.timedelta(days=days)
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(9)))


def _index(homes):
    ar_home = homes["ar"]
    index = BudgetIndexPage.objects.child_of(ar_home).first()
    if index is None:
        title, slug, introduction = INDEX["ar"]
        index = BudgetIndexPage(title=title, slug=slug, introduction=introduction)
        ar_home.add_child(instance=index)
        index.save_revision().publish()
    if "fr" in homes and index.get_translation_or_none(homes["fr"].locale) is None:
        translation = index.copy_for_translation(homes["fr"].locale).specific
        translation.title, translation.slug, translation.introduction = INDEX["fr"]
        translation.save_revision().publish()
    return index


def _budget(index, homes, arrondissements, row):
    slug, title_ar, title_fr, summary_fr, days, share = row
    budget = BudgetPage.objects.child_of(index).filter(slug=slug).first()
    if budget is None:
        envelopes = [
            Envelope(
                arrondissement=arrondissements[place],
                amount=int(amount * share),
                population=population,
            )
            for place, amount, population in ENVELOPES
        ]
        starts = dict(
            zip(
                ("ideas_start_at", "review_start_at", "vote_start_at", "results_start_at",
                 "follow_up_start_at"),
                (_at(d) for d in days),
                strict=True,
            )
        )  # fmt: skip
        budget = BudgetPage(
            title=title_ar,
            slug=slug,
            summary=SUMMARY_AR,
            total_amount=sum(e.amount for e in envelopes),
            **starts,
        )
        budget.envelopes = envelopes
        index.add_child(instance=budget)
        budget.save_revision().publish()
        budget = BudgetPage.objects.get(pk=budget.pk)
    if "fr" in homes and budget.get_translation_or_none(homes["fr"].locale) is None:
        translation = budget.copy_for_translation(homes["fr"].locale, copy_parents=True).specific
        translation.title, translation.slug, translation.summary = title_fr, slug, summary_fr
        translation.save_revision().publish()
    return budget


def _voters(arrondissements):
    """The demo's signatories vote: they have a confirmed email and an arrondissement
    (demo/petitions.py); those without a year of birth are given one."""
    people = list(
        get_user_model()
        .objects.filter(
            email__startswith="signatory-",
            email__endswith="@demo.sale.example",
            arrondissement__isnull=False,
        )
        .select_related("arrondissement")
        .order_by("email")
    )
    missing = [person for person in people if person.birth_year is None]
    for number, person in enumerate(missing):
        person.birth_year = 1950 + (number * 11) % 58
    get_user_model().objects.bulk_update(missing, ["birth_year"])
    return people


def _ideas(budget, authors, reviewer, arrondissements, with_pending):
    """Thirty ideas, six per arrondissement: feasible, not feasible, merged and (while the budget
    is new) some still awaiting review."""
    rng = random.Random(budget.slug)
    places = [place for place, _amount, _population in ENVELOPES]
    projects = []
    for number in range(30):
        title, description, cost = IDEAS[number % len(IDEAS)]
        place = places[number % len(places)]
        state = number // len(places)  # 0 to 2 feasible, 3 not feasible, 4 merged, 5 pending
        if state == 5 and not with_pending:
            state = 0
        feasible = state in {0, 1, 2, 4}
        official = round(cost * rng.uniform(0.85, 1.3), -3)
        projects.append(
            BudgetProject(
                budget=budget,
                author=authors[(number * 7) % len(authors)],
                title=f"{title} — {arrondissements[place].name}",
                description=description,
                arrondissement=arrondissements[place],
                estimated_cost=cost,
                feasibility=(
                    Feasibility.PENDING
                    if state == 5
                    else Feasibility.FEASIBLE
                    if feasible
                    else Feasibility.UNFEASIBLE
                ),
                official_cost=official if feasible else None,
                department="مصلحة الأشغال" if feasible else "",
                review_reason=UNFEASIBLE_REASONS[number % 3] if state == 3 else "",
                reviewed_by=reviewer if state != 5 else None,
                reviewed_at=budget.vote_start_at - datetime.timedelta(days=10)
                if state != 5
                else None,
                created_at=budget.ideas_start_at + datetime.timedelta(days=number),
            )
        )
    projects = BudgetProject.objects.bulk_create(projects)
    merged = [p for n, p in enumerate(projects) if n // len(places) == 4]
    for project in merged:
        project.merged_into = next(
            p
            for p in projects
            if p.arrondissement_id == project.arrondissement_id
            and p.feasibility == Feasibility.FEASIBLE
            and p not in merged
        )
    BudgetProject.objects.bulk_update(merged, ["merged_into"])
    return [p for p in projects if p.is_on_ballot]


def _ballots(budget, voters, on_ballot, count):
    """``count`` ballots, each within its envelope's amount; a few changed once."""
    rng = random.Random(budget.slug)
    envelopes = budget.envelopes_by_arrondissement
    by_envelope = {}
    for project in on_ballot:
        by_envelope.setdefault(budget.envelope_for(project.arrondissement).pk, []).append(project)
    ballots, chosen = [], []
    for voter in voters[:count]:
        envelope = envelopes.get(voter.arrondissement.translation_key)
        if envelope is None:
            continue
        left, choice = envelope.amount, []
        candidates = by_envelope.get(envelope.pk, [])
        for project in rng.sample(candidates, k=len(candidates)):
            if project.official_cost <= left and rng.random() < 0.7:
                choice.append(project)
                left -= project.official_cost
        if not choice:
            continue
        ballots.append(
            Ballot(envelope=envelope, voter=voter, arrondissement_id=voter.arrondissement_id)
        )
        chosen.append(choice)
    ballots = Ballot.objects.bulk_create(ballots)
    cast_at = budget.vote_start_at + datetime.timedelta(hours=3)
    versions = BallotVersion.objects.bulk_create(
        [BallotVersion(ballot=ballot, created_at=cast_at) for ballot in ballots]
    )
    BallotChoice.objects.bulk_create(
        [
            BallotChoice(version=version, project=project)
            for version, choice in zip(versions, chosen, strict=True)
            for project in choice
        ]
    )
    for ballot, version in zip(ballots, versions, strict=True):
        ballot.current_version = version
    Ballot.objects.bulk_update(ballots, ["current_version"], batch_size=500)
    return len(ballots)


def seed_budgets(stdout):
    """Idempotent: creates only what is missing (a budget's ideas and ballots with it)."""
    homes = {h.locale.language_code: h for h in HomePage.objects.select_related("locale")}
    if "ar" not in homes:
        return
    arrondissements = {a.slug: a for a in Arrondissement.objects.canonical()}
    index = _index(homes)
    reviewer = get_user_model().objects.filter(email="editor@sale.example").first()
    voters = None
    for row, ballots, with_pending in ((BUDGETS[0], 320, True), (BUDGETS[1], 260, False)):
        budget = _budget(index, homes, arrondissements, row)
        if budget.projects.exists():
            continue
        voters = voters if voters is not None else _voters(arrondissements)
        authors = voters or list(get_user_model().objects.filter(is_staff=False)[:10])
        if not authors:
            continue
        on_ballot = _ideas(budget, authors, reviewer, arrondissements, with_pending)
        cast = _ballots(budget, voters, on_ballot, ballots)
        if stdout is not None:
            stdout.write(f"Budget {budget.title}: 30 ideas, {cast} ballots")
