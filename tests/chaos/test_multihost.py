"""Beyond one machine: workers on hosts of their own, PostgreSQL and Redis on others, jobs from Git.

Five namespace hosts (tests/chaos/hosts.py) on one bridge: `db` (PostgreSQL and the Git server), `mq`
(Redis), `w1` to `w3` (a worker each); the web server and the test on the root host (tests/chaos/cluster.py).
The job comes from a Git repository that each worker host clones for itself. Then a worker host is cut off
the network in the middle of a run and healed, the broker is cut off for a few seconds, and a host dies.

Every run is accounted for from what it left behind (tests/chaos/git_jobs): one file per execution and, in
its transaction, one row. A run must end terminal; a completed run was executed exactly once and its row
is there; a run that did not complete left no row; no run was executed twice; and the hosts that are up
keep taking work. Recovery times and throughput are written to var/test/artifacts/multihost.json.
"""

from __future__ import annotations

import json
import os
import shutil
import time
import uuid
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from django.conf import settings

from extras.engine.runner import REVERTED_DUE_TO_ERROR
from tests.chaos.cluster import (
    Deployment,
    Platform,
    Records,
    bootstrap_token,
    finished,
    start_git_server,
    start_postgres,
    start_redis,
    wait_for_workers,
)
from tests.chaos.hosts import Network, cannot_make_hosts, pid_alive, remove_stale
from tests.runs import wait_for
from tests.web_server import stop

pytestmark = [pytest.mark.chaos]

REPORT = Path(settings.BASE_DIR) / "var" / "test" / "artifacts" / "multihost.json"
WORKER_HOSTS = ("w1", "w2", "w3")
TERMINAL = {"completed", "failed", "errored"}
THROUGHPUT_RUNS = 12


@dataclass
class Cluster:
    """The running deployment and everything the tests submitted to it."""

    deployment: Deployment
    platform: Platform
    records: Records
    job_id: str
    head: str
    markers: Path
    figures: dict = field(default_factory=dict)
    submitted: dict[str, str] = field(default_factory=dict)  # run id → the row's name (its tag)

    def submit(self, queue: str = "default", *, hold: Path | None = None, shared: str = "") -> str:
        """Ask for one run over the API (201); returns its id."""
        response = self.try_submit(queue, hold=hold, shared=shared)
        assert response.status_code == 201, response.text
        return response.json()["job_result"]["id"]

    def try_submit(self, queue: str = "default", *, hold: Path | None = None, shared: str = "", timeout=30):
        tag = f"mh-{uuid.uuid4().hex[:12]}"
        data = {"marker_dir": str(self.markers), "tag": tag, "hold": str(hold or ""), "shared": shared}
        response = self.platform.post(
            f"/api/extras/jobs/{self.job_id}/run/",
            {"data": data, "commit": True, "task_queue": queue},
            timeout=timeout,
        )
        if response.status_code == 201:
            self.submitted[response.json()["job_result"]["id"]] = tag
        return response

    def wait_terminal(self, ids: list[str], timeout: float = 90) -> dict[str, str]:
        if not ids:
            return {}

        def ended():
            statuses = self.records.statuses(ids)
            return all(statuses.get(pk) in TERMINAL for pk in ids) and statuses

        try:
            return wait_for(ended, timeout, interval=0.1, message=f"{len(ids)} run(s) to end")
        except AssertionError as error:
            raise AssertionError(f"{error}: {self.records.statuses(ids)}\n{self.logs_tail()}") from None

    def wait_completed(self, ids: list[str], timeout: float = 90) -> None:
        """Every run in `ids` ends completed; else fail showing how each other one ended and the workers' logs."""
        statuses = self.wait_terminal(ids, timeout)
        others = {pk: status for pk, status in statuses.items() if status != "completed"}
        if others:
            ended = "\n".join(f"{pk} {status}: {self.records.lines(pk)}" for pk, status in others.items())
            raise AssertionError(
                f"{len(others)} of {len(ids)} run(s) did not complete:\n{ended}\n{self.logs_tail()}"
            )

    def executions(self, run_id: str) -> list[str]:
        """The hosts that executed run `run_id`, one entry per execution."""
        return [path.name.split(".")[1] for path in self.markers.glob(f"{run_id}.*")]

    def throughput(self, name: str, queue: str = "default") -> float:
        """Runs per second of THROUGHPUT_RUNS runs submitted at once, until the last one ended."""
        started = time.monotonic()
        ids = [self.submit(queue) for _ in range(THROUGHPUT_RUNS)]
        self.wait_completed(ids)
        rate = THROUGHPUT_RUNS / (time.monotonic() - started)
        self.figures.setdefault("throughput (runs/s)", {})[name] = round(rate, 2)
        return rate

    def account_for_every_run(self) -> None:
        """Exactly once: a completed run executed once with its row; any other outcome left no row."""
        statuses = self.wait_terminal(list(self.submitted))
        rows = self.records.manufacturers(list(self.submitted.values()))
        problems = []
        for run_id, tag in self.submitted.items():
            executed, committed = self.executions(run_id), rows.get(tag, 0)
            if len(executed) > 1:
                problems.append(f"{run_id} was executed {len(executed)} times (on {executed})")
            if statuses[run_id] == "completed" and (len(executed), committed) != (1, 1):
                problems.append(f"{run_id} completed, executed on {executed}, rows: {committed}")
            if statuses[run_id] != "completed" and committed:
                problems.append(f"{run_id} {statuses[run_id]} but its changes were committed")
        assert not problems, problems

    def record(self, name: str, seconds: float) -> None:
        self.figures.setdefault("seconds", {})[name] = round(seconds, 2)

    def logs_tail(self) -> str:
        logs = [(worker.hostname, worker.log()[-2500:]) for worker in self.deployment.workers.values()]
        return "\n".join(f"--- {name}\n{text}" for name, text in logs)


