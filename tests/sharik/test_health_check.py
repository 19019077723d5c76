"""The database connection's health check between requests (sharik/postgresql/base.py): no round
trip while the connection is quiet, Django's ``SELECT 1`` once the server has written, and a
connection the server ended replaced before the request uses it."""

import pytest
from django.db import connection, connections
from django.db.backends.postgresql.base import DatabaseWrapper as DjangoWrapper

from sharik.postgresql.base import quiet

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def fresh_request():
    """The state Django leaves a persistent connection in between two requests."""

    def start():
        connection.close_if_unusable_or_obsolete()
        assert connection.health_check_done is False

    connection.ensure_connection()
    saved = connection.health_check_enabled
    connection.health_check_enabled = True
    yield start
    connection.health_check_enabled = saved


def test_a_quiet_connection_is_kept_without_a_round_trip(fresh_request, monkeypatch):
    fresh_request()
    same = connection.connection
    monkeypatch.setattr(DjangoWrapper, "is_usable", lambda self: pytest.fail("SELECT 1 sent"))
    with connection.cursor() as cursor:
        cursor.execute("SELECT 2")
        assert cursor.fetchone() == (2,)
    assert connection.connection is same
    assert connection.health_check_done is True


def test_a_connection_the_server_ended_is_replaced_before_use(fresh_request):
    fresh_request()
    ended = connection.connection
    backend_pid = ended.info.backend_pid
    other = connections.create_connection("default")
    try:
        with other.cursor() as cursor:
            cursor.execute("SELECT pg_terminate_backend(%s)", [backend_pid])
            assert cursor.fetchone() == (True,)
    finally:
        other.close()
    # The server's FATAL message and its close are on the socket; nothing read them yet.
    _wait_until(lambda: not quiet(ended))
    with connection.cursor() as cursor:  # the request's first query: no error reaches it
        cursor.execute("SELECT pg_backend_pid()")
        assert cursor.fetchone()[0] != backend_pid
    assert connection.connection is not ended


def test_inside_a_transaction_django_checks_as_before(fresh_request, monkeypatch):
    fresh_request()
    checked = []
    monkeypatch.setattr(DjangoWrapper, "is_usable", lambda self: checked.append(1) or True)
    connection.connection.execute("BEGIN")  # left open by someone: not idle
    try:
        connection.close_if_health_check_failed()
    finally:
        connection.connection.execute("ROLLBACK")
    assert checked == [1]


def _wait_until(condition, seconds=5.0):
    import time

    deadline = time.monotonic() + seconds
    while not condition():
        assert time.monotonic() < deadline, "the server's close never reached the socket"
        time.sleep(0.01)
