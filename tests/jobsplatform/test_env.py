"""jobsplatform/env.py: DATABASE_URL forms, and the refusal of SQLite."""

from __future__ import annotations

import pytest

from jobsplatform.env import database_from_url


def test_a_tcp_url_gives_host_port_and_credentials():
    database = database_from_url("postgres://user:p%40ss@db.example:5433/jobs", conn_max_age=60)

    assert (database["HOST"], database["PORT"], database["USER"], database["PASSWORD"]) == (
        "db.example",
        "5433",
        "user",
        "p@ss",
    )
    assert (database["NAME"], database["CONN_MAX_AGE"]) == ("jobs", 60)


def test_a_unix_socket_folder_is_given_as_the_host_query():
    database = database_from_url("postgres://jobsplatform@/test_jobs?host=/srv/Var/postgres/run")

    assert (database["HOST"], database["NAME"], database["OPTIONS"]) == (
        "/srv/Var/postgres/run",
        "test_jobs",
        {},
    )


def test_sqlite_is_refused_with_the_reason():
    with pytest.raises(ValueError, match="SQLite is not supported: it allows one writer at a time"):
        database_from_url("sqlite:////tmp/jobs.sqlite3")
