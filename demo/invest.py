"""Demonstration of Invest in Salé for ``seed_demo``: the index in Arabic, French and English
with key figures of Salé and their sources, six assets of the commune (its economic zones, the
old medina, the tramway and the bridge, the Bouregreg valley), the three topics of the
investors' desk routed to the demo's staff, and two investors' messages, one answered, taken
through the same services as real ones.

The figures and facts are demonstration data: each says so on the page, for the commune to
check against its sources before it publishes them."""

import uuid
from decimal import Decimal

from django.contrib.auth import get_user_model
from wagtail.models import Locale

from cms.models import HomePage
from invest import services
from invest.models import (
    AssetKind,
    InvestAssetPage,
    InvestIndexPage,
    InvestmentTopic,
    InvestorMessage,
    MessageStatus,
)
from participation.models import Arrondissement

LANGUAGES = ("ar", "fr", "en")

DEMO_NOTE = {
    "ar": "معطى تجريبي، على الجماعة التحقق منه.",
    "fr": "Donnée de démonstration, à vérifier par la commune.",
    "en": "Demonstration figure, to be checked by the commune.",
}

DEMO_CONTENT = {
    "ar": "محتوى تجريبي، على الجماعة التحقق منه وإتمامه.",
    "fr": "Contenu de démonstration, à vérifier et compléter par la commune.",
    "en": "Demonstration content, to be checked and completed by the commune.",
}

INDEX = {
    "ar": ("استثمر في سلا", "invest",
           "مدينة عريقة على ضفة أبي رقراق، في قلب جهة الرباط-سلا-القنيطرة: مناطق للأنشطة الاقتصادية، وتراث حي، وبنيات تحتية تربطها بالعاصمة. يرافقكم شباك المستثمرين في مشاريعكم."),
    "fr": ("Investir à Salé", "investir",
           "Une ville millénaire sur la rive du Bouregreg, au cœur de la région Rabat-Salé-Kénitra : des zones d'activité, un patrimoine vivant et des infrastructures qui la relient à la capitale. Le guichet des investisseurs vous accompagne."),
    "en": ("Invest in Salé", "invest",
           "A thousand-year-old city on the bank of the Bouregreg, at the heart of the Rabat-Salé-Kénitra region: business zones, a living heritage and infrastructure linking it to the capital. The investors' desk helps you with your project."),
}  # fmt: skip

# (label, value, unit, source, date) in ar, fr, en.
KEY_FIGURES = [
    {
        "ar": ("سكان جهة الرباط-سلا-القنيطرة", "5,132,639", "نسمة", "المندوبية السامية للتخطيط، الإحصاء العام للسكان والسكنى", "2024"),
        "fr": ("Habitants de la région Rabat-Salé-Kénitra", "5 132 639", "habitants", "HCP, RGPH", "2024"),
        "en": ("Inhabitants of the Rabat-Salé-Kénitra region", "5,132,639", "inhabitants", "HCP, RGPH", "2024"),
    },
    {
        "ar": ("سكان جماعة سلا", "890,403", "نسمة", "المندوبية السامية للتخطيط، الإحصاء العام للسكان والسكنى", "2014"),
        "fr": ("Habitants de la commune de Salé", "890 403", "habitants", "HCP, RGPH", "2014"),
        "en": ("Inhabitants of the commune of Salé", "890,403", "inhabitants", "HCP, RGPH", "2014"),
    },
    {
        "ar": ("مساحة عمالة سلا", "672", "كلم²", "عمالة سلا", "2017"),
        "fr": ("Superficie de la préfecture de Salé", "672", "km²", "Préfecture de Salé", "2017"),
        "en": ("Area of the prefecture of Salé", "672", "km²", "Prefecture of Salé", "2017"),
    },
    {
        "ar": ("المسافة إلى وسط الرباط", "5", "كلم", "جماعة سلا", "2026"),
        "fr": ("Distance du centre de Rabat", "5", "km", "Commune de Salé", "2026"),
        "en": ("Distance to the centre of Rabat", "5", "km", "Commune of Salé", "2026"),
    },
    {
        "ar": ("المقاطعات", "5", "", "جماعة سلا", "2003"),
        "fr": ("Arrondissements", "5", "", "Commune de Salé", "2003"),
        "en": ("Arrondissements", "5", "", "Commune of Salé", "2003"),
    },
]  # fmt: skip

