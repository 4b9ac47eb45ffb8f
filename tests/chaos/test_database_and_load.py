"""The database restarting under a run, and the platform used while a long job holds its transaction."""

from __future__ import annotations

import concurrent.futures
import time

import pytest
import requests

from dcim.models import Manufacturer
from extras.choices import JobResultStatusChoices as Status
from extras.models import JobResult
from tests.chaos.support import restart_database
from tests.factories.users import SuperuserFactory, token_for
from tests.runs import messages, submit, wait_for, wait_running, wait_terminal
from tests.web_server import web_server

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.celery, pytest.mark.chaos]


def test_a_database_restart_during_a_run_ends_it_errored_naming_the_cause(
    celery_worker, fixture_jobs, chaos_report
):
    result = submit(
        fixture_jobs["WriteAndWaitJob"], {"manufacturer_name": "Lost In A Restart", "seconds": 6}, commit=True
    )
    wait_for(lambda: "Created manufacturer; waiting" in messages(result), 30, message="the job's first write")

    restart_database()
    restarted = time.monotonic()

    ended = wait_terminal(result, timeout=60)
    chaos_report["database restart -> run errored"] = time.monotonic() - restarted
    assert ended.status == Status.STATUS_ERRORED, messages(ended)
    assert any("OperationalError" in line or "InterfaceError" in line for line in messages(ended)), messages(
        ended
    )
    assert not Manufacturer.objects.filter(name="Lost In A Restart").exists()  # its transaction died with it
    after = submit(
        fixture_jobs["CreateManufacturerJob"], {"manufacturer_name": "After The Restart"}, commit=True
    )
    assert wait_terminal(after, timeout=60).status == Status.STATUS_COMPLETED  # the worker reconnected


def test_requests_made_while_a_job_holds_its_transaction_are_answered(celery_worker, fixture_jobs, tmp_path):
    """Defect 1: on the old embedded default (SQLite) every write waited for the job, then failed with a 500."""
    job = fixture_jobs["WriteAndWaitJob"]
    long_run = submit(job, {"manufacturer_name": "Holds The Transaction", "seconds": 15}, commit=True)
    wait_running(long_run)
    wait_for(
        lambda: "Created manufacturer; waiting" in messages(long_run), 30, message="the long job's write"
    )
    quick = fixture_jobs["CreateManufacturerJob"]
    token = token_for(SuperuserFactory())

    with web_server(tmp_path) as base_url:
        session = requests.Session()
        session.headers.update(Authorization=f"Token {token}", Accept="application/json; version=1.3")

        def run(index: int) -> requests.Response:
            data = {"manufacturer_name": f"Concurrent {index}", "model_name": f"Model {index}"}
            body = {"data": data, "commit": True}
            return session.post(f"{base_url}/api/extras/jobs/{quick.pk}/run/", json=body, timeout=30)

        def edit(index: int) -> requests.Response:
            body = {"name": f"Edited {index}", "slug": f"edited-{index}"}
            return session.post(f"{base_url}/api/dcim/manufacturers/", json=body, timeout=30)

        with concurrent.futures.ThreadPoolExecutor(max_workers=4) as pool:
            answers = list(pool.map(run, range(5))) + list(pool.map(edit, range(3)))

    assert [answer.status_code for answer in answers] == [201] * 8, [answer.text[:200] for answer in answers]
    # All of it was answered while the long job still held its transaction.
    assert JobResult.objects.get(pk=long_run.pk).status == Status.STATUS_RUNNING
    runs = [JobResult.objects.get(pk=answer.json()["job_result"]["id"]) for answer in answers[:5]]
    assert [wait_terminal(run, timeout=60).status for run in runs] == [Status.STATUS_COMPLETED] * 5
    assert wait_terminal(long_run, timeout=60).status == Status.STATUS_COMPLETED
    assert Manufacturer.objects.filter(name__startswith="Concurrent ").count() == 5
    assert Manufacturer.objects.filter(name__startswith="Edited ").count() == 3