def install_jobs(platform: Platform, records: Records, git_url: str) -> tuple[str, str]:
    """Add the Git repository (a worker syncs it), enable its job; returns the job's id and the commit."""
    response = platform.post(
        "/api/extras/git-repositories/",
        {"name": "Chaos jobs", "remote_url": git_url, "branch": "main", "provided_contents": ["extras.job"]},
    )
    assert response.status_code == 201, response.text
    repository = response.json()

    def synced():
        current = platform.get(f"/api/extras/git-repositories/{repository['id']}/")
        return current if (current["sync_status"] or {}).get("value") in TERMINAL else None

    current = wait_for(synced, 90, interval=0.2, message="the repository's first sync")
    sync_log = records.lines(current["last_sync_result"]["id"])
    assert current["sync_status"]["value"] == "completed", sync_log
    jobs = platform.get("/api/extras/jobs/", limit=1000)["results"]
    job = next(job for job in jobs if job["job_class_name"] == "RecordExecution")
    platform.patch(f"/api/extras/jobs/{job['id']}/", {"enabled": True})
    return job["id"], current["current_head"]


def deployment_folder() -> Path:
    """A folder for this session's deployment under the test DATA_DIR, kept afterwards for its logs.

    Not under pytest's temporary root: a concurrent pytest session resets that root to mode 0700, and
    PostgreSQL's account could then no longer reach its data. Folders of sessions that ended are removed.
    """
    root = Path(settings.DATA_DIR) / "multihost"
    root.mkdir(parents=True, exist_ok=True)
    for previous in root.iterdir():
        if not previous.name.isdigit() or not pid_alive(int(previous.name)):
            shutil.rmtree(previous, ignore_errors=True)
    folder = root / str(os.getpid())
    folder.mkdir()
    return folder


class StartUp:
    """Seconds each step of bringing the deployment up took (a figure of the report)."""

    def __init__(self):
        self.figures: dict[str, float] = {}
        self._last = time.monotonic()

    def done(self, step: str) -> None:
        now = time.monotonic()
        self.figures[step] = round(now - self._last, 2)
        self._last = now


