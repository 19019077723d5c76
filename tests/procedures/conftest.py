"""The procedures' factories as fixtures (pytest-factoryboy): ``procedure_page`` (شهادة السكنى,
on paper), ``digitalisation_vote`` and ``procedure_feedback`` on it, each with its
``*_factory`` fixture."""

from pytest_factoryboy import register

from tests.participation.factories import ResidentFactory
from tests.procedures.factories import (
    DigitalisationVoteFactory,
    ProcedureFeedbackFactory,
    ProcedurePageFactory,
)

register(ResidentFactory)  # ``user``, who votes and answers in the fixtures
register(ProcedurePageFactory)
register(DigitalisationVoteFactory)
register(ProcedureFeedbackFactory)
