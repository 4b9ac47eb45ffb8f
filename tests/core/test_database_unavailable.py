"""core/database_unavailable.py: only a database that cannot be reached counts, never a failed statement.
(The server really stopping is tested in tests/chaos/test_database_unavailable.py.)"""

from __future__ import annotations

import pytest
from django.db import IntegrityError, OperationalError, connection, transaction

from core.database_unavailable import database_unavailable


@pytest.mark.django_db
def test_a_statement_timeout_is_not_an_unavailable_database():
    with pytest.raises(OperationalError) as raised, transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SET LOCAL statement_timeout = 10")
        cursor.execute("SELECT pg_sleep(1)")

    assert raised.value.__cause__.sqlstate == "57014"
    assert not database_unavailable(raised.value)


@pytest.mark.django_db
def test_an_ended_session_is_an_unavailable_database():
    """What a restarting server does to its clients: it ends their sessions (57P01, admin shutdown)."""
    with pytest.raises(OperationalError) as raised, transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SELECT pg_terminate_backend(pg_backend_pid())")

    assert database_unavailable(raised.value)


def test_other_errors_are_not():
    assert not database_unavailable(IntegrityError("duplicate key"))
    assert not database_unavailable(ValueError("no"))
    assert not database_unavailable(None)
