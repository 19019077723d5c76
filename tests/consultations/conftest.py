"""The consultations' factories as fixtures (pytest-factoryboy): ``consultation_index_page``,
``consultation_page``, ``consultation_phase``, ``phase_announcement``, ``consultation_tally``,
``tag``, ``consultation_page_tag``, ``response``, ``email_response`` (a participant without an
account), ``answer`` and ``user`` (a verified resident), each with its ``*_factory`` fixture; and
``site_links``. One test's fixtures share their rows: ``answer.response`` is the ``response``
fixture, whose consultation is ``consultation_page`` and participant ``user``."""

from pytest_factoryboy import register

from tests.consultations.factories import (
    AnswerFactory,
    ConsultationIndexPageFactory,
    ConsultationPageFactory,
    ConsultationPageTagFactory,
    ConsultationPhaseFactory,
    ConsultationTallyFactory,
    EmailResponseFactory,
    PhaseAnnouncementFactory,
    ResponseFactory,
    TagFactory,
    site_links,  # noqa: F401 (a fixture)
)
from tests.factories import ResidentFactory

register(ResidentFactory)
register(ConsultationIndexPageFactory)
register(ConsultationPageFactory)
register(ConsultationPhaseFactory)
register(PhaseAnnouncementFactory)
register(ConsultationTallyFactory)
register(TagFactory)
register(ConsultationPageTagFactory)
register(ResponseFactory)
register(EmailResponseFactory, "email_response")
register(AnswerFactory)
