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
    """A member of the Moderators group (``ModeratorFactory``)."""
    from tests.participation.factories import ModeratorFactory

    return ModeratorFactory()


def make_discussion_page(title="نقاش تجريبي", slug="discussion", comments_enabled=True):
    """A published page of text under the Arabic home page, its discussion open (or not)."""
    from tests.cms.factories import StandardPageFactory

    return StandardPageFactory(title=title, slug=slug, comments_enabled=comments_enabled)


# --- Petitions, identity declarations, organisations -------------------------------------------

_cin_numbers = iter(range(700_000, 1_000_000))


def unique_cin():
    """A valid CIN (two letters, six digits) no other declaration of this test run holds."""
    return f"AB{next(_cin_numbers)}"


def declare_identity(user, cin=None, **overrides):
    """The identity declaration a resident makes before signing (meets every condition unless
    ``overrides`` say otherwise; ``IdentityDeclarationFactory``)."""
    from tests.participation.factories import IdentityDeclarationFactory

    if cin:
        overrides["cin"] = cin
    return IdentityDeclarationFactory(user=user, **overrides)


def make_signatory(**declaration_overrides):
    """A verified resident who declared their identity and may sign (``SignatoryFactory``)."""
    from tests.participation.factories import SignatoryFactory

    return SignatoryFactory(
        **{f"identity__{name}": value for name, value in declaration_overrides.items()}
    )


def make_official():
    """A council official: may answer officially (examine petitions, record decisions;
    ``OfficialFactory``)."""
    from tests.participation.factories import OfficialFactory

    return OfficialFactory()


def pdf_file(name="document.pdf"):
    from django.core.files.base import ContentFile

    return ContentFile(b"%PDF-1.4 test", name=name)


def make_organisation(representative=None, verified=True, created_on=None, **fields):
    """An association meeting every legal condition (constituted ten years ago), with its
    documents; verified by staff unless ``verified=False`` (``OrganisationFactory``)."""
    from tests.petitions.factories import OrganisationFactory

    if representative is not None:
        fields["representatives"] = [representative]
    if created_on:
        fields["created_on"] = created_on
    return OrganisationFactory(verified=verified, **fields)


def council_competence():
    """The first of the commune's competences, public lighting (``CouncilCompetenceFactory``)."""
    from tests.petitions.factories import CouncilCompetenceFactory

    return CouncilCompetenceFactory()


def make_petition(mandataire=None, status="collecting", kind="residents", threshold=3, **fields):
    """A petition in ``status``; when public, published now with ``threshold`` signatures required
    and a collection ending in 30 days. The mandataire of a residents' petition has declared their
    identity (the checklist requires it). ``PetitionFactory``."""
    from tests.petitions.factories import PetitionFactory

    if mandataire is not None:
        fields["mandataire"] = mandataire
    return PetitionFactory(status=status, kind=kind, threshold=threshold, **fields)


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
    """A published consultation under the Arabic consultations index (created if the site has
    none), with ``questionnaire_stream()`` open now by default (``ConsultationPageFactory``).

    ``phases``: {kind: (starts_at, ends_at)}.
    """
    from tests.consultations.factories import ConsultationPageFactory

    if phases is not None:
        fields["phases"] = phases
    if slug:
        fields["slug"] = slug
    if not questionnaire:
        fields["questionnaire"] = []
    return ConsultationPageFactory(**fields)


def translate_consultation(page, language="fr"):
    """The page's translation, with the questionnaire's wording in ``language`` (same ids),
    under the index of that language (translated from the Arabic one if needed)."""
    from wagtail.models import Locale

    from consultations.models import ConsultationPage
    from tests.consultations.factories import consultation_index

    consultation_index(language)
    translation = page.copy_for_translation(Locale.objects.get(language_code=language)).specific
    translation.slug = f"{page.slug}-{language}"
    translation.title = f"{page.title} ({language})"
    translation.questionnaire = questionnaire_stream(language)
    translation.save()
    translation.save_revision().publish()
    return ConsultationPage.objects.get(pk=translation.pk)


# --- Action plan ---------------------------------------------------------------------------------


def make_axis(title="محور تجريبي", slug=None, **fields):
    """A new axis of the Arabic plan (created under the Arabic home page when the site has
    none), so tests count only their own projects."""
    from tests.plan.factories import AxisPageFactory

    if slug is not None:
        fields["slug"] = slug
    return AxisPageFactory(title=title, **fields)


def make_project(axis, title="مشروع تجريبي", arrondissements=(), **fields):
    """A live project under ``axis`` (no revision: quick enough for hundreds)."""
    from tests.plan.factories import ProjectPageFactory

    return ProjectPageFactory(parent=axis, title=title, arrondissements=arrondissements, **fields)


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
    """A member of the Editors group (publishes pages, posts plan updates, reads responses;
    ``EditorFactory``)."""
    from tests.participation.factories import EditorFactory

    return EditorFactory()


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