# slug, kind, arrondissement, (latitude, longitude) or None, then per language: title,
# summary, a paragraph, and key facts [(label, value)].
ASSETS = [
    (
        "technopolis", AssetKind.ECONOMIC_ZONE, None, (Decimal("34.0120"), Decimal("-6.7180")),
        {
            "ar": ("تكنوبوليس الرباط-سلا", "قطب للتكنولوجيات الحديثة وترحيل الخدمات والتعليم العالي، على الطريق السيار الرباط-فاس.",
                   "يستقبل تكنوبوليس شركات الخدمات الرقمية ومراكز الاتصال والبحث، في فضاء مجهز بالألياف البصرية وقريب من المطار.",
                   [("القطاعات", "ترحيل الخدمات، التكنولوجيات، البحث"), ("الولوج", "الطريق السيار الرباط-فاس")]),
            "fr": ("Technopolis Rabat-Salé", "Un pôle des technologies, de l'offshoring et de l'enseignement supérieur, sur l'autoroute Rabat-Fès.",
                   "Technopolis accueille entreprises du numérique, centres de services et de recherche, dans un parc fibré proche de l'aéroport.",
                   [("Secteurs", "Offshoring, technologies, recherche"), ("Accès", "Autoroute Rabat-Fès")]),
            "en": ("Technopolis Rabat-Salé", "A hub for technology, offshoring and higher education, on the Rabat-Fès motorway.",
                   "Technopolis hosts digital companies, service and research centres, in a fibre-connected park close to the airport.",
                   [("Sectors", "Offshoring, technology, research"), ("Access", "Rabat-Fès motorway")]),
        },
    ),
    (
        "sale-al-jadida", AssetKind.ECONOMIC_ZONE, None, (Decimal("34.0040"), Decimal("-6.7400")),
        {
            "ar": ("سلا الجديدة", "مدينة جديدة في توسع، بمناطق للأنشطة والتجارة والخدمات وسكن لليد العاملة.",
                   "تتوفر سلا الجديدة على أراض مهيأة للأنشطة الاقتصادية والتجارية، بالقرب من محطات الترامواي والطريق المداري.",
                   [("الأنشطة", "تجارة، خدمات، صناعات خفيفة"), ("الولوج", "الترامواي، الطريق المداري")]),
            "fr": ("Salé Al Jadida", "Une ville nouvelle en croissance, avec des zones d'activité, de commerce et de services et des logements pour les salariés.",
                   "Salé Al Jadida offre des terrains aménagés pour les activités économiques et commerciales, près du tramway et de la rocade.",
                   [("Activités", "Commerce, services, industrie légère"), ("Accès", "Tramway, rocade")]),
            "en": ("Salé Al Jadida", "A growing new town with business, retail and service zones and housing for employees.",
                   "Salé Al Jadida offers serviced land for business and retail, close to the tramway and the ring road.",
                   [("Activities", "Retail, services, light industry"), ("Access", "Tramway, ring road")]),
        },
    ),
    (
        "old-medina", AssetKind.HERITAGE, "bab-lamrissa", (Decimal("34.0362"), Decimal("-6.8233")),
        {
            "ar": ("المدينة العتيقة وأسوارها وباب لمريسة", "مدينة عتيقة حية بأسوارها الموحدية والمرينية وباب لمريسة، فرص في الإيواء السياحي والصناعة التقليدية.",
                   "تدعم الجماعة إعادة تأهيل الدور التقليدية لتصبح دور ضيافة ومحلات للصناعة التقليدية، في احترام لطابع المدينة.",
                   [("فرص", "دور الضيافة، الصناعة التقليدية، المطاعم"), ("المعالم", "الأسوار، باب لمريسة")]),
            "fr": ("La médina, ses remparts et Bab Lamrissa", "Une médina vivante, ses remparts almohades et mérinides et Bab Lamrissa : des projets d'hébergement touristique et d'artisanat.",
                   "La commune accompagne la réhabilitation de maisons traditionnelles en maisons d'hôtes et ateliers d'artisans, dans le respect du caractère de la médina.",
                   [("Projets", "Maisons d'hôtes, artisanat, restauration"), ("Monuments", "Remparts, Bab Lamrissa")]),
            "en": ("The old medina, its walls and Bab Lamrissa", "A living medina, its Almohad and Merinid walls and Bab Lamrissa: room for guesthouses and crafts.",
                   "The commune supports turning traditional houses into guesthouses and craft workshops, respecting the medina's character.",
                   [("Projects", "Guesthouses, crafts, restaurants"), ("Landmarks", "City walls, Bab Lamrissa")]),
        },
    ),
    (
        "great-mosque-madrasa", AssetKind.HERITAGE, "bab-lamrissa", (Decimal("34.0394"), Decimal("-6.8199")),
        {
            "ar": ("المسجد الأعظم والمدرسة المرينية", "المسجد الأعظم والمدرسة المرينية لأبي الحسن: قلب سياحة ثقافية تبحث عن خدمات للزوار.",
                   "حول المسجد الأعظم والمدرسة المرينية، تبحث الجماعة عن مشاريع للإرشاد السياحي والتنشيط الثقافي والخدمات.",
                   [("فرص", "الإرشاد، التنشيط الثقافي، خدمات الزوار")]),
            "fr": ("La Grande Mosquée et la médersa mérinide", "La Grande Mosquée et la médersa mérinide d'Abou al-Hassan : le cœur d'un tourisme culturel qui attend des services aux visiteurs.",
                   "Autour de la Grande Mosquée et de la médersa, la commune cherche des projets de guidage, d'animation culturelle et de services.",
                   [("Projets", "Guidage, animation culturelle, services aux visiteurs")]),
            "en": ("The Great Mosque and the Merinid madrasa", "The Great Mosque and the Merinid madrasa of Abu al-Hasan: the heart of cultural tourism that needs services for visitors.",
                   "Around the Great Mosque and the madrasa, the commune looks for guiding, cultural and visitor-service projects.",
                   [("Projects", "Guiding, cultural events, visitor services")]),
        },
    ),
    (
        "tramway-bridge", AssetKind.INFRASTRUCTURE, None, (Decimal("34.0265"), Decimal("-6.8225")),
        {
            "ar": ("ترامواي الرباط-سلا وقنطرة الحسن الثاني", "خطوط الترامواي وقنطرة الحسن الثاني تربط سلا بوسط الرباط في دقائق.",
                   "تجعل شبكة الترامواي والقنطرة المواقع القريبة من المحطات مناسبة للمكاتب والتجارة.",
                   [("الربط", "الترامواي، قنطرة الحسن الثاني")]),
            "fr": ("Le tramway Rabat-Salé et le pont Hassan II", "Les lignes de tramway et le pont Hassan II relient Salé au centre de Rabat en quelques minutes.",
                   "Le réseau de tramway et le pont rendent les sites proches des stations intéressants pour les bureaux et les commerces.",
                   [("Liaisons", "Tramway, pont Hassan II")]),
            "en": ("The Rabat-Salé tramway and the Hassan II bridge", "The tramway lines and the Hassan II bridge link Salé to central Rabat in minutes.",
                   "The tramway and the bridge make sites near the stations attractive for offices and shops.",
                   [("Links", "Tramway, Hassan II bridge")]),
        },
    ),
    (
        "bouregreg-valley", AssetKind.OTHER, None, (Decimal("34.0300"), Decimal("-6.8290")),
        {
            "ar": ("وادي أبي رقراق", "مشروع تهيئة ضفتي أبي رقراق: مارينا، وفضاءات للترفيه والسياحة والثقافة بين سلا والرباط.",
                   "يفتح مشروع تهيئة الوادي فرصا في الترفيه والسياحة والمطاعم على ضفة سلا.",
                   [("فرص", "الترفيه، السياحة، المطاعم")]),
            "fr": ("La vallée du Bouregreg", "L'aménagement des deux rives du Bouregreg : marina, loisirs, tourisme et culture entre Salé et Rabat.",
                   "L'aménagement de la vallée ouvre des projets de loisirs, de tourisme et de restauration sur la rive de Salé.",
                   [("Projets", "Loisirs, tourisme, restauration")]),
            "en": ("The Bouregreg valley", "The development of both banks of the Bouregreg: a marina, leisure, tourism and culture between Salé and Rabat.",
                   "The valley's development opens leisure, tourism and restaurant projects on the Salé bank.",
                   [("Projects", "Leisure, tourism, restaurants")]),
        },
    ),
]  # fmt: skip

