"""A demonstration action plan for Salé (seed_demo): the PAC 2022-2027 with the forum's four axes
and the other axes of a commune's plan, 25 projects over the five arrondissements, progress
updates and residents' evaluations. Fictitious figures, labelled as demonstration data."""

import random
from datetime import date
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.db import transaction
from wagtail.models import Locale

from cms.models import HomePage
from demo.information import seed_departments
from participation.commune_defaults import PLAN_AXES
from participation.models import Arrondissement
from plan.models import ActionPlanPage, AxisPage, ProjectEvaluation, ProjectPage
from plan.services import post_update
from proposals.models import ProposalCategory

DEMO_NOTE = {
    "ar": "معطيات تجريبية: المشاريع والأرقام أمثلة لعرض المنصة.",
    "fr": "Données de démonstration : projets et chiffres sont des exemples.",
    "en": "Demonstration data: projects and figures are examples.",
}

# Title, slug and introduction in each language. Translations of the plan, its axes and its
# projects keep the Arabic page's slug (Wagtail allows one slug under each language's parent):
# /fr/action-plan/… has the shape of /ar/action-plan/…, as the consultations' addresses do.
PLAN = {
    "ar": (
        "برنامج عمل الجماعة 2022-2027",
        "action-plan",
        "برنامج عمل جماعة سلا: المحاور الاستراتيجية والمشاريع ومدى تقدمها. تابعوا المشاريع وقيّموها واقترحوا أفكاركم.",
    ),
    "fr": (
        "Programme d'action de la commune 2022-2027",
        "action-plan",
        "Le programme d'action de la commune de Salé : axes stratégiques, projets et avancement. Suivez les projets, évaluez-les et proposez vos idées.",
    ),
    "en": (
        "Commune action plan 2022-2027",
        "action-plan",
        "The action plan of the commune of Salé: strategic axes, projects and progress. Follow the projects, evaluate them and suggest your ideas.",
    ),
}

