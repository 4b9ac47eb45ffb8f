"""Waiting on runs in tests that use a real worker: submit, wait for a status, read the log lines."""

from __future__ import annotations

import time

from django.db import transaction

from extras.choices import JobResultStatusChoices as Status
from extras.engine.services import RunRequest, submit_job
from extras.models import JobLogEntry, JobResult, RunHeartbeat


def wait_for(predicate, timeout: float, interval: float = 0.05, message: str = "condition"):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(interval)
    raise AssertionError(f"Timed out after {timeout} s waiting for {message}")


def submit(job, data=None, commit=False, user=None) -> JobResult:
    with transaction.atomic():
        return submit_job(
            RunRequest(job=job, user=user, data=data or {}, commit=commit, source="cli")
        ).job_result


def status_of(result: JobResult) -> str:
    return JobResult.objects.filter(pk=result.pk).values_list("status", flat=True).first()


def wait_running(result: JobResult, timeout: float = 30) -> None:
    wait_for(lambda: status_of(result) == Status.STATUS_RUNNING, timeout, message=f"{result.pk} running")


def wait_terminal(result: JobResult | str, timeout: float = 60) -> JobResult:
    """The run (a JobResult or its id) read again once it has ended; fails showing its state and log."""
    pk = getattr(result, "pk", result)

    def ended():
        return JobResult.objects.filter(pk=pk, status__in=Status.TERMINAL).first()

    try:
        return wait_for(ended, timeout, interval=0.1, message=f"result {pk} to end")
    except AssertionError as error:
        current = JobResult.objects.filter(pk=pk).values("status", "worker", "started").first()
        raise AssertionError(f"{error}; it is {current}; its log: {messages(pk)}") from None


def poll_terminal(client, url: str, timeout: float = 60) -> dict:
    """GET `url` (a result in the API) until its status is terminal; returns that body."""
    seen: dict = {}

    def ended():
        seen["body"] = client.get(url).json()
        return seen["body"] if seen["body"]["status"]["value"] in Status.TERMINAL else None

    try:
        return wait_for(ended, timeout, interval=0.1, message=f"{url} to end")
    except AssertionError as error:
        raise AssertionError(f"{error}; last seen {seen.get('body', {}).get('status')}") from None


def messages(result: JobResult | str) -> list[str]:
    return list(
        JobLogEntry.objects.filter(job_result_id=getattr(result, "pk", result))
        .order_by("sequence")
        .values_list("message", flat=True)
    )


def pool_process_of(result: JobResult) -> int:
    """The pid of the pool process running `result` (its heartbeat names `host:pid`)."""
    heartbeat = wait_for(
        lambda: RunHeartbeat.objects.filter(job_result_id=result.pk, worker__contains=":").first(),
        30,
        message="the run's heartbeat",
    )
    return int(heartbeat.worker.rsplit(":", 1)[1])


def route(job, queue: str, **fields):
    """Send `job`'s runs to `queue` (a worker of the test's own) only, with other record fields if given."""
    from extras.queues.assignment import ensure_queues, set_job_queues

    job_queue = ensure_queues([queue])[0]
    type(job).objects.filter(pk=job.pk).update(
        default_job_queue=job_queue, default_job_queue_override=True, job_queues_override=True, **fields
    )
    job.refresh_from_db()
    set_job_queues(job, [job_queue])
    return job


def wait_worker_monitor_passes(hostname: str, passes: int = 2, timeout: float = 30) -> None:
    """Wait until the monitor of the worker `hostname` has written `passes` more heartbeats. Each of its
    passes writes the heartbeat and then runs the reaper, so after two, a whole reaper pass of that worker
    ran after this call began: a wrong verdict of the reaper on a run would have landed by then."""
    from extras.models import WorkerHeartbeat

    def latest():
        return WorkerHeartbeat.objects.filter(hostname=hostname).values_list("beat", flat=True).first()

    seen = [latest()]

    def advanced() -> bool:
        beat = latest()
        if beat is not None and beat != seen[-1]:
            seen.append(beat)
        return len(seen) > passes

    wait_for(advanced, timeout, interval=0.2, message=f"{passes} monitor passes of {hostname}")
