"""Factories of the petitions app: one per model of ``petitions/models.py``, registered as pytest
fixtures in ``conftest.py`` (``organisation``, ``council_competence``, ``petition``,
``petition_attachment``, ``signature``, ``petition_event``).

The council's competences are the site skeleton's (``tests/site.py``):
``CouncilCompetenceFactory`` returns the canonical row of a slug. A petition is a residents'
petition collecting signatures by default, its mandataire a resident who declared their identity
(the checklist requires it); ``status=`` another ``PetitionStatus`` sets what publication fixes
(threshold, collection end, ``published_at``) as ``petitions.services.publish`` would. Signatures
copy their signatory's identity declaration, as ``petitions.services.sign`` does; the petition's
``signature_count`` is left as it is (the services keep it).
"""

from datetime import date, timedelta

import factory
from django.conf import settings
from django.utils import timezone
from factory.django import DjangoModelFactory

from participation.models import Arrondissement
from petitions.law import COUNCIL_COMPETENCES
from petitions.models import (
    PUBLIC_STATUSES,
    CouncilCompetence,
    Organisation,
    OrganisationStatus,
    Petition,
    PetitionAttachment,
    PetitionEvent,
    PetitionKind,
    PetitionStatus,
    Signature,
)
from tests.cms.factories import pdf_file
from tests.participation.factories import (
    ModeratorFactory,
    SignatoryFactory,
    TranslatedTermFactory,
    default_name,
)


class CouncilCompetenceFactory(TranslatedTermFactory):
    """An attribution of the commune: public lighting unless ``slug`` names another."""

    class Meta:
        model = CouncilCompetence

    slug = "public-lighting"
    name = default_name(COUNCIL_COMPETENCES)


class OrganisationFactory(DjangoModelFactory):
    """A neighbourhood association meeting every legal condition (constituted in 2016, its seat
    in the commune), with its documents; verified by the commune unless ``verified=False``.
    ``representatives=[...]``: the residents who act for it."""

    class Meta:
        model = Organisation
        skip_postgeneration_save = True

    class Params:
        verified = True

    name = "جمعية حي السلام"
    registration_reference = "1234/2016"
    created_on = date(2016, 1, 15)
    seat_address = "زنقة 3، حي السلام، سلا"
    seat_in_commune = True
    arrondissement = factory.LazyFunction(lambda: Arrondissement.objects.canonical().first())
    field_of_activity = "الإنارة العمومية والنظافة في الحي"
    in_good_standing = True
    democratic_statutes = True
    status = factory.LazyAttribute(
        lambda o: OrganisationStatus.VERIFIED if o.verified else OrganisationStatus.PENDING
    )
    statutes = factory.LazyFunction(lambda: pdf_file("statutes.pdf"))
    registration_receipt = factory.LazyFunction(lambda: pdf_file("receipt.pdf"))
    seat_proof = factory.LazyFunction(lambda: pdf_file("seat.pdf"))

    @factory.post_generation
    def representatives(self, create, extracted, **kwargs):
        if create and extracted:
            self.representatives.add(*extracted)


def _published(petition):
    return petition.status in PUBLIC_STATUSES


def _collects(petition):
    return _published(petition) and petition.kind == PetitionKind.RESIDENTS


class PetitionFactory(DjangoModelFactory):
    """A residents' petition to light a street, open for signatures for 30 more days, in Bab
    Lamrissa (``arrondissements=[...]`` for others).

    ``threshold`` (a parameter): the signatures required, fixed at publication (3: a test
    reaches it quickly). Traits: ``association`` (filed by a verified association its mandataire
    represents, no signature needed), ``filed`` (filed with the council, a receipt number given).
    """

    class Meta:
        model = Petition
        skip_postgeneration_save = True

    class Params:
        threshold = 3
        association = factory.Trait(
            kind=PetitionKind.ASSOCIATION,
            organisation=factory.LazyAttribute(
                lambda o: OrganisationFactory(representatives=[o.mandataire])
            ),
            activity_related=True,
            filing_decision=factory.LazyFunction(lambda: pdf_file("decision.pdf")),
        )
        filed = factory.Trait(
            status=PetitionStatus.FILED,
            receipt_number=factory.Sequence(lambda n: f"SALE-2026-{n + 1:04d}"),
            filed_at=factory.LazyFunction(timezone.now),
            threshold_reached_at=factory.LazyFunction(timezone.now),
        )

    kind = PetitionKind.RESIDENTS
    title = "إنارة شارع السلام"
    question = "تركيب الإنارة العمومية في شارع السلام بين المسجد والسوق"
    reasons = "الشارع مظلم ليلا ويمر منه التلاميذ."
    competence = factory.SubFactory(CouncilCompetenceFactory)
    mandataire = factory.SubFactory(SignatoryFactory)
    respects_constants = True
    status = PetitionStatus.COLLECTING
    signature_threshold = factory.LazyAttribute(lambda o: o.threshold if _collects(o) else 0)
    published_at = factory.LazyAttribute(lambda o: timezone.now() if _published(o) else None)
    collection_ends_on = factory.LazyAttribute(
        lambda o: timezone.localdate() + timedelta(days=30) if _collects(o) else None
    )

    @factory.post_generation
    def arrondissements(self, create, extracted, **kwargs):
        if create:
            self.arrondissements.add(*(extracted or [Arrondissement.objects.canonical().first()]))

    @factory.post_generation
    def tags(self, create, extracted, **kwargs):
        if create and extracted:
            self.tags.add(*extracted)


class PetitionAttachmentFactory(DjangoModelFactory):
    """A public supporting document of a petition."""

    class Meta:
        model = PetitionAttachment

    petition = factory.SubFactory(PetitionFactory)
    file = factory.LazyFunction(lambda: pdf_file("lighting-study.pdf"))
    title = "دراسة تقنية لإنارة الشارع"


class SignatureFactory(DjangoModelFactory):
    """A resident signs a petition: what they declared (name, encrypted CIN, address,
    arrondissement) copied at signing, as ``services.sign`` does; the name kept off the public
    list unless ``show_name=True``."""

    class Meta:
        model = Signature

    petition = factory.SubFactory(PetitionFactory)
    user = factory.SubFactory(SignatoryFactory)
    cin_digest = factory.LazyAttribute(lambda o: o.user.identity.cin_digest)
    cin_encrypted = factory.LazyAttribute(lambda o: o.user.identity.cin_encrypted)
    full_name = factory.LazyAttribute(lambda o: o.user.identity.full_name)
    address = factory.LazyAttribute(lambda o: o.user.identity.address)
    activity = factory.LazyAttribute(lambda o: o.user.identity.activity)
    arrondissement = factory.LazyAttribute(lambda o: o.user.identity.arrondissement)
    on_electoral_roll = factory.LazyAttribute(lambda o: o.user.identity.on_electoral_roll)
    declaration_version = factory.LazyFunction(
        lambda: settings.SHARIK_SIGNATURE_DECLARATION_VERSION
    )
    show_name = False


class PetitionEventFactory(DjangoModelFactory):
    """A step of a petition's public timeline: a moderator opened it for signatures."""

    class Meta:
        model = PetitionEvent

    petition = factory.SubFactory(PetitionFactory)
    status = PetitionStatus.COLLECTING
    text = ""
    actor = factory.SubFactory(ModeratorFactory)
    is_public = True
