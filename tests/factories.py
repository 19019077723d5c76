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

    from participation.models import Organisation, OrganisationStatus

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
