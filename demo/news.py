"""Demonstration news for ``seed_demo``: six articles of the commune in Arabic with their French
translations (the budget consultation, the forum's meeting, works on a plan project, open data,
a public hearing in Bettana, the council's session), each with a drawn photo described in both
languages, tags and arrondissements, linked to the demo's consultations, projects and events
(seeded before the news) where they exist.

Idempotent: the index, each article, its photo and its translation are created only when
missing. Publishing an article tells the followers of what it concerns, as on a real site."""

import datetime
import io
import math

from django.core.files.images import ImageFile
from django.utils import timezone
from PIL import Image as PillowImage
from PIL import ImageDraw
from wagtail.images import get_image_model
from wagtail.models import Collection

from cms.models import HomePage
from consultations.models import ConsultationPage
from events.models import EventPage
from news.models import NewsIndexPage, NewsPage
from participation.models import Arrondissement
from plan.models import ProjectPage

INDEX = {
    "ar": ("الأخبار", "news", "أخبار جماعة سلا: الاستشارات، مشاريع برنامج العمل، اللقاءات ومقررات المجلس."),
    "fr": ("Actualités", "actualites", "Les nouvelles de la commune de Salé : consultations, projets du programme d'action, rencontres et décisions du conseil."),
}  # fmt: skip

