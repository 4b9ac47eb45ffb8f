"""A broker that stops, or restarts without its data, and two workers that share one: nothing is lost.

These tests run a Redis server of their own (tests/chaos/conftest.py) and talk to the platform the
way a client does: a real web server and real workers on that broker, runs requested over HTTP.
"""

from __future__ import annotations

import contextlib
import signal
import time

import pytest
import requests
from django.utils import timezone

from dcim.models import Manufacturer
from extras.choices import JobResultStatusChoices as Status
from extras.models import JobResult, WorkerHeartbeat
from tests.factories.users import SuperuserFactory, token_for
from tests.runs import messages, route, wait_for, wait_running, wait_terminal
from tests.web_server import web_server

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.celery, pytest.mark.chaos]


class Client:
    """Runs jobs over the REST API of a web server, as a script would."""

    def __init__(self, base_url: str):
        self.base_url = base_url
        self.session = requests.Session()
        self.session.headers.update(
            Authorization=f"Token {token_for(SuperuserFactory())}", Accept="application/json; version=1.3"
        )

    def run(self, job, data: dict, commit: bool = False) -> requests.Response:
        return self.session.post(
            f"{self.base_url}/api/extras/jobs/{job.pk}/run/",
            json={"data": data, "commit": commit},
            timeout=30,
        )

    def run_ok(self, job, data: dict, commit: bool = False) -> JobResult:
        response = self.run(job, data, commit)
        assert response.status_code == 201, response.text
        return JobResult.objects.get(pk=response.json()["job_result"]["id"])


@pytest.fixture
def on_redis(redis, tmp_path, start_celery_worker):
    """Return `start(queue, **worker options)`: a worker on the test's Redis, and a client of a web server on it."""
    environment = {"CELERY_BROKER_URL": redis.url}
    with contextlib.ExitStack() as stack:
        clients: list[Client] = []

        def start(queue: str, env: dict[str, str] | None = None, **options):
            worker = start_celery_worker(queues=queue, extra_env={**environment, **(env or {})}, **options)
            if not clients:
                clients.append(Client(stack.enter_context(web_server(tmp_path, environment))))
            return worker, clients[0]

        yield start


def test_a_broker_that_is_down_at_submit_is_a_503_and_leaves_no_result(on_redis, redis, fixture_jobs):
    job = route(fixture_jobs["PassingJob"], "chaos-down")
    _, client = on_redis("chaos-down")
    redis.stop()

    asked = time.monotonic()
    response = client.run(job, {})

    assert response.status_code == 503, response.text
    assert time.monotonic() - asked < 10  # answered, not hung
    assert "task broker is unreachable" in response.json()["detail"]
    assert not JobResult.objects.filter(job_model=job).exists()


def test_a_broker_that_stops_answering_is_a_503_not_a_hung_request(
    on_redis, redis, fixture_jobs, chaos_report
):
    """Multi-host defect: a broker cut off the network (nothing closes the connection, nothing answers on it)
    kept run requests waiting forever for its reply. A stopped Redis process leaves its connections just so."""
    job = route(fixture_jobs["PassingJob"], "chaos-silent")
    _, client = on_redis("chaos-silent")
    redis.process.send_signal(signal.SIGSTOP)
    asked = time.monotonic()
    try:
        response = client.run(job, {})  # the client gives up after 30 s
    finally:
        redis.process.send_signal(signal.SIGCONT)
    chaos_report["broker stops answering -> run request refused (503)"] = time.monotonic() - asked

    assert response.status_code == 503, response.text
    assert "task broker is unreachable" in response.json()["detail"]
    assert not JobResult.objects.filter(job_model=job).exists()


def test_a_broker_stopped_during_a_run_neither_stops_the_run_nor_the_next_one(on_redis, redis, fixture_jobs):
    job = route(fixture_jobs["SlowJob"], "chaos-stop")
    _, client = on_redis("chaos-stop")
    during = client.run_ok(job, {"seconds": 4})
    wait_running(during)

    redis.stop()
    assert wait_terminal(during, timeout=60).status == Status.STATUS_COMPLETED
    redis.start()

    after = client.run_ok(job, {"seconds": 0})  # the worker reconnected by itself
    assert wait_terminal(after, timeout=90).status == Status.STATUS_COMPLETED


