"""A run's object inputs are found only among the objects the requesting user may view (issue 20: the
generated permission test's probe): a constrained user cannot run a job on a device they may not see, nor
learn of one through the answer. Job hooks and buttons (whose input is the object the user acted on),
schedules' occurrences and the worker re-reading stored input are not narrowed."""

from __future__ import annotations

import pytest
from django.urls import reverse

from dcim.models import Device
from extras.models import Job, JobResult
from tests.api_base import assert_status, client_for
from tests.api_errors import assert_error_shape
from tests.factories.dcim import DeviceFactory
from tests.factories.users import SuperuserFactory, UserFactory, grant

pytestmark = pytest.mark.django_db


@pytest.fixture
def devices(db):
    return DeviceFactory(name="seen-1"), DeviceFactory(name="secret-1")


@pytest.fixture
def constrained(devices):
    user = UserFactory()
    grant(user, Device, ["view"], {"pk": str(devices[0].pk)})
    grant(user, Job, ["view", "run"])
    grant(user, JobResult, ["view"])
    return user


def run(user, job: Job, data: dict):
    return client_for(user).post(
        reverse("extras-api:job-run", kwargs={"pk": job.pk}), {"data": data, "commit": False}, format="json"
    )


def test_an_object_the_user_may_not_view_is_refused_as_if_it_did_not_exist(
    fixture_jobs, worker_heartbeat, devices, constrained
):
    seen, hidden = devices
    job = fixture_jobs["TouchDeviceJob"]
    body = assert_error_shape(run(constrained, job, {"device": str(hidden.pk)}), 400, ["device"])
    assert body["errors"]["device"] == [f"Device with id {hidden.pk} does not exist."]
    body = assert_error_shape(run(constrained, job, {"device": {"name": "secret-1"}}), 400, ["device"])
    assert body["errors"]["device"] == ['No device matches {"name": "secret-1"}.']
    assert not JobResult.objects.exists()
    assert_status(run(constrained, job, {"device": str(seen.pk)}), 201)
    assert_status(run(SuperuserFactory(), job, {"device": str(hidden.pk)}), 201)


def test_a_selection_with_an_object_the_user_may_not_view_is_refused(
    fixture_jobs, worker_heartbeat, devices, constrained
):
    seen, hidden = devices
    job = fixture_jobs["CheckDevicesJob"]
    body = assert_error_shape(
        run(constrained, job, {"devices": [str(seen.pk), str(hidden.pk)]}), 400, ["devices"]
    )
    assert str(hidden.pk) in body["errors"]["devices"][0] and str(seen.pk) not in body["errors"]["devices"][0]
    assert_status(run(constrained, job, {"devices": [str(seen.pk)]}), 201)


def test_the_run_form_refuses_an_object_the_user_may_not_view(
    client, fixture_jobs, worker_heartbeat, devices, constrained
):
    seen, hidden = devices
    job = fixture_jobs["TouchDeviceJob"]
    client.force_login(constrained)
    response = client.post(job.get_absolute_url(), {"device": str(hidden.pk)})
    assert response.status_code == 200 and "does not exist" in response.content.decode()
    assert not JobResult.objects.exists()
    assert client.post(job.get_absolute_url(), {"device": str(seen.pk)}).status_code == 302
