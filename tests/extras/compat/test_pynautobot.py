"""The real pynautobot 1.5 client on the Nautobot 1.x job file: the first run of a never-run job, read back
with full_details() on the first try, and inventory written with status slugs as Nautobot 1.x takes them."""

from __future__ import annotations

import time

import pynautobot
import pytest

from dcim.models import Device
from extras.choices import JobResultStatusChoices as Status
from tests.extras.compat.conftest import branch_input
from tests.factories.users import token_for
from tests.web_server import web_server

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.celery]

CLASS_PATH = "local/nautobot_branch/NewBranch"


@pytest.fixture
def nb(celery_worker, fixture_jobs, superuser, tmp_path):
    with web_server(tmp_path) as base_url:
        yield pynautobot.api(base_url, token=token_for(superuser))


def test_full_details_of_the_first_run_of_a_never_run_job_has_that_run(nb, inventory):
    jobs = {job.id: job for job in nb.extras.jobs.all()}
    job = jobs[CLASS_PATH]
    assert job.result is None  # never run

    answer = job.run(data=branch_input(inventory, "Pynautobot branch"), commit=True)
    assert answer.full_details() is True

    assert answer.id == CLASS_PATH
    assert answer.result is not None, "full_details() lost the run it had just started"
    assert answer.result.status.value in {*Status.ACTIVE, *Status.TERMINAL}
    deadline = time.monotonic() + 60
    while answer.result.status.value not in Status.TERMINAL and time.monotonic() < deadline:
        time.sleep(0.2)
        answer.full_details()
    assert answer.result.status.value == Status.STATUS_COMPLETED
    assert Device.objects.filter(site__slug="pynautobot-branch").count() == 2


def test_pynautobot_creates_a_site_and_a_device_with_status_slugs(nb, inventory):
    site = nb.dcim.sites.create(name="Created by pynautobot", slug="created-by-pynautobot", status="planned")
    device = nb.dcim.devices.create(
        name="pn-switch1",
        site=site.id,
        device_type=str(inventory.switch_model.pk),
        role=str(inventory.role.pk),
        status="active",
    )

    assert (site.status.slug, device.status.slug) == ("planned", "active")
    assert Device.objects.get(name="pn-switch1").status == "active"
    with pytest.raises(pynautobot.RequestError, match="is not a status of device objects"):
        nb.dcim.devices.create(
            name="pn-switch2",
            site=site.id,
            device_type=str(inventory.switch_model.pk),
            role=str(inventory.role.pk),
            status="retired",
        )
