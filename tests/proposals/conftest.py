"""The proposals' factories as fixtures (pytest-factoryboy), each with its ``*_factory`` fixture
(``tests/proposals/factories.py``):

- ``proposal``: ``user``'s published proposal, in ``proposal_category`` (Mobility and roads) and
  ``arrondissement`` (Bab Lamrissa);
- ``support``: ``resident`` supports ``proposal``;
- ``proposal_event``: ``moderator`` published ``proposal``;
- ``user`` (a verified resident), ``unverified_resident``, ``arrondissement``.

The fixtures of one test share their rows (``proposal.author`` is ``user``); ``resident`` and
``moderator`` are those of ``tests/conftest.py``.
"""

from pytest_factoryboy import LazyFixture, register

from tests.participation.factories import (
    ArrondissementFactory,
    ResidentFactory,
    UnverifiedResidentFactory,
)
from tests.proposals.factories import (
    ProposalCategoryFactory,
    ProposalEventFactory,
    ProposalFactory,
    SupportFactory,
)

register(ResidentFactory)
register(UnverifiedResidentFactory, "unverified_resident")
register(ArrondissementFactory)
register(ProposalCategoryFactory)
register(ProposalFactory)
register(SupportFactory, user=LazyFixture("resident"))
register(ProposalEventFactory, actor=LazyFixture("moderator"))
