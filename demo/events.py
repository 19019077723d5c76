"""Demonstration events for ``seed_demo``: the meetings of the forum "digital transformation —
digital commune" on its four axes, in Arabic and French, and one past meeting with what was
said and its minutes."""

import datetime

from django.contrib.auth import get_user_model
from django.core.files.base import ContentFile
from django.utils import timezone
from wagtail.documents import get_document_model

from cms.models import HomePage
from consultations.models import ConsultationPage
from events import services
from events.models import EventIndexPage, EventKind, EventPage, Registration, RegistrationStatus
from participation.commune_defaults import SALE_ARRONDISSEMENTS
from participation.equality import Gender
from participation.models import Arrondissement
from plan.models import ProjectPage
from proposals.models import ProposalCategory

INDEX = {
    "ar": ("اللقاءات والأنشطة", "events", "لقاءات المنتدى والجلسات العمومية ولقاءات الأحياء: سجلوا مقعدكم."),
    "fr": ("Rencontres et événements", "evenements", "Les rencontres du forum, les auditions publiques et les réunions de quartier : inscrivez-vous."),
}  # fmt: skip

# axis slug, days from today, arrondissement, capacity, (ar title, ar summary, ar agenda),
# (fr title, fr summary, fr agenda)
MEETINGS = [
    (
        "digital-administration", 12, "tabriquet", 80,
        ("منتدى التحول الرقمي: الإدارة الرقمية",
         "أي المساطر الجماعية نرقمن أولا؟ عرض حصيلة الرقمنة ونقاش مع السكان.",
         "<ol><li>حصيلة رقمنة مساطر الحالة المدنية</li><li>أولويات الرقمنة 2027</li><li>نقاش مفتوح</li></ol>"),
        ("Forum de la transformation numérique : l'administration numérique",
         "Quelles démarches numériser d'abord ? Bilan de la numérisation et débat avec les habitants.",
         "<ol><li>Bilan de l'état civil en ligne</li><li>Priorités 2027</li><li>Débat ouvert</li></ol>"),
    ),
    (
        "digital-platforms", 26, "bettana", 60,
        ("منتدى التحول الرقمي: المنصات الرقمية",
         "المنصات التي تحتاجها الجماعة: شارك، الشباك الرقمي، بوابة الاستثمار.",
         "<ol><li>عرض منصة شارك</li><li>ورشات حول المنصات المقبلة</li></ol>"),
        ("Forum : les plateformes numériques",
         "Les plateformes dont la commune a besoin : Sharik, le guichet numérique, le portail de l'investissement.",
         "<ol><li>Présentation de Sharik</li><li>Ateliers sur les prochaines plateformes</li></ol>"),
    ),
    (
        "digital-communication", 40, "bab-lamrissa", 50,
        ("منتدى التحول الرقمي: التواصل الرقمي",
         "قنوات حوار دائمة بين الجماعة والسكان، والتسويق الترابي لسلا.",
         "<ol><li>قنوات التواصل الحالية</li><li>التسويق الترابي وجذب الاستثمار</li></ol>"),
        ("Forum : la communication numérique",
         "Des canaux de dialogue permanents entre la commune et les habitants, et le marketing territorial de Salé.",
         "<ol><li>Les canaux actuels</li><li>Marketing territorial et investissement</li></ol>"),
    ),
    (
        "open-administration", 54, "hssaine", 70,
        ("منتدى التحول الرقمي: الإدارة المنفتحة",
         "الحق في الحصول على المعلومات، والبيانات المفتوحة، ونشر مقررات المجلس.",
         "<ol><li>حصيلة طلبات الحصول على المعلومات</li><li>البيانات المفتوحة للجماعة</li></ol>"),
        ("Forum : l'administration ouverte",
         "Le droit d'accès à l'information, les données ouvertes, la publication des délibérations.",
         "<ol><li>Bilan des demandes d'information</li><li>Les données ouvertes de la commune</li></ol>"),
    ),
]  # fmt: skip

PAST = (
    "digital-administration", -20, "layayda", 40,
    ("لقاء تمهيدي للمنتدى الرقمي",
     "اللقاء التمهيدي الذي حدد محاور المنتدى الأربعة.",
     "<ol><li>تقديم المنتدى</li><li>تحديد المحاور</li></ol>"),
    ("Rencontre préparatoire du forum numérique",
     "La rencontre qui a fixé les quatre axes du forum.",
     "<ol><li>Présentation du forum</li><li>Choix des axes</li></ol>"),
)  # fmt: skip

SPEAKERS = ["رئيس الجماعة", "نائب الرئيس المكلف بالتحول الرقمي"]

WHAT_WAS_SAID = (
    "<p>حضر 36 مشاركا من المقاطعات الخمس. طالب المشاركون بأولوية رقمنة شهادة السكنى وعقود "
    "الحالة المدنية، وبنشر مقررات المجلس على المنصة.</p>"
)


