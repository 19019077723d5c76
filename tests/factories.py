"""The shared builders the tests call (``make_petition``, ``make_consultation``, ``log_in``…),
thin wrappers of the apps' factories.

Each model's factory lives in its app's ``tests/<app>/factories.py``, with the pieces it needs
(``ResidentFactory`` and ``PASSWORD`` in ``tests/participation/factories.py``, ``pdf_file`` and
the Wagtail images and documents in ``tests/cms/factories.py``, the test questionnaire and its
ids in ``tests/consultations/factories.py``…). Imports go one way, as the apps' layers do:
participation (the core) imports no other factory module, cms none either (it may import the
core's), proposals, petitions, consultations and the plan import the core's and the site's, and
this module imports them all; none imports it. The names the tests take from here are
re-exported (``__all__``).
"""

from django.utils.translation import gettext, override
from wagtail.models import Locale

from consultations.models import ConsultationPage
from tests.cms.factories import StandardPageFactory, make_document, make_image, pdf_file
from tests.consultations.factories import (
    C_A,
    C_B,
    C_NO,
    C_X,
    C_Y,
    C_YES,
    C_Z,
    Q_CONDITIONAL,
    Q_LONG,
    Q_MULTIPLE,
    Q_RANKING,
    Q_SCALE,
    Q_SHORT,
    Q_SINGLE,
    R1,
    R2,
    R3,
    ConsultationPageFactory,
    consultation_index,
    questionnaire_stream,
)
from tests.participation.factories import (
    PASSWORD,
    DeclarationStub,
    EditorFactory,
    IdentityDeclarationFactory,
    ModeratorFactory,
    OfficialFactory,
    ResidentFactory,
    SignatoryFactory,
    UnverifiedResidentFactory,
    unique_cin,
)
from tests.petitions.factories import CouncilCompetenceFactory, OrganisationFactory, PetitionFactory
from tests.plan.factories import AxisPageFactory, ProjectPageFactory

__all__ = [
    "C_A",
    "C_B",
    "C_NO",
    "C_X",
    "C_Y",
    "C_YES",
    "C_Z",
    "PASSWORD",
    "Q_CONDITIONAL",
    "Q_LONG",
    "Q_MULTIPLE",
    "Q_RANKING",
    "Q_SCALE",
    "Q_SHORT",
    "Q_SINGLE",
    "R1",
    "R2",
    "R3",
    "DeclarationStub",
    "ResidentFactory",
    "UnverifiedResidentFactory",
    "council_competence",
    "declare_identity",
    "in_arabic",
    "log_in",
    "make_axis",
    "make_consultation",
    "make_discussion_page",
    "make_document",
    "make_editor",
    "make_image",
    "make_moderator",
    "make_official",
    "make_organisation",
    "make_petition",
    "make_project",
    "make_signatory",
    "pdf_file",
    "questionnaire_stream",
    "translate_consultation",
    "unique_cin",
]


# --- Accounts and discussions --------------------------------------------------------------------


def make_moderator():
    """A member of the Moderators group (``ModeratorFactory``)."""
    return ModeratorFactory()


def make_editor():
    """A member of the Editors group (publishes pages, posts plan updates, reads responses;
    ``EditorFactory``)."""
    return EditorFactory()


def make_discussion_page(title="نقاش تجريبي", slug="discussion", comments_enabled=True):
    """A published page of text under the Arabic home page, its discussion open (or not)."""
    return StandardPageFactory(title=title, slug=slug, comments_enabled=comments_enabled)


# --- Petitions, identity declarations, organisations -------------------------------------------


def declare_identity(user, cin=None, **overrides):
    """The identity declaration a resident makes before signing (meets every condition unless
    ``overrides`` say otherwise; ``IdentityDeclarationFactory``)."""
    if cin:
        overrides["cin"] = cin
    return IdentityDeclarationFactory(user=user, **overrides)


def make_signatory(**declaration_overrides):
    """A verified resident who declared their identity and may sign (``SignatoryFactory``)."""
    return SignatoryFactory(
        **{f"identity__{name}": value for name, value in declaration_overrides.items()}
    )


def make_official():
    """A council official: may answer officially (examine petitions, record decisions;
    ``OfficialFactory``)."""
    return OfficialFactory()


def make_organisation(representative=None, verified=True, created_on=None, **fields):
    """An association meeting every legal condition (constituted ten years ago), with its
    documents; verified by staff unless ``verified=False`` (``OrganisationFactory``)."""
    if representative is not None:
        fields["representatives"] = [representative]
    if created_on:
        fields["created_on"] = created_on
    return OrganisationFactory(verified=verified, **fields)


def council_competence():
    """The first of the commune's competences, public lighting (``CouncilCompetenceFactory``)."""
    return CouncilCompetenceFactory()


def make_petition(mandataire=None, status="collecting", kind="residents", threshold=3, **fields):
    """A petition in ``status``; when public, published now with ``threshold`` signatures required
    and a collection ending in 30 days. The mandataire of a residents' petition has declared their
    identity (the checklist requires it). ``PetitionFactory``."""
    if mandataire is not None:
        fields["mandataire"] = mandataire
    return PetitionFactory(status=status, kind=kind, threshold=threshold, **fields)


# --- Consultations -------------------------------------------------------------------------------


def make_consultation(phases=None, slug=None, questionnaire=True, **fields):
    """A published consultation under the Arabic consultations index (created if the site has
    none), with ``questionnaire_stream()`` open now by default (``ConsultationPageFactory``).

    ``phases``: {kind: (starts_at, ends_at)}.
    """
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
    if slug is not None:
        fields["slug"] = slug
    return AxisPageFactory(title=title, **fields)


def make_project(axis, title="مشروع تجريبي", arrondissements=(), **fields):
    """A live project under ``axis`` (no revision: quick enough for hundreds)."""
    return ProjectPageFactory(parent=axis, title=title, arrondissements=arrondissements, **fields)


# --- Helpers of view tests -----------------------------------------------------------------------


def log_in(client, user):
    """``client`` logged in as ``user``, without hashing a password."""
    client.force_login(user)
    return client


def in_arabic(message):
    """``message`` as the Arabic pages show it."""
    with override("ar"):
        return gettext(message)
