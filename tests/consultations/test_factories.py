"""The consultations' factories build what the tests assume: a live consultation under the one
index of its language, open now, whose fixtures share their rows."""

from datetime import timedelta

import pytest

from consultations.models import ConsultationIndexPage, Response
from tests.consultations.factories import consultation_index
from tests.factories import Q_SCALE, translate_consultation

pytestmark = pytest.mark.django_db


def test_a_consultation_is_live_under_the_one_index_and_open_now(consultation_page):
    index = consultation_page.get_parent().specific
    assert isinstance(index, ConsultationIndexPage) and index.locale.language_code == "ar"
    assert consultation_index() == index  # one index per language
    assert consultation_page.live and consultation_page.url.startswith("/ar/")
    assert consultation_page.questionnaire_is_open() and consultation_page.comments_are_open()
    assert not consultation_page.results_are_public()
    assert len(consultation_page.questions) == 7


def test_a_translation_goes_under_the_index_of_its_language(consultation_page):
    french = translate_consultation(consultation_page, "fr")
    assert french.get_parent().specific == consultation_index("fr")
    assert consultation_index("fr").translation_key == consultation_index().translation_key
    assert french.original == consultation_page and french.url.startswith("/fr/")


def test_fixtures_share_their_rows(answer, response, consultation_page, user, consultation_tally):
    assert answer.response == response
    assert response.consultation == consultation_page and response.participant == user
    assert response.arrondissement == user.arrondissement and response.is_submitted
    assert consultation_tally.consultation == consultation_page


def test_drafts_responses_by_email_and_answers(
    response_factory, email_response_factory, answer_factory, consultation_page
):
    draft = response_factory(consultation=consultation_page, draft=True)
    by_email = email_response_factory(consultation=consultation_page)
    assert not draft.is_submitted
    assert by_email.participant is None and by_email.email and by_email.email_confirmed_at
    assert list(Response.objects.submitted()) == [by_email]
    rated = answer_factory(response=by_email, rated=True)
    assert (rated.question, rated.number) == (Q_SCALE, 4)
    quoted = answer_factory(response=by_email, quoted=True)
    assert quoted.text and quoted.quote_published_at is not None


def test_a_phase_added_moves_the_calendar_bounds(consultation_phase_factory, consultation_page):
    starts_at = consultation_page.opens_at - timedelta(days=5)
    phase = consultation_phase_factory(
        page=consultation_page, kind="information", starts_at=starts_at
    )
    consultation_page.refresh_from_db()
    assert consultation_page.opens_at == phase.starts_at == starts_at


def test_tags_and_announcements(consultation_page_tag, phase_announcement, consultation_page):
    assert list(consultation_page.tags.all()) == [consultation_page_tag.tag]
    assert phase_announcement.starts_at == consultation_page.phase("debate").starts_at