@pytest.fixture(scope="module")
def deployed():
    """The deployment, started once for this module's tests and taken down after them."""
    why = cannot_make_hosts()
    if why:
        if os.environ.get("CI"):
            pytest.fail(f"Cannot make test hosts: {why}")
        pytest.skip(f"Cannot make test hosts: {why}")
    remove_stale()
    folder = deployment_folder()
    start_up = StartUp()
    network = Network()
    records = web = None
    try:
        db, mq = network.add_host("db"), network.add_host("mq")
        hosts = [network.add_host(name) for name in WORKER_HOSTS]
        start_up.done("hosts and links")
        deployment = Deployment(
            network=network,
            folder=folder,
            database_url=start_postgres(db, folder / "postgres", str(network.subnet)),
            broker_url=start_redis(mq, folder / "redis"),
        )
        git_url = start_git_server(db, folder / "git")
        start_up.done("PostgreSQL, Redis and the Git server")
        finished(deployment.manage("migrate", "--noinput"))
        start_up.done("migrate")
        for host in hosts:
            deployment.start_worker(host)
        bootstrap = deployment.manage("bootstrap")  # meanwhile: it only adds the admin and its token
        web, base_url = deployment.start_web()
        token = bootstrap_token(finished(bootstrap))
        records = Records(deployment.database_url)
        wait_for_workers(records, [worker.hostname for worker in deployment.workers.values()])
        start_up.done("web server, workers, admin token")
        platform = Platform(base_url, token)
        job_id, head = install_jobs(platform, records, git_url)
        start_up.done("repository synced, job enabled")
        markers = folder / "executions"
        markers.mkdir()
        cluster = Cluster(deployment, platform, records, job_id, head, markers)
        cluster.figures["start-up (s)"] = start_up.figures
        yield cluster
    finally:
        try:
            if records is not None:
                records.close()
            if web is not None:
                stop(web)
        finally:
            network.remove()


@pytest.fixture(scope="module")
def report(deployed):
    """The figures of this module's tests, written out when they are done."""
    yield deployed.figures
    REPORT.parent.mkdir(parents=True, exist_ok=True)
    figures = {"hosts": 5, "workers": len(WORKER_HOSTS), **deployed.figures}
    REPORT.write_text(json.dumps(figures, indent=2) + "\n")


@pytest.fixture
def cluster(deployed, report):
    """The deployment, with only the runs this test submits to account for."""
    deployed.submitted.clear()
    return deployed


def test_every_worker_host_runs_the_jobs_of_the_git_repository_at_its_recorded_commit(cluster):
    pinned = [cluster.submit(f"mh-{name}") for name in WORKER_HOSTS]

    cluster.wait_completed(pinned)
    assert [cluster.executions(run_id) for run_id in pinned] == [[name] for name in WORKER_HOSTS]
    commits = cluster.records.query(
        "SELECT DISTINCT source_commit FROM extras_jobresult WHERE id = ANY(%s::uuid[])", [pinned]
    )
    assert commits == [(cluster.head,)]
    for name in WORKER_HOSTS:  # each host fetched the repository into a clone of its own
        clone = cluster.deployment.folder / name / "data" / "git" / "chaos-jobs"
        assert (clone / ".git" / "HEAD").read_text().strip() == cluster.head
    cluster.throughput("3 worker hosts")
    cluster.account_for_every_run()


