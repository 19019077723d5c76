"""Registering under concurrency, on PostgreSQL with real threads: 20 residents for 5 places
make 5 registrations and 15 on the waiting list, never more."""

import threading
from concurrent.futures import ThreadPoolExecutor

import pytest
from django.db import connection

from events import services
from events.models import Registration, RegistrationStatus
from tests.events.factories import EventPageFactory
from tests.participation.factories import ResidentFactory

RESIDENTS = 20
PLACES = 5


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
@pytest.mark.usefixtures("transactional_db")
def test_twenty_residents_at_once_never_exceed_five_places():
    event = EventPageFactory(capacity=PLACES, companions_allowed=0)
    residents = [ResidentFactory() for _ in range(RESIDENTS)]
    barrier = threading.Barrier(RESIDENTS)
    errors = []

    def register(resident):
        try:
            barrier.wait(timeout=30)
            services.register(resident, event)
            services.register(resident, event)  # and a double click
        except Exception as error:
            errors.append(error)
        finally:
            connection.close()

    with ThreadPoolExecutor(max_workers=RESIDENTS) as pool:
        list(pool.map(register, residents))
    assert errors == []
    statuses = list(Registration.objects.values_list("status", flat=True))
    assert len(statuses) == RESIDENTS
    assert statuses.count(RegistrationStatus.REGISTERED) == PLACES
    assert statuses.count(RegistrationStatus.WAITING) == RESIDENTS - PLACES
