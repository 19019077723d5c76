"""Filing under concurrency, on PostgreSQL with real threads: every request its own tracking
number, and the same form sent twice at once one request."""

import threading
import uuid
from concurrent.futures import ThreadPoolExecutor

import pytest
from django.db import connection

from information.models import InformationRequest
from tests.information.factories import file
from tests.participation.factories import SignatoryFactory

THREADS = 16


def _in_threads(work, arguments):
    barrier = threading.Barrier(len(arguments))
    errors = []

    def run(argument):
        try:
            barrier.wait(timeout=30)
            return work(argument)
        except Exception as error:
            errors.append(error)
            return None
        finally:
            connection.close()

    with ThreadPoolExecutor(max_workers=len(arguments)) as pool:
        results = list(pool.map(run, arguments))
    assert errors == []
    return results


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
@pytest.mark.usefixtures("transactional_db")
def test_requests_filed_at_once_get_distinct_numbers():
    residents = [SignatoryFactory() for _ in range(THREADS)]
    requests = _in_threads(file, residents)
    numbers = [request.number for request in requests]
    assert len(set(numbers)) == THREADS
    assert InformationRequest.objects.count() == THREADS


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
@pytest.mark.usefixtures("transactional_db")
def test_the_same_form_sent_at_once_files_one_request():
    resident = SignatoryFactory()
    key = uuid.uuid4()
    requests = _in_threads(lambda _: file(resident, submission=key), list(range(8)))
    assert len({request.pk for request in requests}) == 1
    assert InformationRequest.objects.count() == 1