def test_a_worker_without_the_broker_vouches_for_no_room_until_it_reconnects(on_redis, redis, fixture_jobs):
    """Multi-host defect: a worker still reconnecting to a broker that came back (its tries spaced ever
    wider) kept reporting free room it could not use; the reaper then called the runs queued for it lost,
    handed them out again, and ended one errored though nothing was lost."""
    job = route(fixture_jobs["PassingJob"], "chaos-room")
    worker, client = on_redis("chaos-room", concurrency=1)
    wait_for(lambda: heartbeat_of(worker).idle_since is not None, 30, message="the worker's room")

    redis.stop()
    stopped = timezone.now()
    wait_for(
        lambda: heartbeat_of(worker).beat > stopped and heartbeat_of(worker).idle_since is None,
        30,
        message="a heartbeat without room after the broker stopped",
    )
    redis.start()
    wait_for(lambda: heartbeat_of(worker).idle_since is not None, 90, message="room again once reconnected")

    result = client.run_ok(job, {})
    assert wait_terminal(result, timeout=60).status == Status.STATUS_COMPLETED


def heartbeat_of(worker) -> WorkerHeartbeat:
    return WorkerHeartbeat.objects.get(hostname=worker.hostname)


def test_a_queued_run_survives_a_broker_restart_that_forgot_it(on_redis, redis, fixture_jobs, chaos_report):
    """Defect 2's other half: Redis restarted without persistence drops the queue; the run is sent again."""
    slow = route(fixture_jobs["SlowJob"], "chaos-forget")
    quick = route(fixture_jobs["CreateManufacturerJob"], "chaos-forget")
    worker, client = on_redis("chaos-forget", concurrency=1)
    busy = client.run_ok(slow, {"seconds": 3})
    wait_running(busy)
    queued = client.run_ok(quick, {"manufacturer_name": "Sent Twice, Made Once"}, commit=True)

    redis.restart()  # every queued message is gone
    restarted = time.monotonic()

    finished = wait_terminal(queued, timeout=90)
    chaos_report["broker restarted without data -> queued run completed"] = time.monotonic() - restarted
    assert finished.status == Status.STATUS_COMPLETED, [*messages(finished), worker.log()[-3000:]]
    assert Manufacturer.objects.filter(name="Sent Twice, Made Once").count() == 1
    assert wait_terminal(busy, timeout=60).status == Status.STATUS_COMPLETED


def test_two_workers_on_separate_machines_cover_for_each_other(
    on_redis, fixture_jobs, tmp_path, chaos_report
):
    """Two workers with their own data directories share the database and the broker; one is killed."""
    slow = route(fixture_jobs["SlowJob"], "chaos-pair")
    quick = route(fixture_jobs["CreateManufacturerJob"], "chaos-pair")
    first, client = on_redis("chaos-pair", concurrency=1, env={"DATA_DIR": str(tmp_path / "first")})
    busy = client.run_ok(slow, {"seconds": 120})
    wait_running(busy)
    survivor, _ = on_redis("chaos-pair", concurrency=1, env={"DATA_DIR": str(tmp_path / "second")})
    doomed = first  # the only worker when the long run was taken
    doomed.kill()
    killed = time.monotonic()
    later = client.run_ok(quick, {"manufacturer_name": "Made On The Survivor"}, commit=True)

    assert wait_terminal(later, timeout=60).status == Status.STATUS_COMPLETED
    ended = wait_terminal(busy, timeout=90)
    chaos_report["one of two workers SIGKILL -> its run errored (reaped by the other)"] = (
        time.monotonic() - killed
    )
    assert ended.status == Status.STATUS_ERRORED
    assert messages(ended)[-1].startswith("Worker lost:")
    assert Manufacturer.objects.filter(name="Made On The Survivor").count() == 1
    assert survivor.process.poll() is None
