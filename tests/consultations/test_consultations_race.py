"""Answering under load, on PostgreSQL with real threads: one response per resident whatever the
interleaving of first saves, autosaves and submissions, and an exact participant count."""

import threading
from concurrent.futures import ThreadPoolExecutor

import pytest
from django.db import connection

from consultations import services
from consultations.forms import QuestionnaireForm
from consultations.models import Answer, ConsultationTally, Response
from tests.consultations.test_consultations import complete
from tests.factories import Q_MULTIPLE, Q_SINGLE, ResidentFactory, make_consultation

RESIDENTS = 16
ATTEMPTS = 64


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_sixty_four_threads_sixteen_residents_make_sixteen_responses(settings):
    """64 threads, 4 per resident, save at once: half autosave a draft, half submit. Every first
    save races on creating the response; none may fail, none may duplicate it or its answers."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    consultation = make_consultation()
    residents = [ResidentFactory() for _ in range(RESIDENTS)]
    barrier = threading.Barrier(ATTEMPTS)
    errors = []

    def attempt(number):
        resident = residents[number // (ATTEMPTS // RESIDENTS)]
        submit = number % 2 == 0
        form = QuestionnaireForm(consultation.questions, complete(), submitting=submit)
        assert form.is_valid(), form.errors
        try:
            barrier.wait()
            services.save_answers(consultation, form.answers(), participant=resident, submit=submit)
        except Exception as error:  # every failure is reported below
            errors.append(repr(error))
        finally:
            connection.close()

    with ThreadPoolExecutor(max_workers=ATTEMPTS) as pool:
        list(pool.map(attempt, range(ATTEMPTS)))

    assert errors == []
    responses = Response.objects.filter(consultation=consultation)
    assert responses.count() == RESIDENTS
    assert responses.submitted().count() == RESIDENTS
    for response in responses:
        assert Answer.objects.filter(response=response, question=Q_SINGLE).count() == 1
        assert Answer.objects.filter(response=response, question=Q_MULTIPLE).count() == 2
    assert ConsultationTally.objects.get(consultation=consultation).participant_count == RESIDENTS