# axis, (ar, fr, en) title, arrondissements, (lat, lng), planned budget (MAD), department (its
# slug, demo/information.py),
# partners, start, end, status, progress %, share of the budget spent.
PROJECTS = [
    (
        "digital-administration",
        (
            "شباك رقمي لوثائق الحالة المدنية",
            "Guichet numérique de l'état civil",
            "Digital civil registry counter",
        ),
        ["bab-lamrissa"],
        (34.0389, -6.8166),
        4_200_000,
        "etat-civil",
        "وزارة الداخلية",
        2023,
        2025,
        "completed",
        100,
        0.96,
    ),
    (
        "digital-administration",
        (
            "رقمنة رخص البناء",
            "Dématérialisation des permis de construire",
            "Online building permits",
        ),
        [],
        None,
        2_800_000,
        "urbanisme",
        "الوكالة الحضرية",
        2024,
        2026,
        "in_progress",
        65,
        0.52,
    ),
    (
        "digital-administration",
        (
            "الأداء الإلكتروني للرسوم المحلية",
            "Paiement en ligne des taxes locales",
            "Online payment of local taxes",
        ),
        [],
        None,
        1_500_000,
        "finances",
        "",
        2025,
        2026,
        "delayed",
        30,
        0.25,
    ),
    (
        "digital-platforms",
        (
            "منصة شارك للمشاركة المواطنة",
            "Plateforme Sharik de participation",
            "Sharik participation platform",
        ),
        [],
        None,
        900_000,
        "communication",
        "",
        2025,
        2026,
        "in_progress",
        80,
        0.7,
    ),
    (
        "digital-platforms",
        ("بوابة المعطيات المفتوحة", "Portail de données ouvertes", "Open data portal"),
        [],
        None,
        600_000,
        "informatique",
        "",
        2025,
        2027,
        "planned",
        10,
        0.05,
    ),
    (
        "digital-platforms",
        (
            "تطبيق التبليغ عن أعطاب الإنارة",
            "Application de signalement des pannes d'éclairage",
            "Street light fault reporting app",
        ),
        ["tabriquet", "layayda"],
        None,
        750_000,
        "travaux",
        "",
        2024,
        2025,
        "completed",
        100,
        1.0,
    ),
    (
        "digital-communication",
        (
            "بث دورات المجلس مباشرة",
            "Retransmission des sessions du conseil",
            "Live broadcast of council sessions",
        ),
        [],
        None,
        350_000,
        "communication",
        "",
        2023,
        2024,
        "completed",
        100,
        0.9,
    ),
    (
        "digital-communication",
        (
            "شاشات إخبارية في المقاطعات",
            "Écrans d'information dans les arrondissements",
            "Information screens in the arrondissements",
        ),
        ["bettana", "hssaine"],
        (34.0497, -6.7996),
        1_100_000,
        "communication",
        "",
        2025,
        2026,
        "in_progress",
        40,
        0.35,
    ),
    (
        "open-administration",
        (
            "نشر ميزانية الجماعة بشكل مبسط",
            "Budget de la commune en clair",
            "The commune's budget made plain",
        ),
        [],
        None,
        200_000,
        "finances",
        "",
        2024,
        2027,
        "in_progress",
        55,
        0.4,
    ),
    (
        "open-administration",
        (
            "مكتب الحق في الحصول على المعلومات",
            "Bureau du droit d'accès à l'information",
            "Access to information office",
        ),
        ["bab-lamrissa"],
        (34.0411, -6.8131),
        450_000,
        "secretariat",
        "",
        2023,
        2024,
        "completed",
        100,
        0.88,
    ),
    (
        "mobility",
        (
            "تهيئة شارع محمد الخامس",
            "Réaménagement de l'avenue Mohammed V",
            "Redesign of Mohammed V avenue",
        ),
        ["bab-lamrissa"],
        (34.0372, -6.8105),
        38_000_000,
        "travaux",
        "جهة الرباط سلا القنيطرة",
        2023,
        2026,
        "in_progress",
        70,
        0.62,
    ),
    (
        "mobility",
        (
            "ممرات آمنة أمام المدارس",
            "Passages sécurisés devant les écoles",
            "Safe crossings near schools",
        ),
        ["bettana", "layayda", "tabriquet"],
        (34.0611, -6.7855),
        2_400_000,
        "travaux",
        "",
        2024,
        2025,
        "completed",
        100,
        0.97,
    ),
    (
        "mobility",
        ("مواقف سيارات تابريكت", "Parkings de Tabriquet", "Tabriquet car parks"),
        ["tabriquet"],
        (34.0563, -6.7731),
        12_000_000,
        "travaux",
        "شركة التنمية المحلية",
        2025,
        2027,
        "delayed",
        15,
        0.1,
    ),
    (
        "mobility",
        (
            "إصلاح طرق حي الرحمة",
            "Réfection des voies du quartier Rahma",
            "Rahma neighbourhood roads",
        ),
        ["layayda"],
        (34.0302, -6.7601),
        9_500_000,
        "travaux",
        "",
        2024,
        2026,
        "in_progress",
        50,
        0.45,
    ),
    (
        "environment",
        ("حديقة ضفاف أبي رقراق", "Parc des berges du Bouregreg", "Bouregreg riverside park"),
        ["bab-lamrissa", "bettana"],
        (34.0331, -6.8231),
        22_000_000,
        "environnement",
        "وكالة تهيئة ضفتي أبي رقراق",
        2023,
        2027,
        "in_progress",
        45,
        0.38,
    ),
    (
        "environment",
        ("غرس 10000 شجرة", "Plantation de 10 000 arbres", "Planting 10,000 trees"),
        [],
        None,
        3_000_000,
        "environnement",
        "",
        2023,
        2027,
        "in_progress",
        60,
        0.55,
    ),
    (
        "environment",
        (
            "إنارة LED في الأحياء",
            "Éclairage LED des quartiers",
            "LED lighting in the neighbourhoods",
        ),
        ["hssaine", "layayda"],
        (34.0222, -6.7912),
        15_000_000,
        "travaux",
        "الوكالة المغربية للنجاعة الطاقية",
        2022,
        2025,
        "completed",
        100,
        0.99,
    ),
    (
        "environment",
        ("مراكز فرز النفايات", "Points de tri des déchets", "Waste sorting points"),
        ["tabriquet"],
        (34.0598, -6.7688),
        4_000_000,
        "environnement",
        "",
        2025,
        2027,
        "planned",
        5,
        0.0,
    ),
    (
        "culture-sport",
        ("ملاعب القرب في الأحياء", "Terrains de proximité", "Neighbourhood sports grounds"),
        ["hssaine", "layayda", "tabriquet"],
        (34.0254, -6.7797),
        8_000_000,
        "culture",
        "المبادرة الوطنية للتنمية البشرية",
        2022,
        2026,
        "in_progress",
        75,
        0.7,
    ),
    (
        "culture-sport",
        (
            "ترميم دار الثقافة",
            "Rénovation de la maison de la culture",
            "Renovating the house of culture",
        ),
        ["bab-lamrissa"],
        (34.0398, -6.8201),
        6_500_000,
        "culture",
        "وزارة الثقافة",
        2024,
        2026,
        "delayed",
        35,
        0.3,
    ),
    (
        "culture-sport",
        (
            "خزانة حي سعيد حجي",
            "Bibliothèque du quartier Saïd Hajji",
            "Saïd Hajji neighbourhood library",
        ),
        ["bettana"],
        (34.0521, -6.7943),
        2_200_000,
        "culture",
        "",
        2025,
        2027,
        "planned",
        0,
        0.0,
    ),
    (
        "social",
        (
            "مركز استقبال المسنين",
            "Centre d'accueil des personnes âgées",
            "Day centre for the elderly",
        ),
        ["hssaine"],
        (34.0185, -6.8002),
        5_000_000,
        "social",
        "التعاون الوطني",
        2023,
        2025,
        "completed",
        100,
        0.94,
    ),
    (
        "social",
        (
            "ولوجيات لذوي الإعاقة في المرافق",
            "Accessibilité des équipements publics",
            "Accessible public buildings",
        ),
        [],
        None,
        2_700_000,
        "travaux",
        "",
        2024,
        2027,
        "in_progress",
        35,
        0.3,
    ),
    (
        "economy",
        ("سوق القرب بالعيايدة", "Marché de proximité de Layayda", "Layayda local market"),
        ["layayda"],
        (34.0355, -6.7652),
        7_800_000,
        "economie",
        "",
        2024,
        2026,
        "cancelled",
        10,
        0.05,
    ),
    (
        "economy",
        ("فضاء مقاولات الشباب", "Espace des jeunes entrepreneurs", "Young entrepreneurs' hub"),
        ["bettana"],
        (34.0476, -6.7889),
        3_600_000,
        "economie",
        "المركز الجهوي للاستثمار",
        2025,
        2027,
        "in_progress",
        20,
        0.15,
    ),
]

