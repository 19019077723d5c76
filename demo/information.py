"""Demonstration of access to information for ``seed_demo``: the commune's departments, a few
proactive publications, and requests at each stage of law 31-13 (new, waiting for a
clarification, extended, overdue, refused with its ground, answered and published, partly
answered), taken through the same services as real ones, then dated back so the clock shows
what a commune sees after some weeks."""

import datetime

from django.contrib.auth import get_user_model
from django.core.files.base import ContentFile
from django.utils import timezone
from wagtail.documents import get_document_model
from wagtail.models import Locale

from information import services
from information.defaults import create_refusal_grounds
from information.models import (
    ANSWERED_STATUSES,
    Department,
    InformationRequest,
    Publication,
    PublicationKind,
    RefusalGround,
    RequestStep,
    commune_working_days,
)
from participation.commune_defaults import create_terms

DEPARTMENTS = [
    # slug, Arabic, French, English
    ("urbanisme", "قسم التعمير", "Service de l'urbanisme", "Urban planning department"),
    ("finances", "قسم الشؤون المالية", "Service des finances", "Finance department"),
    ("travaux", "المصالح التقنية", "Services techniques", "Technical services"),
    ("environnement", "قسم البيئة والنظافة", "Service de l'environnement", "Environment department"),
    ("culture", "قسم الشؤون الثقافية والرياضية", "Affaires culturelles et sportives", "Culture and sport"),
    ("etat-civil", "مصلحة الحالة المدنية", "Service de l'état civil", "Civil registry"),
    ("communication", "قسم التواصل", "Service de la communication", "Communication department"),
    ("informatique", "قسم نظم المعلومات", "Service des systèmes d'information", "Information systems department"),
    ("social", "قسم الشؤون الاجتماعية", "Affaires sociales", "Social affairs"),
    ("economie", "قسم الشؤون الاقتصادية", "Affaires économiques", "Economic affairs"),
    ("secretariat", "الكتابة العامة", "Secrétariat général", "General secretariat"),
]  # fmt: skip

PUBLICATIONS = [
    (PublicationKind.BUDGET, "ميزانية جماعة سلا لسنة 2026", "الميزانية كما صادق عليها المجلس في دورة أكتوبر 2025.", 60),
    (PublicationKind.DELIBERATIONS, "مقررات دورة أكتوبر 2026 العادية", "المقررات المتخذة ونتائج التصويت.", 30),
    (PublicationKind.PLANS, "برنامج عمل الجماعة 2022-2027", "المحاور والمشاريع والمؤشرات.", 400),
    (PublicationKind.PROCEDURES, "دليل المساطر الإدارية للجماعة", "الوثائق المطلوبة والآجال والرسوم لكل مسطرة.", 90),
    (PublicationKind.TENDERS, "طلبات العروض المفتوحة — نونبر 2026", "صفقات الأشغال والخدمات المعلن عنها.", 10),
]  # fmt: skip

DEMO_PDF = b"%PDF-1.4\n% Sharik demonstration document\n%%EOF\n"

# requester, subject, information, delivery, urgent reason, stage, days ago, department
REQUESTS = [
    (
        "youssef@sale.example",
        "ميزانية الإنارة العمومية بتابريكت 2026",
        "أطلب المبالغ المرصودة للإنارة العمومية بمقاطعة تابريكت في ميزانية 2026، وعدد النقط "
        "الضوئية المبرمج تركيبها، والشركة المكلفة بالصيانة.",
        "email", "", "published", 35, "finances",
    ),
    (
        "khadija@sale.example",
        "Marchés de collecte des déchets 2025",
        "Je demande la liste des marchés de collecte des déchets ménagers passés en 2025, avec "
        "leurs montants et les titulaires, ainsi que les rapports de contrôle de leur exécution.",
        "email", "", "partly", 45, "environnement",
    ),
    (
        "fatima.zahra@sale.example",
        "رخص البناء الممنوحة بحي السلام",
        "أطلب عدد رخص البناء الممنوحة بحي السلام سنة 2025 ومواقع المشاريع المرخصة.",
        "paper", "", "overdue", 40, "urbanisme",
    ),
    (
        "hamza@sale.example",
        "Études de la piscine couverte de Layayda",
        "Je demande l'étude de faisabilité et le devis estimatif de la piscine couverte prévue "
        "à Layayda dans le plan d'action de la commune.",
        "email", "", "extended", 24, "culture",
    ),
    (
        "youssef@sale.example",
        "لائحة المستفيدين من منح الجمعيات مع هواتفهم",
        "أطلب لائحة رؤساء الجمعيات المستفيدة من منح الجماعة سنة 2026 مع أرقام هواتفهم "
        "الشخصية وعناوين سكناهم.",
        "email", "", "refused", 8, "finances",
    ),
    (
        "khadija@sale.example",
        "Travaux de la route de l'école Al Amal",
        "Je demande le calendrier des travaux de la route.",
        "on_site", "", "clarification", 4, "travaux",
    ),
    (
        "fatima.zahra@sale.example",
        "مخطط إخلاء العمارة الآيلة للسقوط بزنقة القصبة",
        "أطلب بشكل مستعجل قرار الإخلاء والخبرة التقنية الخاصة بالعمارة الآيلة للسقوط بزنقة "
        "القصبة حيث يسكن أفراد أسرتي.",
        "email", "سلامة أفراد أسرتي الذين يسكنون العمارة مهددة بانهيارها.", "new", 0, None,
    ),
]  # fmt: skip