def test_a_worker_host_cut_off_mid_run_is_not_run_twice_and_keeps_working_once_healed(cluster, tmp_path):
    w1 = cluster.deployment.workers["w1"]
    release = tmp_path / "release"
    held = cluster.submit(w1.queue, hold=release)
    wait_for(lambda: holding(cluster, held), 60, message="the held run on w1")

    w1.host.cut()
    cut = time.monotonic()
    during = [cluster.submit() for _ in range(6)]  # the hosts that are up take them

    cluster.wait_completed(during)
    cluster.record("worker host cut off -> runs submitted meanwhile completed", time.monotonic() - cut)
    assert cluster.wait_terminal([held])[held] == "errored"
    cluster.record("worker host cut off -> its run ended errored", time.monotonic() - cut)
    assert cluster.records.lines(held)[-1].startswith("Worker lost:")

    w1.host.heal()
    release.touch()  # the cut-off run goes on: it must not commit what the platform said it rolled back
    healed = time.monotonic()
    wait_for_workers(cluster.records, [w1.hostname])
    cluster.record("worker host healed -> it announced itself again", time.monotonic() - healed)
    pinned = [cluster.submit(w1.queue) for _ in range(2)]
    cluster.wait_completed(pinned)
    cluster.record("worker host healed -> it completed runs again", time.monotonic() - healed)
    wait_for(  # its last line, written by w1 once its transaction is over
        lambda: (
            REVERTED_DUE_TO_ERROR in cluster.records.lines(held)
            or cluster.records.manufacturers([cluster.submitted[held]])
        ),
        90,
        message="the execution of the cut-off run on w1 to end",
    )
    assert cluster.records.statuses([held])[held] == "errored"
    cluster.throughput("after a worker host was cut off and healed")
    cluster.account_for_every_run()


def test_the_broker_cut_off_for_a_few_seconds_loses_no_run(cluster, tmp_path):
    mq, w1 = cluster.deployment.network.host("mq"), cluster.deployment.workers["w1"]
    release = tmp_path / "release"
    held = [cluster.submit(w1.queue, hold=release) for _ in range(2)]  # both of w1's slots
    wait_for(lambda: all(holding(cluster, run_id) for run_id in held), 60, message="w1 busy")
    queued = [cluster.submit(w1.queue) for _ in range(4)]  # waiting for w1: in its buffer, or in Redis

    mq.cut()
    cut = time.monotonic()
    answer = cluster.try_submit()  # accepted, or refused (503) once the broker does not answer
    cluster.record("broker cut off -> a run request answered", time.monotonic() - cut)
    release.touch()
    cluster.wait_completed(held)  # runs in progress do not need it
    wait_for(lambda: time.monotonic() - cut >= 6, 10, message="six seconds without the broker")
    mq.heal()
    healed = time.monotonic()

    assert answer.status_code in (201, 503), answer.text
    accepted = [answer.json()["job_result"]["id"]] if answer.status_code == 201 else []
    cluster.wait_completed(queued + accepted, timeout=120)
    cluster.record("broker healed -> the runs queued meanwhile completed", time.monotonic() - healed)
    cluster.figures["broker cut off: the run request was"] = "accepted" if accepted else "refused (503)"
    cluster.throughput("after the broker was cut off")
    cluster.account_for_every_run()


def holding(cluster: Cluster, run_id: str) -> bool:
    return any(line.startswith("Holding on") for line in cluster.records.lines(run_id))


def test_a_host_that_dies_mid_run_holds_up_neither_the_others_nor_its_rows(cluster, tmp_path):
    w3 = cluster.deployment.workers["w3"]
    shared = f"mh-shared-{uuid.uuid4().hex[:6]}"  # every run below updates it; the dying one holds its lock
    created = cluster.platform.post("/api/dcim/manufacturers/", {"name": shared, "slug": shared})
    assert created.status_code == 201, created.text
    doomed = cluster.submit(w3.queue, hold=tmp_path / "never", shared=shared)
    wait_for(lambda: holding(cluster, doomed), 60, message="the run on w3")

    w3.host.cut()  # a power cut: no process on it says goodbye to anyone
    w3.host.kill()
    died = time.monotonic()
    after = [cluster.submit(shared=shared) for _ in range(3)]

    cluster.wait_completed(after, timeout=120)
    cluster.record("worker host died -> runs waiting for its locks completed", time.monotonic() - died)
    assert cluster.wait_terminal([doomed])[doomed] == "errored"
    cluster.record("worker host died -> its run ended errored", time.monotonic() - died)
    assert cluster.records.lines(doomed)[-1].startswith("Worker lost:")
    cluster.throughput("2 worker hosts, after one died")
    cluster.account_for_every_run()
