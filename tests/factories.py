import factory
from allauth.account.models import EmailAddress

from participation.models import Arrondissement, User

PASSWORD = "a-Long-demo-password-2026"


class ResidentFactory(factory.django.DjangoModelFactory):
    """A resident whose email address is confirmed (so they may take part)."""

    class Meta:
        model = User
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"resident{n}@sale.example")
    display_name = factory.Sequence(lambda n: f"ساكن {n}")
    preferred_language = "ar"
    arrondissement = factory.LazyFunction(lambda: Arrondissement.objects.canonical().first())
    password = factory.PostGenerationMethodCall("set_password", PASSWORD)

    @factory.post_generation
    def verified_email(self, create, extracted, **kwargs):
        if create:
            self.save()
            EmailAddress.objects.create(user=self, email=self.email, primary=True, verified=True)


class UnverifiedResidentFactory(ResidentFactory):
    """Signed up but never confirmed the email address."""

    @factory.post_generation
    def verified_email(self, create, extracted, **kwargs):
        if create:
            self.save()
            EmailAddress.objects.create(user=self, email=self.email, primary=True, verified=False)


def make_moderator():
    from django.contrib.auth.models import Group

    moderator = ResidentFactory(display_name="مشرف", is_staff=True)
    moderator.groups.add(Group.objects.get(name="Moderators"))
    return moderator


def make_discussion_page(title="نقاش تجريبي", slug="discussion", comments_enabled=True):
    from cms.models import HomePage, StandardPage

    home = HomePage.objects.get(locale__language_code="ar")
    page = StandardPage(title=title, slug=slug, comments_enabled=comments_enabled)
    home.add_child(instance=page)
    page.save_revision().publish()
    return StandardPage.objects.get(pk=page.pk)


# --- Petitions, identity declarations, organisations -------------------------------------------

_cin_numbers = iter(range(700_000, 1_000_000))


def unique_cin():
    """A valid CIN (two letters, six digits) no other declaration of this test run holds."""
    return f"AB{next(_cin_numbers)}"


def declare_identity(user, cin=None, **overrides):
    """The identity declaration a resident makes before signing (meets every condition unless
    ``overrides`` say otherwise)."""
    from django.conf import settings

    from participation.models import IdentityDeclaration

    fields = {
        "full_name": "سلمى بنعلي",
        "basis": "residence",
        "address": "زنقة 12، حي السلام، سلا",
        "activity": "",
        "arrondissement": Arrondissement.objects.canonical().first(),
        "on_electoral_roll": True,
        "declaration_version": settings.SHARIK_IDENTITY_DECLARATION_VERSION,
    }
    fields.update(overrides)
    declaration = IdentityDeclaration(user=user, **fields)
    declaration.set_cin(cin or unique_cin())
    declaration.save()
    return declaration


def make_signatory(**declaration_overrides):
    """A verified resident who declared their identity and may sign."""
    user = ResidentFactory()
    declare_identity(user, **declaration_overrides)
    return user


def make_official():
    """A council official: may answer officially (examine petitions, record decisions)."""
    from django.contrib.auth.models import Permission

    official = ResidentFactory(display_name="مكتب المجلس", is_staff=True)
    official.user_permissions.add(
        Permission.objects.get(
            content_type__app_label="participation", codename="answer_officially"
        ),
        Permission.objects.get(content_type__app_label="wagtailadmin", codename="access_admin"),
        Permission.objects.get(content_type__app_label="petitions", codename="view_petition"),
    )
    return official


def pdf_file(name="document.pdf"):
    from django.core.files.base import ContentFile

    return ContentFile(b"%PDF-1.4 test", name=name)


def make_organisation(representative=None, verified=True, created_on=None, **fields):
    """An association meeting every legal condition (constituted ten years ago), with its
    documents; verified by staff unless ``verified=False``."""
    from datetime import date

    from petitions.models import Organisation, OrganisationStatus

    values = {
        "name": "جمعية حي السلام",
        "registration_reference": "1234/2016",
        "created_on": created_on or date(2016, 1, 15),
        "seat_address": "زنقة 3، حي السلام، سلا",
        "seat_in_commune": True,
        "arrondissement": Arrondissement.objects.canonical().first(),
        "field_of_activity": "الإنارة العمومية والنظافة في الحي",
        "in_good_standing": True,
        "democratic_statutes": True,
        "status": OrganisationStatus.VERIFIED if verified else OrganisationStatus.PENDING,
        "statutes": pdf_file("statutes.pdf"),
        "registration_receipt": pdf_file("receipt.pdf"),
        "seat_proof": pdf_file("seat.pdf"),
    }
    values.update(fields)
    organisation = Organisation.objects.create(**values)
    if representative is not None:
        organisation.representatives.add(representative)
    return organisation


