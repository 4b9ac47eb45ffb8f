"""GET /api/status/: versions, and live workers per queue read from heartbeats."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from extras.models import WorkerHeartbeat

pytestmark = pytest.mark.django_db


def test_status_reports_live_workers_per_queue(superuser, token_client):
    now = timezone.now()
    WorkerHeartbeat.objects.create(hostname="a@h", queues=["default", "bulk"], beat=now)
    WorkerHeartbeat.objects.create(hostname="b@h", queues=["default"], beat=now)
    WorkerHeartbeat.objects.create(hostname="gone@h", queues=["default"], beat=now - timedelta(minutes=5))
    response = token_client(superuser).get("/api/status/")
    body = response.json()
    assert body["celery-workers-running"] == 2
    assert body["celery-workers-per-queue"] == {"bulk": 1, "default": 2}
    assert response["API-Version"] == "1.2"


def test_status_needs_authentication(api_client):
    assert api_client.get("/api/status/").status_code == 403