# slug, staff emails (demo accounts of seed_demo), department address, then per language
# (topic, department).
TOPICS = [
    (
        "industrial-land", ["urbanisme@sale.example"], "investissement@sale.example",
        {
            "ar": ("العقار الصناعي ومناطق الأنشطة", "قسم الشؤون الاقتصادية والاستثمار"),
            "fr": ("Foncier industriel et zones d'activité", "service des affaires économiques et de l'investissement"),
            "en": ("Industrial land and business zones", "economic affairs and investment department"),
        },
    ),
    (
        "tourism-heritage", ["official@sale.example"], "",
        {
            "ar": ("السياحة والتراث", "قسم الشؤون الثقافية والسياحة"),
            "fr": ("Tourisme et patrimoine", "service de la culture et du tourisme"),
            "en": ("Tourism and heritage", "culture and tourism department"),
        },
    ),
    (
        "services-digital", ["official@sale.example"], "",
        {
            "ar": ("الخدمات والاقتصاد الرقمي", "قسم التحول الرقمي"),
            "fr": ("Services et numérique", "service de la transformation numérique"),
            "en": ("Services and digital", "digital transformation department"),
        },
    ),
]  # fmt: skip

# The demo's messages: a fixed one-time key each, so that a second run records nothing.
MESSAGES = [
    {
        "submission": uuid.uuid5(uuid.NAMESPACE_URL, "https://sharik.example/demo/invest/1"),
        "name": "Karim Benali",
        "organisation": "Atlas Logistique SARL",
        "email": "karim.benali@example.com",
        "phone": "+212612345678",
        "topic": "industrial-land",
        "asset": "sale-al-jadida",
        "language": "fr",
        "message": "Bonjour, nous cherchons un terrain de 2 hectares pour un entrepôt logistique "
        "près de la rocade. Quelles zones sont disponibles et quelles sont les démarches ?",
        "answer": "Bonjour, merci de votre intérêt pour Salé. Des lots de 1 à 3 hectares sont "
        "disponibles à Salé Al Jadida. Le service vous propose un rendez-vous la semaine "
        "prochaine pour les visiter et vous présenter les démarches.",
    },
    {
        "submission": uuid.uuid5(uuid.NAMESPACE_URL, "https://sharik.example/demo/invest/2"),
        "name": "سلمى العلوي",
        "organisation": "",
        "email": "salma.alaoui@example.com",
        "phone": "",
        "topic": "tourism-heritage",
        "asset": "old-medina",
        "language": "ar",
        "message": "أرغب في تحويل دار تقليدية بالمدينة العتيقة إلى دار ضيافة. ما هي الشروط "
        "والتراخيص اللازمة، وهل توجد مواكبة من الجماعة؟",
        "answer": "",
    },
]


