"""Django's PostgreSQL backend, with a health check that costs no round trip while the
connection is quiet.

With ``CONN_HEALTH_CHECKS`` (sharik/settings.py), Django checks a persistent connection before a
request first uses it by running ``SELECT 1``: a round trip to PostgreSQL on every request that
touches the database, as costly as the bare reference's whole insert (bench/README.md). An idle
connection has nothing to read unless the server wrote to it, and a server that ends a connection
does (its FATAL message, then the close), so a socket with nothing to read between transactions
is one PostgreSQL still holds open: that is checked with a ``select`` of no timeout, a system call
and no round trip. When something did arrive, or the connection is not idle, Django's
``SELECT 1`` decides, as before. A connection to a server that vanished without a word passes
either check and fails at its first query, as it did with ``SELECT 1`` until TCP gave up.
"""

import select

from django.db.backends.postgresql import base
from psycopg.pq import TransactionStatus


class DatabaseWrapper(base.DatabaseWrapper):
    def close_if_health_check_failed(self):
        if (
            self.connection is not None
            and self.health_check_enabled
            and not self.health_check_done
            and not self.pool
            and quiet(self.connection)
        ):
            self.health_check_done = True
            return
        super().close_if_health_check_failed()


def quiet(connection):
    """Whether psycopg's ``connection`` is open, idle outside a transaction, and nothing from the
    server waits on its socket."""
    if connection.closed or connection.broken:
        return False
    if connection.info.transaction_status != TransactionStatus.IDLE:
        return False
    try:
        readable, _writable, _failed = select.select([connection.fileno()], [], [], 0)
    except (OSError, ValueError):
        return False
    return not readable