# slug, date (days ago, or a date), arrondissements, what it concerns
# ({"consultations": [slug], "projects": [slug], "events": [slug]}), the drawing,
# (ar title, ar summary, ar body, ar alt text, ar tags), (fr title, fr summary, fr body,
# fr alt text, fr tags). A body is a list of (block type, value) pairs.
ARTICLES = [
    (
        "participatory-budget-2027", 10, [],
        {"consultations": ["budget-2027"]},
        "budget",
        ("انطلاق الاستشارة العمومية حول الميزانية التشاركية 2027",
         "يدعو المجلس الجماعي لسلا السكان والجمعيات إلى تحديد أولويات ميزانية 2027 واقتراح مشاريع لأحيائهم على منصة شارك.",
         [("paragraph", "<p>أطلق المجلس الجماعي لسلا الاستشارة العمومية حول الميزانية التشاركية لسنة 2027. يمكن لكل ساكن ولكل جمعية الإجابة عن الاستبيان والمشاركة في النقاش واقتراح مشاريع تهم الطرق والنقل والمساحات الخضراء والخدمات الرقمية.</p>"),
          ("heading", "كيف تشاركون؟"),
          ("paragraph", "<ul><li>أجيبوا عن الاستبيان على منصة شارك.</li><li>شاركوا في النقاش مع السكان ومنتخبي المجلس.</li><li>تابعوا الاستشارة لتتوصلوا بالنتائج وبتقرير المجلس.</li></ul>")],
         "رسم لقطع نقدية وأعمدة بيانية ترمز إلى ميزانية الجماعة",
         ["الميزانية التشاركية", "استشارة"]),
        ("Lancement de la consultation sur le budget participatif 2027",
         "Le conseil communal de Salé invite les habitants et les associations à fixer les priorités du budget 2027 et à proposer des projets pour leurs quartiers sur Sharik.",
         [("paragraph", "<p>Le conseil communal de Salé lance la consultation publique sur le budget participatif 2027. Chaque habitant et chaque association peut répondre au questionnaire, prendre part au débat et proposer des projets de voirie, de transport, d'espaces verts ou de services numériques.</p>"),
          ("heading", "Comment participer ?"),
          ("paragraph", "<ul><li>Répondez au questionnaire sur Sharik.</li><li>Débattez avec les habitants et les élus.</li><li>Suivez la consultation pour recevoir les résultats et le rapport du conseil.</li></ul>")],
         "Illustration de pièces de monnaie et d'un graphique en barres, symboles du budget de la commune",
         ["budget participatif", "consultation"]),
    ),
    (
        "forum-digital-administration", 3, ["tabriquet"],
        {"events": ["forum-digital-administration"], "projects": ["project-01", "project-02"]},
        "forum",
        ("منتدى التحول الرقمي يلتئم حول الإدارة الرقمية",
         "يعقد منتدى «التحول الرقمي، جماعة رقمية» لقاءه المخصص للإدارة الرقمية بمقر مقاطعة تابريكت. التسجيل مفتوح على منصة شارك في حدود المقاعد المتوفرة.",
         [("paragraph", "<p>سيعرض اللقاء حصيلة رقمنة مساطر الحالة المدنية، وسيناقش مع السكان أولويات الرقمنة لسنة 2027: شهادة السكنى ورخص البناء والأداء الإلكتروني للرسوم المحلية.</p>"),
          ("quote", "نريد إدارة جماعية يقضي فيها المواطن أغراضه دون أن يتنقل إلى الشباك.")],
         "رسم لشاشة حاسوب كبيرة أمام صف من المشاركين في اللقاء",
         ["المنتدى الرقمي", "الإدارة الرقمية"]),
        ("Le forum de la transformation numérique se réunit sur l'administration numérique",
         "Le forum « Transformation numérique, commune numérique » tient sa rencontre sur l'administration numérique au siège de l'arrondissement Tabriquet. Inscriptions ouvertes sur Sharik dans la limite des places.",
         [("paragraph", "<p>La rencontre présentera le bilan de la numérisation de l'état civil et débattra avec les habitants des priorités 2027 : certificat de résidence, permis de construire et paiement en ligne des taxes locales.</p>"),
          ("quote", "Nous voulons une administration où l'on fait ses démarches sans se déplacer au guichet.")],
         "Illustration d'un grand écran d'ordinateur devant une rangée de participants",
         ["forum numérique", "administration numérique"]),
    ),
    (
        "avenue-mohammed-v-works", 6, ["bab-lamrissa"],
        {"projects": ["project-11"]},
        "works",
        ("تهيئة شارع محمد الخامس: الأشغال تبلغ 70 في المائة",
         "تتواصل أشغال تهيئة شارع محمد الخامس بباب لمريسة: أرصفة جديدة وإنارة وممرات للراجلين. ستغلق حركة السير جزئيا أمام باب الخباز خلال الأسبوعين المقبلين.",
         [("paragraph", "<p>بلغت نسبة إنجاز أشغال تهيئة شارع محمد الخامس 70 في المائة. انتهت أشغال الأرصفة في الجزء الممتد بين باب الخباز وساحة باب فاس، وتتواصل أشغال الإنارة العمومية.</p>"),
          ("heading", "تغييرات في حركة السير"),
          ("paragraph", "<p>ستغلق حركة السير جزئيا أمام باب الخباز خلال الأسبوعين المقبلين. ندعو السائقين إلى استعمال شارع الحسن الثاني.</p>")],
         "رسم لطريق في طور التهيئة مع حواجز وأقماع برتقالية",
         ["أشغال", "باب لمريسة"]),
        ("Réaménagement de l'avenue Mohammed V : les travaux à 70 %",
         "Les travaux de l'avenue Mohammed V à Bab Lamrissa se poursuivent : trottoirs neufs, éclairage et passages piétons. La circulation sera partiellement fermée devant Bab El Khebbaz pendant deux semaines.",
         [("paragraph", "<p>Les travaux de réaménagement de l'avenue Mohammed V sont réalisés à 70 %. Les trottoirs sont achevés entre Bab El Khebbaz et la place Bab Fès ; l'éclairage public est en cours.</p>"),
          ("heading", "Changements de circulation"),
          ("paragraph", "<p>La circulation sera partiellement fermée devant Bab El Khebbaz pendant les deux prochaines semaines. Les automobilistes sont invités à emprunter l'avenue Hassan II.</p>")],
         "Illustration d'une route en travaux avec des barrières et des cônes orange",
         ["travaux", "Bab Lamrissa"]),
    ),
    (
        "open-data-release", 13, [],
        {"projects": ["project-05", "project-09"]},
        "data",
        ("الجماعة تنشر أولى مجموعات بياناتها المفتوحة",
         "ميزانية 2026 مفصلة، ولائحة المرافق الجماعية، ومؤشرات برنامج العمل: أولى مجموعات البيانات المفتوحة متاحة للجميع بصيغ قابلة لإعادة الاستعمال.",
         [("paragraph", "<p>تطبيقا للقانون 31.13 المتعلق بالحق في الحصول على المعلومات، تنشر الجماعة أولى مجموعات بياناتها المفتوحة: الميزانية المفصلة لسنة 2026، ولائحة المرافق الجماعية وعناوينها، ومؤشرات تتبع برنامج عمل الجماعة.</p>"),
          ("paragraph", "<p>البيانات متاحة بصيغتي CSV وJSON، ويمكن لكل شخص إعادة استعمالها بشرط ذكر المصدر.</p>")],
         "رسم لجدول بيانات ومنحنى بياني على خلفية زرقاء",
         ["البيانات المفتوحة", "الشفافية"]),
        ("La commune publie ses premiers jeux de données ouvertes",
         "Le budget 2026 détaillé, la liste des équipements communaux et les indicateurs du programme d'action : les premières données ouvertes sont en accès libre, dans des formats réutilisables.",
         [("paragraph", "<p>En application de la loi 31-13 relative au droit d'accès à l'information, la commune publie ses premiers jeux de données ouvertes : le budget 2026 détaillé, la liste des équipements communaux et leurs adresses, et les indicateurs de suivi du programme d'action.</p>"),
          ("paragraph", "<p>Les données sont disponibles en CSV et en JSON et réutilisables par tous, à condition d'en citer la source.</p>")],
         "Illustration d'un tableau de données et d'une courbe sur fond bleu",
         ["données ouvertes", "transparence"]),
    ),
    (
        "bettana-public-hearing", 20, ["bettana"],
        {"projects": ["project-21"], "events": ["forum-digital-platforms"]},
        "hearing",
        ("جلسة استماع عمومية ببطانة حول خزانة حي سعيد حجي",
         "استمع منتخبو المجلس إلى سكان بطانة حول مشروع خزانة حي سعيد حجي: مواقيت الفتح، فضاء الأطفال، والولوجيات. ستدمج ملاحظاتهم في دفتر التحملات.",
         [("paragraph", "<p>حضر أزيد من ستين ساكنا جلسة الاستماع العمومية التي نظمها المجلس بمقر مقاطعة بطانة حول مشروع خزانة حي سعيد حجي. طالب المشاركون بمواقيت فتح مسائية، وبفضاء للأطفال، وبولوجيات للأشخاص في وضعية إعاقة.</p>"),
          ("paragraph", "<p>ستدمج هذه الملاحظات في دفتر تحملات المشروع، وسيعرض المجلس ما احتفظ به منها في لقاء المنتدى المقبل ببطانة.</p>")],
         "رسم لقاعة اجتماعات بها صفوف من الكراسي ومنصة",
         ["جلسة استماع", "بطانة"]),
        ("Audition publique à Bettana sur la bibliothèque du quartier Saïd Hajji",
         "Les élus ont écouté les habitants de Bettana sur le projet de bibliothèque du quartier Saïd Hajji : horaires, espace enfants, accessibilité. Leurs remarques entreront dans le cahier des charges.",
         [("paragraph", "<p>Plus de soixante habitants ont assisté à l'audition publique organisée au siège de l'arrondissement Bettana sur le projet de bibliothèque du quartier Saïd Hajji. Ils ont demandé des horaires en soirée, un espace pour les enfants et l'accessibilité aux personnes en situation de handicap.</p>"),
          ("paragraph", "<p>Ces remarques entreront dans le cahier des charges ; le conseil présentera ce qu'il en retient à la prochaine rencontre du forum à Bettana.</p>")],
         "Illustration d'une salle de réunion avec des rangées de chaises et une tribune",
         ["audition publique", "Bettana"]),
    ),
    (
        "council-october-session", datetime.date(2026, 10, 7), [],
        {"projects": ["project-07"]},
        "council",
        ("المجلس الجماعي يصادق على ميزانية 2027 في دورة أكتوبر",
         "صادق المجلس الجماعي لسلا خلال دورته العادية لشهر أكتوبر على مشروع ميزانية 2027 وعلى إحداث شباك رقمي لعقود الحالة المدنية. نقلت أشغال الدورة مباشرة.",
         [("paragraph", "<p>عقد المجلس الجماعي لسلا دورته العادية لشهر أكتوبر 2026 بقاعة الاجتماعات بشارع محمد الخامس. صادق المجلس على مشروع ميزانية 2027 بـ38 صوتا مقابل 9 وامتناع 3، وعلى إحداث شباك رقمي لطلب عقود الحالة المدنية بالإجماع.</p>"),
          ("paragraph", "<p>نقلت أشغال الدورة مباشرة، ويمكن الاطلاع على مقرراتها على منصة شارك.</p>")],
         "رسم لقاعة المجلس على شكل نصف دائرة من المقاعد",
         ["المجلس الجماعي", "الميزانية"]),
        ("Le conseil communal adopte le budget 2027 en session d'octobre",
         "Réuni en session ordinaire d'octobre, le conseil communal de Salé a adopté le budget 2027 et la création d'un guichet numérique de l'état civil. La session était retransmise en direct.",
         [("paragraph", "<p>Le conseil communal de Salé a tenu sa session ordinaire d'octobre 2026 dans sa salle de l'avenue Mohammed V. Il a adopté le budget 2027 par 38 voix contre 9 et 3 abstentions, et la création d'un guichet numérique de l'état civil à l'unanimité.</p>"),
          ("paragraph", "<p>La session était retransmise en direct ; ses délibérations sont consultables sur Sharik.</p>")],
         "Illustration de la salle du conseil, des sièges disposés en demi-cercle",
         ["conseil communal", "budget"]),
    ),
]  # fmt: skip