OBJECTIVE = {
    "ar": "تحسين الخدمة المقدمة لسكان سلا في إطار المحور: {axis}.",
    "fr": "Améliorer le service rendu aux habitants de Salé, au titre de l'axe « {axis} ».",
    "en": "Better service for Salé's residents, under the axis “{axis}”.",
}

UPDATES = {
    "ar": [
        "انطلاق الأشغال بعد انتهاء طلب العروض.",
        "تقدم الأشغال حسب البرنامج المحدد.",
        "تسلم المشروع وفتحه في وجه العموم.",
    ],
    "fr": [
        "Début des travaux après l'appel d'offres.",
        "Les travaux avancent selon le calendrier.",
        "Réception du projet et ouverture au public.",
    ],
}


def _stream(language, text):
    return [{"type": "paragraph", "value": f"<p>{text}</p><p><em>{DEMO_NOTE[language]}</em></p>"}]


def _translate(source, locale, title, slug, **fields):
    existing = source.get_translation_or_none(locale)
    if existing is not None:
        return existing.specific
    page = source.copy_for_translation(locale).specific
    page.title, page.slug = title, slug
    for name, value in fields.items():
        setattr(page, name, value)
    page.save()
    page.save_revision().publish()
    return page


@transaction.atomic
def seed_plan(stdout=None):
    """Create the demonstration plan where missing (idempotent)."""
    homes = {h.locale.language_code: h for h in HomePage.objects.select_related("locale")}
    if "ar" not in homes:
        return
    locales = {locale.language_code: locale for locale in Locale.objects.all()}
    title, slug, introduction = PLAN["ar"]
    plan = ActionPlanPage.objects.child_of(homes["ar"]).first()
    if plan is not None:
        return
    plan = ActionPlanPage(
        title=title,
        slug=slug,
        introduction=introduction,
        show_in_menus=True,
        body=_stream("ar", ""),
    )
    homes["ar"].add_child(instance=plan)
    plan.save_revision().publish()
    for language in ("fr", "en"):
        title, slug, introduction = PLAN[language]
        _translate(
            plan,
            locales[language],
            title,
            slug,
            introduction=introduction,
            body=_stream(language, ""),
        )
    categories = {c.slug: c for c in ProposalCategory.objects.canonical()}
    axes = {}
    for axis_slug, *names in PLAN_AXES:
        ar, fr, en = names
        axis = AxisPage(
            title=ar,
            slug=axis_slug,
            proposal_category=categories.get(axis_slug),
            introduction=OBJECTIVE["ar"].format(axis=ar),
        )
        plan.add_child(instance=axis)
        axis.save_revision().publish()
        for language, name in (("fr", fr), ("en", en)):
            _translate(
                axis,
                locales[language],
                name,
                axis_slug,
                introduction=OBJECTIVE[language].format(axis=name),
            )
        axes[axis_slug] = (axis, dict(zip(("ar", "fr", "en"), names, strict=True)))

    arrondissements = {a.slug: a for a in Arrondissement.objects.canonical()}
    User = get_user_model()
    editor = User.objects.filter(email="editor@sale.example").first()
    departments = seed_departments()
    residents = list(
        User.objects.filter(
            email__startswith="signatory-", email__endswith="@demo.sale.example"
        ).order_by("email")[:120]
    )
    rng = random.Random("plan")
    for number, (
        axis_slug,
        titles,
        places,
        location,
        budget,
        department,
        partners,
        start,
        end,
        status,
        percent,
        spent_share,
    ) in enumerate(PROJECTS, start=1):
        axis, axis_names = axes[axis_slug]
        project = ProjectPage(
            title=titles[0],
            slug=f"project-{number:02d}",
            objective=OBJECTIVE["ar"].format(axis=axis_names["ar"]),
            body=_stream("ar", titles[0]),
            latitude=Decimal(str(location[0])) if location else None,
            longitude=Decimal(str(location[1])) if location else None,
            budget_planned=Decimal(budget),
            responsible_department=departments[department],
            funding_partners=partners,
            starts_on=date(start, 1 + number % 12, 1),
            ends_on=date(end, 12, 31),
        )
        project.arrondissements = [arrondissements[slug] for slug in places]
        axis.add_child(instance=project)
        project.save_revision().publish()
        for language, title in (("fr", titles[1]), ("en", titles[2])):
            _translate(
                project,
                locales[language],
                title,
                project.slug,
                objective=OBJECTIVE[language].format(axis=axis_names[language]),
                body=_stream(language, title),
            )
        # Updates: the project's start, then its progress to today's figures.
        texts = UPDATES["ar"]
        if status != "planned":
            post_update(
                editor,
                project,
                date(start, 3, 1),
                texts[0],
                status="in_progress",
                percent=max(5, percent // 3),
                budget_committed=Decimal(budget) * Decimal("0.6"),
                budget_spent=Decimal(budget) * Decimal(str(spent_share)) / 3,
            )
        final_text = texts[2] if status == "completed" else texts[1]
        post_update(
            editor,
            project,
            date(2026, 1 + number % 10, 15),
            final_text,
            status=status,
            percent=percent,
            budget_committed=Decimal(budget) * Decimal("0.8"),
            budget_spent=(Decimal(budget) * Decimal(str(spent_share))).quantize(Decimal(1)),
        )
        for resident in rng.sample(residents, k=rng.randint(3, 12)):
            ProjectEvaluation.objects.create(
                project=project,
                resident=resident,
                arrondissement_id=resident.arrondissement_id,
                usefulness=rng.randint(3, 5),
                quality=rng.randint(2, 5),
                progress=rng.randint(1, 5),
                communication=rng.randint(1, 4),
            )
    if stdout:
        stdout.write(f"Created the demonstration action plan: {len(PROJECTS)} projects.")