def _figures(language):
    note = DEMO_NOTE[language]
    return [
        {
            "type": "figure",
            "value": {
                "label": label,
                "value": value,
                "unit": unit,
                "source": source,
                "date": date,
                "note": note,
            },
        }
        for label, value, unit, source, date in (figure[language] for figure in KEY_FIGURES)
    ]


def _asset_fields(language, texts):
    title, summary, paragraph, facts = texts[language]
    return {
        "title": title,
        "summary": summary,
        "body": [
            {
                "type": "paragraph",
                "value": f"<p>{paragraph}</p><p><em>{DEMO_CONTENT[language]}</em></p>",
            }
        ],
        "key_facts": [
            {"type": "fact", "value": {"label": label, "value": value}} for label, value in facts
        ],
    }


def _translation(source, locale, slug, fields):
    existing = source.get_translation_or_none(locale)
    if existing is not None:
        return existing.specific
    page = source.copy_for_translation(locale).specific
    page.slug = slug
    for name, value in fields.items():
        setattr(page, name, value)
    page.save()
    page.save_revision().publish()
    return page


def _indexes(homes, locales):
    index = InvestIndexPage.objects.child_of(homes["ar"]).first()
    if index is None:
        title, slug, introduction = INDEX["ar"]
        index = InvestIndexPage(
            title=title,
            slug=slug,
            introduction=introduction,
            key_figures=_figures("ar"),
            show_in_menus=True,
        )
        homes["ar"].add_child(instance=index)
        index.save_revision().publish()
    indexes = {"ar": index}
    for language in LANGUAGES[1:]:
        title, slug, introduction = INDEX[language]
        indexes[language] = _translation(
            index,
            locales[language],
            slug,
            {"title": title, "introduction": introduction, "key_figures": _figures(language)},
        )
    return indexes