ANSWERS = {
    "published": (
        "رصدت ميزانية 2026 مبلغ 4.2 مليون درهم للإنارة العمومية بمقاطعة تابريكت، منها 1.6 "
        "مليون درهم لتركيب 320 نقطة ضوئية جديدة (تقنية LED) والباقي للصيانة والاستهلاك. "
        "تتولى الصيانة شركة مفوض لها بموجب عقد التدبير المفوض 2024-2029. تجدون الجدول مرفقا."
    ),
    "partly": (
        "Vous trouverez ci-joint la liste des trois marchés de 2025, leurs montants et leurs "
        "titulaires. Les rapports de contrôle contiennent des procédures administratives en "
        "cours : ils ne peuvent être communiqués avant leur clôture (loi 31-13, art. 7)."
    ),
}


def _backdate(request, days, working_days):
    """Move every date of ``request`` ``days`` into the past, its answer a third of the way
    back (answered some days after receipt), then work its clock out again."""
    if not days:
        return
    request = InformationRequest.objects.get(pk=request.pk)  # as the services left it
    delta = datetime.timedelta(days=days)
    answer_delta = datetime.timedelta(days=days // 3)
    for name in ("received_on", "extended_on"):
        value = getattr(request, name)
        if value is not None:
            setattr(request, name, value - delta)
    if request.answered_on:
        request.answered_on -= answer_delta
    if request.published_at:
        request.published_at -= answer_delta
        request.publication_agreed_at -= answer_delta
    request.save()
    for wait in request.waits.all():
        wait.asked_on -= delta
        wait.save(update_fields=["asked_on"])
    for event in request.events.all():
        answered = event.status in ANSWERED_STATUSES or event.step == RequestStep.PUBLICATION_AGREED
        moved = event.created_at - (answer_delta if answered else delta)
        request.events.filter(pk=event.pk).update(created_at=moved)
    request.refresh_clock(working_days)
    request.save(update_fields=["first_period_ends_on", "due_on"])


def seed_departments():
    """The commune's departments (idempotent), by slug; the urban planning department's demo
    member (urbanisme@) in it."""
    create_terms(Locale, Department, DEPARTMENTS)
    departments = {d.slug: d for d in Department.objects.canonical()}
    member = get_user_model().objects.filter(email="urbanisme@sale.example").first()
    if member is not None:
        departments["urbanisme"].members.add(member)
    return departments


def seed_information(stdout=None):
    departments = seed_departments()
    create_refusal_grounds(Locale, RefusalGround)  # the migration's, gone after a flush
    User = get_user_model()
    officer = User.objects.filter(email="information@sale.example").first()
    if not Publication.objects.exists():
        Document = get_document_model()
        today = timezone.localdate()
        for kind, title, description, age in PUBLICATIONS:
            document = Document(title=title)
            document.file.save(f"{kind}.pdf", ContentFile(DEMO_PDF), save=False)
            document.save()
            Publication.objects.create(
                kind=kind,
                title=title,
                description=description,
                document=document,
                published_on=today - datetime.timedelta(days=age),
            )
    if InformationRequest.objects.exists() or officer is None:
        return
    working_days = commune_working_days()
    ground = RefusalGround.objects.canonical().get(slug="personal-data")
    for email, subject, information, delivery, reason, stage, days, department in REQUESTS:
        requester = User.objects.get(email=email)
        request = services.file_request(
            requester,
            subject=subject,
            information=information,
            delivery=delivery,
            urgent=bool(reason),
            urgency_reason=reason,
        )
        if department:
            services.assign(officer, request, departments[department])
        if stage == "published":
            services.answer(officer, request, ANSWERS["published"])
            services.agree_to_publish(requester, request)
        elif stage == "partly":
            services.answer(officer, request, ANSWERS["partly"], partly=True)
            services.agree_to_publish(requester, request)
        elif stage == "extended":
            services.extend(
                officer,
                request,
                "الدراسة محفوظة لدى مكتب الدراسات المتعاقد معه، وننتظر نسختها المصادق عليها.",
            )
        elif stage == "refused":
            services.refuse(
                officer,
                request,
                ground,
                "نضع رهن إشارتكم لائحة الجمعيات المستفيدة ومبالغ المنح، المنشورة مع مقررات "
                "المجلس. أما أرقام الهواتف والعناوين الشخصية فمعطيات شخصية لا يجوز تسليمها.",
            )
        elif stage == "clarification":
            services.ask_clarification(
                officer,
                request,
                "Quelle route exactement ? Plusieurs écoles portent le nom « Al Amal » à Salé.",
            )
        _backdate(request, days, working_days)
    if stdout is not None:
        stdout.write(f"Seeded {len(REQUESTS)} information requests.")
