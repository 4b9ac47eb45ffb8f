"""Shared fixtures: users, API clients authenticated by token, and permission grants."""

from __future__ import annotations

import os

import pytest
from rest_framework.test import APIClient

from tests.factories.users import SuperuserFactory, UserFactory, grant, token_for

pytest_plugins = ["tests.fixtures_celery"]

# pytest-playwright runs an event loop in the test thread; live_server ORM calls need this (test-only).
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


@pytest.fixture
def user(db):
    return UserFactory()


@pytest.fixture
def superuser(db):
    return SuperuserFactory()


@pytest.fixture
def api_client():
    """An unauthenticated DRF client; see `token_client` for an authenticated one."""
    return APIClient()


@pytest.fixture
def token_client(db):
    """Return a function building an APIClient that sends `Authorization: Token <key>` for a user."""

    def build(user, **token_options) -> APIClient:
        client = APIClient()
        client.credentials(HTTP_AUTHORIZATION=f"Token {token_for(user, **token_options)}")
        return client

    return build


@pytest.fixture
def admin_client(client, superuser):
    """The Django test client logged in (session) as a superuser (pages)."""
    client.force_login(superuser)
    return client


@pytest.fixture
def admin_api(superuser, token_client):
    """An API client that authenticates as a superuser with a token (the API tests)."""
    return token_client(superuser)


@pytest.fixture
def user_client(client, user):
    """The Django test client logged in as the plain `user`."""
    client.force_login(user)
    return client


@pytest.fixture
def worker_heartbeat(db):
    """A worker that says it consumes the default queue (no process: submitted runs stay pending)."""
    from django.utils import timezone

    from extras.models import WorkerHeartbeat

    return WorkerHeartbeat.objects.create(hostname="test@host", queues=["default"], beat=timezone.now())


class RecordingDispatcher:
    """Stands in for the Celery adapter at the engine's dispatch port: records what would be published."""

    def __init__(self):
        self.runs: list = []
        self.syncs: list = []

    def send_run(self, result, *, data: dict, files: dict | None, time_limit: float) -> None:
        self.runs.append(result.pk)

    def send_sync(self, result) -> None:
        self.syncs.append(result.pk)


@pytest.fixture(scope="session")
def docs_site(tmp_path_factory):
    """The documentation site built from docs/ as `make docs` builds it (--strict), in a folder of its own."""
    from tests.docs_site import build_docs_site

    return build_docs_site(tmp_path_factory.mktemp("docs-site"))


@pytest.fixture
def served_docs_site(settings, docs_site):
    """That site, served by the app at /docs/."""
    settings.DOCS_SITE_DIR = docs_site
    return docs_site


@pytest.fixture
def recording_dispatcher():
    """The engine's dispatch port, recording instead of publishing; the Celery dispatcher is put back after."""
    from extras.engine import dispatch

    recorder = RecordingDispatcher()
    previous = dispatch.register(recorder)
    yield recorder
    dispatch.register(previous)


@pytest.fixture
def grant_permission():
    """Return `grant(user, model, actions, constraints=None)` (see tests.factories.users.grant)."""
    return grant


def pytest_collection_modifyitems(items):
    """Every database test may use both aliases: log lines live on `job_logs` (see extras/routers.py)."""
    for item in items:
        marker = item.get_closest_marker("django_db")
        if marker is not None and "databases" not in marker.kwargs:
            item.add_marker(
                pytest.mark.django_db(*marker.args, **marker.kwargs, databases="__all__"), append=False
            )


@pytest.fixture(scope="session")
def django_db_modify_db_settings(django_db_modify_db_settings_parallel_suffix):
    """Without DATABASE_URL the suite runs on its own embedded PostgreSQL (DATA_DIR/postgres, durability off).

    Started before pytest-django creates the test database, stopped after it is dropped, unless it
    was already running (then it is left as it was found).
    """
    from django.conf import settings

    from launcher.embedded_postgres import DURABILITY_OFF

    server = settings.EMBEDDED_DATABASE
    started = server is not None and server.start(extra_settings=DURABILITY_OFF)
    yield
    if started:
        server.stop()


@pytest.fixture(scope="session", autouse=True)
def _close_connections_before_dropping_test_databases(django_db_setup):
    """The `job_logs` alias keeps a second connection open; close it so PostgreSQL can drop the test DB."""
    yield
    from django.db import connections

    from extras.api.waiting import finished_runs

    finished_runs.stop()
    connections.close_all()
