"""The petitions' factories as fixtures (pytest-factoryboy), each with its ``*_factory`` fixture
(``tests/petitions/factories.py``):

- ``petition``: a residents' petition collecting signatures, in ``council_competence`` (public
  lighting) and ``arrondissement`` (Bab Lamrissa), its mandataire ``mandataire``;
- ``mandataire`` and ``signatory``: two residents who declared their identity;
- ``signature``: ``signatory`` signed ``petition``;
- ``organisation``: a verified association ``mandataire`` represents;
- ``petition_attachment`` and ``petition_event`` (``moderator`` opened ``petition``);
- ``user`` (a verified resident, no declaration), ``unverified_resident``,
  ``identity_declaration`` (``user``'s).

The fixtures of one test share their rows; ``resident`` and ``moderator`` are those of
``tests/conftest.py``.
"""

from pytest_factoryboy import LazyFixture, register

from tests.participation.factories import (
    ArrondissementFactory,
    IdentityDeclarationFactory,
    ResidentFactory,
    SignatoryFactory,
    UnverifiedResidentFactory,
)
from tests.petitions.factories import (
    CouncilCompetenceFactory,
    OrganisationFactory,
    PetitionAttachmentFactory,
    PetitionEventFactory,
    PetitionFactory,
    SignatureFactory,
)

register(ResidentFactory)
register(UnverifiedResidentFactory, "unverified_resident")
register(SignatoryFactory, "mandataire")
register(SignatoryFactory, "signatory")
register(ArrondissementFactory)
register(IdentityDeclarationFactory)
register(CouncilCompetenceFactory)
register(OrganisationFactory, representatives=LazyFixture(lambda mandataire: [mandataire]))
register(PetitionFactory, mandataire=LazyFixture("mandataire"))
register(PetitionAttachmentFactory)
register(SignatureFactory, user=LazyFixture("signatory"))
register(PetitionEventFactory, actor=LazyFixture("moderator"))
