"""Fixtures for the jobs API tests: API clients for a superuser and a live worker heartbeat."""

from __future__ import annotations

import pytest
from django.utils import timezone

from extras.models import WorkerHeartbeat


@pytest.fixture
def admin_client(superuser, token_client):
    return token_client(superuser)


@pytest.fixture
def worker_heartbeat(db):
    """A worker that says it consumes the default queue (no process: runs stay pending in these tests)."""
    return WorkerHeartbeat.objects.create(hostname="api-test@host", queues=["default"], beat=timezone.now())