# Background, then the colours of the shapes, for each drawing.
PALETTES = {
    "budget": ("#0b5d45", "#f2b632", "#e3f1eb"),
    "forum": ("#1a5fb4", "#ffffff", "#f2b632"),
    "works": ("#4d5a54", "#f08a24", "#f4ede0"),
    "data": ("#113f67", "#8fd3fe", "#f2b632"),
    "hearing": ("#7a4b2a", "#f4ede0", "#0b5d45"),
    "council": ("#063d2e", "#a4262c", "#f4ede0"),
}
WIDTH, HEIGHT = 1200, 675


def _drawing(motif):
    """A simple picture of the subject (coins, a screen, road works…), as PNG bytes."""
    background, main, accent = PALETTES[motif]
    picture = PillowImage.new("RGB", (WIDTH, HEIGHT), background)
    draw = ImageDraw.Draw(picture)
    if motif == "budget":
        for number, height in enumerate((180, 260, 220, 340, 300)):
            left = 620 + number * 100
            draw.rectangle((left, 560 - height, left + 70, 560), fill=accent)
        for number in range(5):
            top = 470 - number * 40
            draw.ellipse((180, top, 420, top + 90), fill=main, outline=background, width=6)
    elif motif == "forum":
        draw.rounded_rectangle((300, 90, 900, 420), radius=24, fill=main)
        draw.rectangle((560, 420, 640, 480), fill=main)
        for number in range(6):
            centre = 170 + number * 172
            draw.ellipse((centre - 45, 500, centre + 45, 590), fill=accent)
            draw.pieslice((centre - 75, 585, centre + 75, 735), 180, 360, fill=accent)
    elif motif == "works":
        draw.polygon([(420, HEIGHT), (560, 260), (640, 260), (780, HEIGHT)], fill="#2b2f2d")
        for top in range(300, HEIGHT, 90):
            draw.rectangle((592, top, 608, top + 45), fill=accent)
        for left in (250, 880):
            draw.polygon([(left, 600), (left + 60, 420), (left + 120, 600)], fill=main)
            draw.rectangle((left + 25, 500, left + 95, 525), fill=accent)
        draw.rectangle((150, 610, 1050, 640), fill=main)
    elif motif == "data":
        for row in range(5):
            for column in range(4):
                left, top = 140 + column * 110, 140 + row * 80
                draw.rectangle((left, top, left + 100, top + 70), fill=main)
        points = [(640, 520), (730, 430), (820, 470), (910, 330), (1000, 360), (1090, 200)]
        draw.line(points, fill=accent, width=14, joint="curve")
        for x, y in points:
            draw.ellipse((x - 16, y - 16, x + 16, y + 16), fill=accent)
    elif motif == "hearing":
        draw.rectangle((460, 110, 740, 240), fill=accent)
        for row in range(4):
            for column in range(9):
                left, top = 150 + column * 105, 320 + row * 85
                draw.rounded_rectangle((left, top, left + 70, top + 55), radius=10, fill=main)
    else:  # the council
        for ring, radius in enumerate((200, 300, 400)):
            for step in range(7 + ring * 3):
                angle = math.pi * (step + 0.5) / (7 + ring * 3)
                x = 600 - radius * math.cos(angle)
                y = 560 - radius * math.sin(angle)
                draw.ellipse((x - 26, y - 26, x + 26, y + 26), fill=accent if ring else main)
        draw.rectangle((520, 520, 680, 600), fill=main)
    buffer = io.BytesIO()
    picture.save(buffer, "PNG")
    return buffer