def _assets(indexes, locales):
    arrondissements = {a.slug: a for a in Arrondissement.objects.canonical()}
    assets = {}
    for slug, kind, arrondissement, location, texts in ASSETS:
        asset = InvestAssetPage.objects.child_of(indexes["ar"]).filter(slug=slug).first()
        if asset is None:
            latitude, longitude = location or (None, None)
            asset = InvestAssetPage(
                slug=slug,
                kind=kind,
                arrondissement=arrondissements.get(arrondissement),
                latitude=latitude,
                longitude=longitude,
                **_asset_fields("ar", texts),
            )
            indexes["ar"].add_child(instance=asset)
            asset.save_revision().publish()
        assets[slug] = {"ar": asset}
        for language in LANGUAGES[1:]:
            assets[slug][language] = _translation(
                asset, locales[language], slug, _asset_fields(language, texts)
            )
    return assets


def _topics(locales):
    User = get_user_model()
    topics = {}
    for order, (slug, staff_emails, department_email, names) in enumerate(TOPICS):
        topic = InvestmentTopic.objects.canonical().filter(slug=slug).first()
        if topic is None:
            name, department = names["ar"]
            topic = InvestmentTopic.objects.create(
                locale=locales["ar"],
                slug=slug,
                name=name,
                department=department,
                department_email=department_email,
                sort_order=order,
            )
            topic.staff.set(User.objects.filter(email__in=staff_emails, is_staff=True))
        for language in LANGUAGES[1:]:
            name, department = names[language]
            InvestmentTopic.objects.get_or_create(
                translation_key=topic.translation_key,
                locale=locales[language],
                defaults={
                    "slug": slug,
                    "name": name,
                    "department": department,
                    "sort_order": order,
                },
            )
        topics[slug] = topic
    return topics


def _messages(topics, assets):
    answerer = get_user_model().objects.filter(email="official@sale.example").first()
    received = 0
    for example in MESSAGES:
        if InvestorMessage.objects.filter(submission=example["submission"]).exists():
            continue
        message = services.receive(
            name=example["name"],
            organisation=example["organisation"],
            email=example["email"],
            phone=example["phone"],
            topic=topics[example["topic"]],
            asset=assets[example["asset"]][example["language"]],
            message=example["message"],
            language=example["language"],
            submission=example["submission"],
        )
        received += 1
        if example["answer"] and answerer is not None and message.status == MessageStatus.NEW:
            services.answer(answerer, message, example["answer"])
    return received


def seed_invest(stdout):
    """Idempotent: creates only what is missing."""
    homes = {h.locale.language_code: h for h in HomePage.objects.select_related("locale")}
    if any(language not in homes for language in LANGUAGES):
        return
    locales = {locale.language_code: locale for locale in Locale.objects.all()}
    indexes = _indexes(homes, locales)
    assets = _assets(indexes, locales)
    topics = _topics(locales)
    received = _messages(topics, assets)
    if stdout is not None:
        stdout.write(
            f"Invest in Salé: {len(assets)} assets in {len(LANGUAGES)} languages, "
            f"{len(topics)} topics, {received} new investor messages."
        )
