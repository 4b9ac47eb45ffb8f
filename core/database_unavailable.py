"""Recognising a database that cannot be reached (restarting, failing over), so that it is answered with a
503 and `Retry-After` instead of a 500: the client did nothing wrong and may simply try again.

Only connection failures count. An error of the statement itself (a timeout, a deadlock, a constraint)
stays what it is.
"""

from __future__ import annotations

from django.db import InterfaceError, OperationalError

RETRY_AFTER_SECONDS = 5  # a restart of the embedded PostgreSQL takes 1.5 to 4.5 s
DETAIL = "The database is unavailable (it may be restarting); try again in a few seconds."
# SQLSTATE classes and codes of a server that is away: connection exceptions (08...), shut down by an
# administrator or after a crash, and "the database system is starting up / shutting down".
_UNAVAILABLE_STATES = ("08", "57P01", "57P02", "57P03")


def database_unavailable(exc: BaseException | None) -> bool:
    """True when `exc` means the database could not be reached, rather than that a statement failed."""
    if isinstance(exc, InterfaceError):  # "connection already closed": the server went away under it
        return True
    if not isinstance(exc, OperationalError):
        return False
    sqlstate = getattr(exc.__cause__, "sqlstate", None)
    return sqlstate is None or sqlstate.startswith(_UNAVAILABLE_STATES)