def _image(slug, motif, title):
    """The article's photo, a drawing saved as a Wagtail image in the root collection."""
    image_model = get_image_model()
    existing = image_model.objects.filter(title=title).first()
    if existing is not None:
        return existing
    return image_model.objects.create(
        title=title,
        file=ImageFile(_drawing(motif), name=f"news-{slug}.png"),
        collection=Collection.get_first_root_node(),
    )


def _stream(blocks):
    data = []
    for block_type, value in blocks:
        if block_type == "heading":
            value = {"text": value, "level": "h2"}
        data.append({"type": block_type, "value": value})
    return data


def _indexes(homes):
    index = NewsIndexPage.objects.child_of(homes["ar"]).first()
    if index is None:
        title, slug, introduction = INDEX["ar"]
        index = NewsIndexPage(title=title, slug=slug, introduction=introduction, show_in_menus=True)
        homes["ar"].add_child(instance=index)
        index.save_revision().publish()
    indexes = {"ar": index.specific}
    translation = index.get_translation_or_none(homes["fr"].locale)
    if translation is None:
        translation = index.copy_for_translation(homes["fr"].locale).specific
        translation.title, translation.slug, translation.introduction = INDEX["fr"]
        translation.save()
        translation.save_revision().publish()
    indexes["fr"] = translation.specific
    return indexes


