"""JobRequest: the safe, JSON-transportable part of the request that started a job (extras/jobs/request.py)."""

from __future__ import annotations

import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import RequestFactory

from extras.jobs.request import JobRequest
from tests.factories.users import UserFactory


@pytest.mark.django_db
def test_a_request_keeps_only_whitelisted_meta_and_no_files_or_csrf_token():
    user = UserFactory()
    http_request = RequestFactory().post(
        "/extras/jobs/1/run/?tab=main",
        {
            "first": "a",
            "tags": ["x", "y"],
            "csrfmiddlewaretoken": "secret",
            "upload": SimpleUploadedFile("f", b"x"),
        },
        HTTP_USER_AGENT="pytest",
        HTTP_COOKIE="sessionid=secret",
        HTTP_AUTHORIZATION="Token secret",
    )
    http_request.user = user
    request = JobRequest.from_http_request(http_request)
    assert request.META["HTTP_USER_AGENT"] == "pytest" and request.META["REQUEST_METHOD"] == "POST"
    assert not {"HTTP_COOKIE", "HTTP_AUTHORIZATION", "wsgi.input"} & set(request.META)
    assert request.POST == {"first": "a", "tags": ["x", "y"]}
    assert request.GET == {"tab": "main"}
    assert (request.user, request.user_id, request.path, request.source) == (
        user,
        str(user.pk),
        "/extras/jobs/1/run/",
        "web",
    )


def test_a_request_for_a_sensitive_job_can_drop_post_data():
    http_request = RequestFactory().post("/api/extras/jobs/x/run/", {"password": "hunter2"})
    request = JobRequest.from_http_request(http_request, include_post=False)
    assert (request.POST, request.user, request.source) == ({}, None, "api")


@pytest.mark.django_db
def test_a_request_round_trips_through_json():
    user = UserFactory()
    request = JobRequest.for_cli(user)
    rebuilt = JobRequest.from_dict(json.loads(json.dumps(request.to_dict())))
    assert rebuilt == request
    assert rebuilt.user is None and rebuilt.load_user() == user
    assert request.META == {"SERVER_NAME": "jobsplatform_runjob"} and request.source == "cli"


def test_a_request_drops_meta_keys_that_are_not_whitelisted_even_when_given_directly():
    request = JobRequest(META={"REMOTE_ADDR": "192.0.2.1", "HTTP_COOKIE": "x", "SERVER_PORT": 80})
    assert request.META == {"REMOTE_ADDR": "192.0.2.1"}


def test_a_schedule_rebuilds_the_request_with_its_own_source():
    stored = JobRequest(user_id="abc", source="api").to_dict()
    assert JobRequest.from_dict(stored, source="schedule").source == "schedule"
    with pytest.raises(ValueError, match="source"):
        JobRequest(source="email")
