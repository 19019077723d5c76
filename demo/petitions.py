"""Demonstration petitions for ``seed_demo``: clearly fictitious, set in Salé, one at each stage
(collecting, filed, admissible and decided, inadmissible, an association's petition).

Signatories are demonstration accounts without a usable password, each with an identity
declaration whose CIN is fictitious ("ZZ" + digits), encrypted like any other.
"""

from datetime import timedelta

from allauth.account.models import EmailAddress
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.core.files.base import ContentFile
from django.utils import timezone

from participation.models import (
    Arrondissement,
    Follow,
    IdentityDeclaration,
)
from petitions import law
from petitions.models import (
    CouncilCompetence,
    CouncilDecision,
    Organisation,
    OrganisationStatus,
    Petition,
    PetitionEvent,
    PetitionKind,
    PetitionStatus,
    Signature,
)

FIRST_NAMES = [
    "محمد", "فاطمة", "يوسف", "خديجة", "أحمد", "مريم", "حمزة", "سعاد", "عبد الله", "نادية",
    "إدريس", "زينب", "رشيد", "حنان", "كريم", "سلمى", "عمر", "لطيفة", "مهدي", "أسماء",
]  # fmt: skip
LAST_NAMES = [
    "العلوي", "بنعلي", "السلاوي", "الإدريسي", "بناني", "التازي", "الفاسي", "المريني",
    "الحجوي", "بوزيد", "الصنهاجي", "الرحماني", "الزموري", "القادري", "الشرقاوي",
]  # fmt: skip
SIGNATORIES = 430
DEMO_PDF = b"%PDF-1.4\n% Sharik demonstration document\n%%EOF\n"

# title, question, reasons, competence, arrondissements, mandataire, stage, signatures, tags
DEMO_PETITIONS = [
    (
        "إنارة الطريق المؤدية إلى مدرسة العيايدة",
        "نطلب من المجلس إدراج تركيب الإنارة العمومية على الطريق الرابطة بين حي السلام ومدرسة "
        "العيايدة الابتدائية في جدول أعمال دورته المقبلة.",
        "يسلك أكثر من 600 تلميذ هذه الطريق كل صباح قبل طلوع الشمس في فصل الشتاء. غياب الإنارة "
        "يعرضهم لخطر حوادث السير والاعتداءات. الإنارة العمومية من اختصاصات الجماعة الذاتية.",
        "public-lighting",
        ["layayda"],
        "fatima.zahra@sale.example",
        "collecting",
        372,
        ["إنارة", "مدرسة", "أمن"],
    ),
    (
        "Collecte des déchets deux fois par semaine à Hssaine",
        "Nous demandons au conseil d'inscrire à l'ordre du jour le passage de la collecte des "
        "déchets ménagers à deux tournées par semaine dans les quartiers nord de Hssaine.",
        "Les conteneurs débordent dès le troisième jour, les chiens errants les renversent et les "
        "habitants brûlent les ordures. La collecte des déchets ménagers relève de la commune.",
        "waste-cleanliness",
        ["hssaine"],
        "hamza@sale.example",
        "collecting",
        118,
        ["propreté", "déchets"],
    ),
    (
        "تهيئة سوق القرب بتابريكت",
        "نطلب إدراج تهيئة سوق القرب بتابريكت (تغطية، تصريف مياه الأمطار، مرافق صحية) في جدول "
        "أعمال المجلس.",
        "يشتغل في السوق أكثر من 120 بائعا، وتغمره مياه الأمطار كل شتاء. الأسواق الجماعية من "
        "اختصاص الجماعة.",
        "markets",
        ["tabriquet"],
        "youssef@sale.example",
        "filed",
        412,
        ["سوق", "تجار"],
    ),
    (
        "Stationnement réglementé autour de la gare de Salé-Ville",
        "Nous demandons au conseil d'examiner un plan de stationnement réglementé autour de la "
        "gare, avec des places réservées aux riverains.",
        "Les rues autour de la gare sont saturées de 7 h à 20 h ; les riverains ne trouvent plus "
        "de place et les ambulances passent difficilement.",
        "traffic-parking",
        ["bab-lamrissa", "tabriquet"],
        "khadija@sale.example",
        "decided",
        405,
        ["stationnement", "gare"],
    ),
    (
        "تسمية شارع باسم مقاوم من سلا",
        "نطلب من المجلس تسمية الشارع الرئيسي لحي بطانة باسم أحد مقاومي المدينة.",
        "تكريم ذاكرة المدينة وتعريف الشباب بتاريخها.",
        "administrative-services",
        ["bettana"],
        "fatima.zahra@sale.example",
        "inadmissible",
        401,
        ["ذاكرة"],
    ),
]