def _linked(model, slugs):
    return list(model.objects.filter(locale__language_code="ar", slug__in=slugs))


def _article(indexes, spec, arrondissements):
    slug, when, places, concerns, motif, arabic, french = spec
    article = NewsPage.objects.child_of(indexes["ar"]).filter(slug=slug).first()
    if article is None:
        title, summary, body, alt, tags = arabic
        article = NewsPage(
            title=title,
            slug=slug,
            date=when
            if isinstance(when, datetime.date)
            else timezone.localdate() - datetime.timedelta(days=when),
            summary=summary,
            body=_stream(body),
            image=_image(slug, motif, title),
            image_alt=alt,
        )
        article.arrondissements = [arrondissements[place] for place in places]
        article.related_consultations = _linked(ConsultationPage, concerns.get("consultations", []))
        article.related_projects = _linked(ProjectPage, concerns.get("projects", []))
        article.related_events = _linked(EventPage, concerns.get("events", []))
        article.tags.add(*tags)
        indexes["ar"].add_child(instance=article)
        article.save_revision().publish()
    if article.get_translation_or_none(indexes["fr"].locale) is None:
        title, summary, body, alt, tags = french
        translation = article.copy_for_translation(indexes["fr"].locale).specific
        translation.title, translation.summary, translation.image_alt = title, summary, alt
        translation.slug = slug
        translation.body = _stream(body)
        translation.tags.set(tags)
        translation.save()
        translation.save_revision().publish()
    return article


def seed_news(stdout=None):
    """Idempotent: creates only what is missing."""
    homes = {home.locale.language_code: home for home in HomePage.objects.select_related("locale")}
    indexes = _indexes(homes)
    arrondissements = {a.slug: a for a in Arrondissement.objects.canonical()}
    existing = NewsPage.objects.count()
    for spec in ARTICLES:
        _article(indexes, spec, arrondissements)
    created = NewsPage.objects.count() - existing
    if created and stdout is not None:
        stdout.write(f"Seeded {created} news pages (Arabic and French).")