def council_competence():
    """The first of the commune's competences (recreated when a transactional test flushed the
    data migration's rows)."""
    from wagtail.models import Locale

    from participation.commune_defaults import create_terms
    from petitions.law import COUNCIL_COMPETENCES
    from petitions.models import CouncilCompetence

    competence = CouncilCompetence.objects.canonical().first()
    if competence is None:
        create_terms(Locale, CouncilCompetence, COUNCIL_COMPETENCES)
        competence = CouncilCompetence.objects.canonical().first()
    return competence


def make_petition(mandataire=None, status="collecting", kind="residents", threshold=3, **fields):
    """A petition in ``status``; when public, published now with ``threshold`` signatures required
    and a collection ending in 30 days. The mandataire of a residents' petition has declared their
    identity (the checklist requires it)."""
    from datetime import timedelta

    from django.utils import timezone

    from petitions.models import PUBLIC_STATUSES, Petition

    if mandataire is None:
        mandataire = make_signatory()
    public = status in PUBLIC_STATUSES
    values = {
        "kind": kind,
        "title": "إنارة شارع السلام",
        "question": "تركيب الإنارة العمومية في شارع السلام بين المسجد والسوق",
        "reasons": "الشارع مظلم ليلا ويمر منه التلاميذ.",
        "competence": council_competence(),
        "mandataire": mandataire,
        "respects_constants": True,
        "status": status,
        "signature_threshold": threshold if public and kind == "residents" else 0,
        "published_at": timezone.now() if public else None,
        "collection_ends_on": (
            timezone.localdate() + timedelta(days=30) if public and kind == "residents" else None
        ),
    }
    values.update(fields)
    petition = Petition.objects.create(**values)
    petition.arrondissements.add(Arrondissement.objects.canonical().first())
    return petition


class DeclarationStub:
    """What the signatory rules read from an identity declaration, without a database row."""

    def __init__(
        self, address="حي السلام، سلا", activity="", on_electoral_roll=True, basis="residence"
    ):
        self.address, self.activity, self.on_electoral_roll = address, activity, on_electoral_roll
        self.basis = basis


# --- Consultations -------------------------------------------------------------------------------

Q_SINGLE = "11111111-0000-4000-8000-000000000001"
Q_MULTIPLE = "11111111-0000-4000-8000-000000000002"
Q_RANKING = "11111111-0000-4000-8000-000000000003"
Q_SCALE = "11111111-0000-4000-8000-000000000004"
Q_SHORT = "11111111-0000-4000-8000-000000000005"
Q_LONG = "11111111-0000-4000-8000-000000000006"
Q_CONDITIONAL = "11111111-0000-4000-8000-000000000007"
# Choices: single (A, B), multiple (X, Y, Z + other), ranking (R1, R2, R3), conditional (yes, no).
C_A, C_B = "22222222-0000-4000-8000-00000000000a", "22222222-0000-4000-8000-00000000000b"
C_X, C_Y, C_Z = (f"33333333-0000-4000-8000-00000000000{letter}" for letter in "abc")
R1, R2, R3 = (f"44444444-0000-4000-8000-00000000000{n}" for n in (1, 2, 3))
C_YES, C_NO = "55555555-0000-4000-8000-000000000001", "55555555-0000-4000-8000-000000000002"


def _items(pairs):
    return [{"type": "item", "value": label, "id": item_id} for item_id, label in pairs]


def questionnaire_stream(language="ar"):
    """One question of each kind, plus a question shown only to those who chose "B"."""
    label = {"ar": "ب", "fr": "B", "en": "B"}[language]
    return [
        {
            "type": "single_choice",
            "id": Q_SINGLE,
            "value": {
                "text": f"single-{language}",
                "help_text": "",
                "required": True,
                "show_if": "",
                "choices": _items([(C_A, "A"), (C_B, label)]),
                "allow_other": False,
            },
        },
        {
            "type": "multiple_choice",
            "id": Q_MULTIPLE,
            "value": {
                "text": f"multiple-{language}",
                "help_text": "",
                "required": False,
                "show_if": "",
                "choices": _items([(C_X, "X"), (C_Y, "Y"), (C_Z, "Z")]),
                "allow_other": True,
            },
        },
        {
            "type": "ranking",
            "id": Q_RANKING,
            "value": {
                "text": f"ranking-{language}",
                "help_text": "",
                "required": True,
                "show_if": "",
                "choices": _items([(R1, "R1"), (R2, "R2"), (R3, "R3")]),
            },
        },
        {
            "type": "scale",
            "id": Q_SCALE,
            "value": {
                "text": f"scale-{language}",
                "help_text": "",
                "required": True,
                "show_if": "",
                "low_label": "low",
                "high_label": "high",
            },
        },
        {
            "type": "short_text",
            "id": Q_SHORT,
            "value": {
                "text": f"short-{language}",
                "help_text": "",
                "required": False,
                "show_if": "",
            },
        },
        {
            "type": "long_text",
            "id": Q_LONG,
            "value": {
                "text": f"long-{language}",
                "help_text": "",
                "required": False,
                "show_if": "",
            },
        },
        {
            "type": "single_choice",
            "id": Q_CONDITIONAL,
            "value": {
                "text": f"conditional-{language}",
                "help_text": "",
                "required": True,
                "show_if": label,
                "choices": _items([(C_YES, "yes"), (C_NO, "no")]),
                "allow_other": False,
            },
        },
    ]