ASSOCIATION = {
    "name": "جمعية الأمل للرياضة والتنمية بالعيايدة",
    "registration_reference": "وصل الإيداع النهائي رقم 2017/145، باشوية سلا",
    "created_on": (2017, 3, 14),
    "seat_address": "دار الشباب العيايدة، سلا",
    "field_of_activity": "تنشيط الشباب عبر الرياضة، وتنظيم دوريات الأحياء، ومواكبة التلاميذ.",
    "representative": "khadija@sale.example",
}
ASSOCIATION_PETITION = (
    "Ouvrir les terrains de sport de proximité le week-end",
    "Nous demandons au conseil d'inscrire à son ordre du jour l'ouverture des terrains de sport "
    "de proximité de Layayda le samedi et le dimanche, avec un gardien.",
    "Les terrains sont fermés le week-end alors que c'est le seul moment où les jeunes sont "
    "libres. Notre association propose d'encadrer les créneaux.",
    "culture-sport-facilities",
    ["layayda"],
)


def _signatories(arrondissements):
    """The demonstration signatories, created once."""
    User = get_user_model()
    existing = list(
        User.objects.filter(email__startswith="signatory-", email__endswith="@demo.sale.example")
        .select_related("identity")
        .order_by("email")
    )
    if len(existing) >= SIGNATORIES:
        return existing
    slugs = list(arrondissements)
    for number in range(len(existing), SIGNATORIES):
        first = FIRST_NAMES[number % len(FIRST_NAMES)]
        last = LAST_NAMES[(number // len(FIRST_NAMES)) % len(LAST_NAMES)]
        user = User(
            email=f"signatory-{number:03d}@demo.sale.example",
            display_name=first,
            preferred_language="ar",
            arrondissement=arrondissements[slugs[number % len(slugs)]],
        )
        user.set_unusable_password()
        user.save()
        EmailAddress.objects.create(user=user, email=user.email, primary=True, verified=True)
        declaration = IdentityDeclaration(
            user=user,
            full_name=f"{first} {last}",
            basis="residence",
            address=f"زنقة {number % 40 + 1}، رقم {number % 90 + 1}، سلا",
            arrondissement=user.arrondissement,
            on_electoral_roll=True,
            declaration_version=settings.SHARIK_IDENTITY_DECLARATION_VERSION,
        )
        declaration.set_cin(f"ZZ{100000 + number}")
        declaration.save()
    return list(
        User.objects.filter(email__startswith="signatory-", email__endswith="@demo.sale.example")
        .select_related("identity")
        .order_by("email")
    )


def _sign(petition, signatories, count, started):
    """Signatures spread over the collection period; a third of signatories show their name."""
    step = timedelta(minutes=max(1, int((timezone.now() - started).total_seconds() / 60 / count)))
    Signature.objects.bulk_create(
        [
            Signature(
                petition=petition,
                user=user,
                cin_digest=user.identity.cin_digest,
                cin_encrypted=user.identity.cin_encrypted,
                full_name=user.identity.full_name,
                address=user.identity.address,
                arrondissement_id=user.identity.arrondissement_id,
                on_electoral_roll=True,
                declaration_version=settings.SHARIK_SIGNATURE_DECLARATION_VERSION,
                show_name=number % 3 == 0,
                created_at=min(started + step * (number + 1), timezone.now()),
            )
            for number, user in enumerate(signatories[:count])
        ]
    )
    Petition.objects.filter(pk=petition.pk).update(signature_count=count)
    petition.signature_count = count


def _event(petition, status, at, text="", actor=None, public=True):
    event = PetitionEvent.objects.create(
        petition=petition, status=status, text=text, actor=actor, is_public=public
    )
    PetitionEvent.objects.filter(pk=event.pk).update(created_at=at)


def _mandataire_declaration(user, arrondissement, number):
    if not IdentityDeclaration.objects.filter(user=user).exists():
        declaration = IdentityDeclaration(
            user=user,
            full_name=user.display_name,
            basis="residence",
            address=f"حي {arrondissement.name}، سلا",
            arrondissement=arrondissement,
            on_electoral_roll=True,
            declaration_version=settings.SHARIK_IDENTITY_DECLARATION_VERSION,
        )
        declaration.set_cin(f"ZY{200000 + number}")
        declaration.save()


def seed_petitions(stdout=None):
    if Petition.objects.exists():
        return
    User = get_user_model()
    arrondissements = {a.slug: a for a in Arrondissement.objects.canonical()}
    competences = {c.slug: c for c in CouncilCompetence.objects.canonical()}
    signatories = _signatories(arrondissements)
    moderator = User.objects.filter(email="moderator@sale.example").first()
    official = User.objects.filter(email="official@sale.example").first()
    threshold = law.residents_signature_threshold()
    now = timezone.now()
    receipts = 0
    for number, (
        title,
        question,
        reasons,
        competence,
        places,
        email,
        stage,
        count,
        tags,
    ) in enumerate(DEMO_PETITIONS):
        mandataire = User.objects.get(email=email)
        _mandataire_declaration(mandataire, arrondissements[places[0]], number)
        age = {"collecting": 40, "filed": 120, "decided": 300, "inadmissible": 260}[stage]
        published = now - timedelta(days=age)
        petition = Petition.objects.create(
            kind=PetitionKind.RESIDENTS,
            title=title,
            question=question,
            reasons=reasons,
            competence=competences[competence],
            mandataire=mandataire,
            respects_constants=True,
            status=PetitionStatus.COLLECTING,
            signature_threshold=threshold,
            collection_ends_on=timezone.localdate(published) + timedelta(days=90),
            published_at=published,
        )
        petition.arrondissements.set([arrondissements[slug] for slug in places])
        petition.tags.set(tags)
        _event(petition, PetitionStatus.PENDING, published - timedelta(days=2), public=False)
        _event(petition, PetitionStatus.COLLECTING, published, actor=moderator)
        _sign(petition, signatories, count, published)
        content_type = ContentType.objects.get_for_model(Petition)
        Follow.objects.bulk_create(
            [
                Follow(user=user, content_type=content_type, object_id=petition.pk, automatic=True)
                for user in [mandataire, *signatories[:count]]
            ],
            ignore_conflicts=True,
        )
        if stage == "collecting":
            continue
        receipts += 1
        filed_at = published + timedelta(days=45)
        petition.status = PetitionStatus.FILED
        petition.filed_at = filed_at
        petition.threshold_reached_at = filed_at - timedelta(days=3)
        petition.collection_ends_on = timezone.localdate(filed_at)
        petition.receipt_number = (
            f"{settings.SHARIK_PETITION_RECEIPT_PREFIX}-{filed_at.year}-{receipts:04d}"
        )
        _event(petition, PetitionStatus.FILED, filed_at, actor=mandataire)
        if stage == "decided":
            petition.status = PetitionStatus.DECIDED
            petition.committee = "Commission de l'urbanisme, de la mobilité et de l'environnement"
            petition.session = "Session ordinaire de février 2026"
            petition.decision = CouncilDecision.PARTLY_ADOPTED
            petition.deliberation_reference = "D-2026-031"
            petition.decision_text = (
                "Le conseil adopte le principe d'un stationnement réglementé autour de la gare, "
                "avec 120 places réservées aux riverains, et charge la commission d'en fixer le "
                "tarif avant la session de mai."
            )
            petition.decided_on = timezone.localdate(filed_at + timedelta(days=70))
            _event(
                petition,
                PetitionStatus.ADMISSIBLE,
                filed_at + timedelta(days=20),
                actor=official,
            )
            _event(
                petition,
                PetitionStatus.DECIDED,
                filed_at + timedelta(days=70),
                petition.decision_text,
                actor=official,
            )
        elif stage == "inadmissible":
            petition.status = PetitionStatus.INADMISSIBLE
            petition.inadmissibility_reasons = (
                "تسمية الشوارع تخضع لمسطرة خاصة تتطلب رأي السلطات المختصة، ولا يمكن أن تكون موضوع "
                "عريضة بهذه الصيغة. ندعو الوكيلة إلى تقديم الاقتراح عبر لجنة الثقافة."
            )
            petition.mandataire_notified_on = timezone.localdate(filed_at + timedelta(days=35))
            _event(
                petition,
                PetitionStatus.INADMISSIBLE,
                filed_at + timedelta(days=35),
                petition.inadmissibility_reasons,
                actor=official,
            )
        petition.save()

    association = Organisation.objects.create(
        name=ASSOCIATION["name"],
        registration_reference=ASSOCIATION["registration_reference"],
        created_on=timezone.datetime(*ASSOCIATION["created_on"]).date(),
        seat_address=ASSOCIATION["seat_address"],
        seat_in_commune=True,
        arrondissement=arrondissements["layayda"],
        field_of_activity=ASSOCIATION["field_of_activity"],
        in_good_standing=True,
        democratic_statutes=True,
        statutes=ContentFile(DEMO_PDF, name="statutes.pdf"),
        registration_receipt=ContentFile(DEMO_PDF, name="receipt.pdf"),
        seat_proof=ContentFile(DEMO_PDF, name="seat.pdf"),
        status=OrganisationStatus.VERIFIED,
        reviewed_by=moderator,
        reviewed_at=now - timedelta(days=30),
    )
    representative = User.objects.get(email=ASSOCIATION["representative"])
    association.representatives.add(representative)
    title, question, reasons, competence, places = ASSOCIATION_PETITION
    petition = Petition.objects.create(
        kind=PetitionKind.ASSOCIATION,
        organisation=association,
        activity_related=True,
        filing_decision=ContentFile(DEMO_PDF, name="decision.pdf"),
        title=title,
        question=question,
        reasons=reasons,
        competence=competences[competence],
        mandataire=representative,
        respects_constants=True,
        status=PetitionStatus.COLLECTING,
        published_at=now - timedelta(days=6),
    )
    petition.arrondissements.set([arrondissements[slug] for slug in places])
    petition.tags.set(["sport", "jeunesse"])
    _event(petition, PetitionStatus.COLLECTING, now - timedelta(days=6), actor=moderator)
    if stdout:
        stdout.write(f"Demo petitions: {Petition.objects.count()}, signatories: {SIGNATORIES}.")