def _at(days, hour=17):
    day = timezone.localdate() + datetime.timedelta(days=days)
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour)))


def _index(homes):
    ar_home = homes["ar"]
    index = EventIndexPage.objects.child_of(ar_home).first()
    if index is None:
        title, slug, introduction = INDEX["ar"]
        index = EventIndexPage(
            title=title, slug=slug, introduction=introduction, show_in_menus=True
        )
        ar_home.add_child(instance=index)
        index.save_revision().publish()
    indexes = {"ar": index}
    for code in ("fr",):
        translation = index.get_translation_or_none(homes[code].locale)
        if translation is None:
            translation = index.copy_for_translation(homes[code].locale).specific
            translation.title, translation.slug, translation.introduction = INDEX[code]
            translation.save()
            translation.save_revision().publish()
        indexes[code] = translation.specific
    return indexes


# What some meetings serve besides their axis: (axis slug, consultation slug, project slug).
LINKS = {
    "digital-administration": (None, "project-01"),
    "digital-communication": ("budget-2027", None),
}


def _attendees(past, arrondissements):
    """Thirty of the demo's signatories came to the preparatory meeting; most declared their
    gender and year of birth, so the attendance figures have groups to show."""
    people = (
        get_user_model()
        .objects.filter(email__startswith="signatory-", email__endswith="@demo.sale.example")
        .order_by("email")[:30]
    )
    slugs = sorted(arrondissements)
    for number, person in enumerate(people):
        if number % 6:  # one in six declared nothing
            person.gender = Gender.WOMAN if number % 2 else Gender.MAN
            person.birth_year = 1960 + (number * 7) % 45
        person.arrondissement = person.arrondissement or arrondissements[slugs[number % 5]]
        person.save(update_fields=["gender", "birth_year", "arrondissement"])
        Registration.objects.get_or_create(
            event=past,
            user=person,
            defaults={
                "status": RegistrationStatus.REGISTERED,
                "companions": number % 3 == 0,
                "attended_at": None if number % 10 == 9 else past.starts_at,
            },
        )


def _event(indexes, meeting, arrondissements, axes):
    slug_axis, days, arrondissement, capacity, arabic, french = meeting
    title, summary, agenda = arabic
    event = EventPage(
        title=title,
        slug=f"forum-{slug_axis}" if days > 0 else "forum-preparatory-meeting",
        kind=EventKind.FORUM,
        starts_at=_at(days),
        ends_at=_at(days, 19),
        place=f"مقر مقاطعة {arrondissements[arrondissement].name}",
        arrondissement=arrondissements[arrondissement],
        summary=summary,
        agenda=agenda,
        speakers="\n".join(SPEAKERS),
        axis=axes.get(slug_axis),
        consultation=_linked(ConsultationPage, LINKS.get(slug_axis, (None, None))[0])
        if days > 0
        else None,
        project=_linked(ProjectPage, LINKS.get(slug_axis, (None, None))[1]) if days > 0 else None,
        capacity=capacity,
        companions_allowed=1,
    )
    indexes["ar"].add_child(instance=event)
    event.save_revision().publish()
    title, summary, agenda = french
    translation = event.copy_for_translation(indexes["fr"].locale).specific
    translation.title, translation.summary, translation.agenda = title, summary, agenda
    translation.slug = event.slug
    french_names = {slug: fr for slug, _ar, fr, _en in SALE_ARRONDISSEMENTS}
    translation.place = f"Siège de l'arrondissement {french_names[arrondissement]}"
    translation.save()
    translation.save_revision().publish()
    return event


def _linked(model, slug):
    if slug is None:
        return None
    return model.objects.filter(slug=slug, locale__language_code="ar").first()


def seed_events(stdout=None):
    if EventPage.objects.exists():
        return
    homes = {h.locale.language_code: h for h in HomePage.objects.select_related("locale")}
    indexes = _index(homes)
    arrondissements = {a.slug: a for a in Arrondissement.objects.canonical()}
    axes = {c.slug: c for c in ProposalCategory.objects.canonical()}
    events = [_event(indexes, meeting, arrondissements, axes) for meeting in MEETINGS]
    past = _event(indexes, PAST, arrondissements, axes)
    document = get_document_model()(title="محضر اللقاء التمهيدي للمنتدى الرقمي")
    document.file.save("forum-minutes.pdf", ContentFile(b"%PDF-1.4\n% demo\n%%EOF\n"), save=False)
    document.save()
    past.what_was_said = WHAT_WAS_SAID
    past.minutes = document
    past.save_revision().publish()
    _attendees(past, arrondissements)
    residents = get_user_model().objects.filter(email__endswith="@sale.example", is_staff=False)
    for resident in residents[:3]:
        services.register(resident, events[0])
    if stdout is not None:
        stdout.write(f"Seeded {len(events) + 1} events.")