def make_consultation(phases=None, slug=None, questionnaire=True, **fields):
    """A published consultation under the demo index, its questionnaire open now by default.

    ``phases``: {kind: (starts_at, ends_at)}.
    """
    from datetime import timedelta

    from django.utils import timezone

    from consultations.models import ConsultationIndexPage, ConsultationPage, ConsultationPhase

    now = timezone.now()
    if phases is None:
        phases = {
            "debate": (now - timedelta(days=1), now + timedelta(days=10)),
            "questionnaire": (now - timedelta(days=1), now + timedelta(days=10)),
            "results": (now + timedelta(days=10), now + timedelta(days=40)),
            "report": (now + timedelta(days=40), now + timedelta(days=400)),
        }
    index = ConsultationIndexPage.objects.get(locale__language_code="ar")
    make_consultation.counter = getattr(make_consultation, "counter", 0) + 1
    page = ConsultationPage(
        title=fields.pop("title", "استشارة تجريبية"),
        slug=slug or f"test-consultation-{make_consultation.counter}",
        summary=fields.pop("summary", "ملخص الاستشارة"),
        questionnaire=questionnaire_stream() if questionnaire else [],
        **fields,
    )
    page.phases = [
        ConsultationPhase(kind=kind, starts_at=starts, ends_at=ends)
        for kind, (starts, ends) in phases.items()
    ]
    index.add_child(instance=page)
    page.save_revision().publish()
    return ConsultationPage.objects.get(pk=page.pk)


def translate_consultation(page, language="fr"):
    """The page's translation, with the questionnaire's wording in ``language`` (same ids)."""
    from wagtail.models import Locale

    from consultations.models import ConsultationPage

    translation = page.copy_for_translation(Locale.objects.get(language_code=language)).specific
    translation.slug = f"{page.slug}-{language}"
    translation.title = f"{page.title} ({language})"
    translation.questionnaire = questionnaire_stream(language)
    translation.save()
    translation.save_revision().publish()
    return ConsultationPage.objects.get(pk=translation.pk)


# --- Action plan ---------------------------------------------------------------------------------


def make_axis(title="محور تجريبي", slug=None):
    """A new axis under the demo plan (Arabic), so tests count only their own projects."""
    from plan.models import ActionPlanPage, AxisPage

    plan = ActionPlanPage.objects.get(locale__language_code="ar")
    make_axis.counter = getattr(make_axis, "counter", 0) + 1
    axis = AxisPage(title=title, slug=slug or f"test-axis-{make_axis.counter}")
    plan.add_child(instance=axis)
    return AxisPage.objects.get(pk=axis.pk)


def make_project(axis, title="مشروع تجريبي", arrondissements=(), **fields):
    """A live project under ``axis`` (no revision: quick enough for hundreds)."""
    from decimal import Decimal

    from plan.models import ProjectPage

    make_project.counter = getattr(make_project, "counter", 0) + 1
    project = ProjectPage(
        title=title,
        slug=fields.pop("slug", f"test-project-{make_project.counter}"),
        objective=fields.pop("objective", "هدف المشروع"),
        budget_planned=Decimal(fields.pop("budget_planned", 1_000_000)),
        **fields,
    )
    project.arrondissements = list(arrondissements)
    axis.add_child(instance=project)
    return ProjectPage.objects.get(pk=project.pk)


# --- Helpers of view tests -----------------------------------------------------------------------


def log_in(client, user):
    """``client`` logged in as ``user``, without hashing a password."""
    client.force_login(user)
    return client


def in_arabic(message):
    """``message`` as the Arabic pages show it."""
    from django.utils import translation

    with translation.override("ar"):
        return translation.gettext(message)


def make_editor():
    """A member of the Editors group (publishes pages, posts plan updates, reads responses)."""
    from django.contrib.auth.models import Group

    editor = ResidentFactory(is_staff=True)
    editor.groups.add(Group.objects.get(name="Editors"))
    return editor


def make_image(title="صورة الأشغال"):
    """A Wagtail image (a small PNG drawn by Pillow)."""
    import io

    from django.core.files.images import ImageFile
    from PIL import Image as PillowImage
    from wagtail.images import get_image_model

    buffer = io.BytesIO()
    PillowImage.new("RGB", (40, 30), (11, 93, 69)).save(buffer, "PNG")
    return get_image_model().objects.create(
        title=title, file=ImageFile(buffer, name="works.png")
    )


def make_document(title="محضر الاستلام"):
    from wagtail.documents import get_document_model

    return get_document_model().objects.create(title=title, file=pdf_file("minutes.pdf"))
