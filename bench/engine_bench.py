"""Engine benchmark: submit → completed through a real Celery worker, measured from the ORM side.

Usage: `make bench` (embedded PostgreSQL + filesystem broker in a throw-away DATA_DIR), or with DATABASE_URL and
CELERY_BROKER_URL set for PostgreSQL + Redis. Prints one JSON document (and writes it to --out).
Not part of the test suite: tests never assert on wall-clock time.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    index = min(len(ordered) - 1, max(0, round(fraction * (len(ordered) - 1))))
    return ordered[index]


def setup_django(data_dir: str) -> None:
    os.environ.setdefault("DATA_DIR", data_dir)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "jobsplatform.settings")
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    start_embedded_database()
    from django.core.management import call_command

    call_command("migrate", verbosity=0, interactive=False)
    call_command("syncjobs", "--enable-new", verbosity=0)


def start_embedded_database() -> None:
    """Without DATABASE_URL: the embedded PostgreSQL of the benchmark's DATA_DIR, stopped when it exits."""
    import atexit

    from django.conf import settings

    server = settings.EMBEDDED_DATABASE
    if server is not None and server.start():
        atexit.register(server.stop)


def start_worker(concurrency: int) -> subprocess.Popen:
    command = [
        sys.executable,
        "-m",
        "celery",
        "-A",
        "jobsplatform",
        "worker",
        "-l",
        "warning",
        f"--concurrency={concurrency}",
        "-Q",
        "default",
        "--without-gossip",
        "--without-mingle",
    ]
    return subprocess.Popen(command, cwd=ROOT, env=os.environ.copy(), start_new_session=True)


def stop_worker(worker: subprocess.Popen) -> None:
    """SIGTERM to the main process only (a group-wide signal kills the pool children under it and
    leaves billiard waiting for them forever); SIGKILL the group if it does not stop."""
    worker.send_signal(signal.SIGTERM)
    try:
        worker.wait(timeout=30)
    except subprocess.TimeoutExpired:
        os.killpg(worker.pid, signal.SIGKILL)
        worker.wait()


def wait_for_worker(timeout: float = 60) -> None:
    from extras.liveness.reaper import workers_on_queue

    deadline = time.monotonic() + timeout
    while not workers_on_queue("default"):
        if time.monotonic() > deadline:
            raise SystemExit("worker did not start")
        time.sleep(0.1)


def submit(job, data=None, commit=False):
    from django.db import transaction

    from extras.engine.services import RunRequest, submit_job

    with transaction.atomic():
        return submit_job(RunRequest(job=job, data=data or {}, commit=commit, source="cli")).job_result


def wait_done(result, poll: float = 0.002, timeout: float = 600):
    from extras.choices import JobResultStatusChoices as Status
    from extras.models import JobResult

    deadline = time.monotonic() + timeout
    while True:
        row = JobResult.objects.filter(pk=result.pk, status__in=Status.TERMINAL).first()
        if row is not None:
            return row
        if time.monotonic() > deadline:
            raise SystemExit(f"{result.pk} did not finish")
        time.sleep(poll)


def measure_latency(job, runs: int) -> dict:
    timings = []
    for _ in range(runs + 3):
        started = time.perf_counter()
        wait_done(submit(job))
        timings.append((time.perf_counter() - started) * 1000)
    timings = timings[3:]
    return {
        "runs": runs,
        "p50_ms": round(statistics.median(timings), 2),
        "p95_ms": round(percentile(timings, 0.95), 2),
        "max_ms": round(max(timings), 2),
    }


def measure_throughput(job, count: int) -> dict:
    started = time.perf_counter()
    results = [submit(job) for _ in range(count)]
    submitted = time.perf_counter() - started
    for result in results:
        wait_done(result, poll=0.01)
    elapsed = time.perf_counter() - started
    return {
        "jobs": count,
        "seconds": round(elapsed, 3),
        "jobs_per_second": round(count / elapsed, 1),
        "submit_seconds": round(submitted, 3),
    }


def measure_logging(job, lines: int) -> dict:
    from extras.models import JobLogEntry

    started = time.perf_counter()
    result = wait_done(submit(job, {"n": lines}), poll=0.01)
    wall = time.perf_counter() - started
    read_started = time.perf_counter()
    rows = list(
        JobLogEntry.objects.filter(job_result_id=result.pk)
        .order_by("sequence")
        .values("created", "log_level", "grouping", "message", "log_object", "absolute_url")
    )
    read = time.perf_counter() - read_started
    return {
        "lines": lines,
        "rows_read": len(rows),
        "job_seconds": round(result.duration.total_seconds(), 3),
        "wall_seconds": round(wall, 3),
        "read_all_lines_seconds": round(read, 4),
    }


def measure_create(job, count: int, commit: bool) -> dict:
    from dcim.models import Manufacturer

    before = Manufacturer.objects.count()
    started = time.perf_counter()
    result = wait_done(submit(job, {"n": count}, commit=commit), poll=0.01)
    return {
        "objects": count,
        "commit": commit,
        "status": result.status,
        "job_seconds": round(result.duration.total_seconds(), 3),
        "wall_seconds": round(time.perf_counter() - started, 3),
        "objects_added": Manufacturer.objects.count() - before,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--out", default=str(ROOT / "var" / "bench" / "engine.json"))
    parser.add_argument("--latency-runs", type=int, default=50)
    parser.add_argument("--throughput-jobs", type=int, default=200)
    parser.add_argument("--log-lines", type=int, default=5000)
    parser.add_argument("--create-objects", type=int, default=500)
    parser.add_argument("--concurrency", type=int, default=2)
    args = parser.parse_args()

    data_dir = os.environ.get("DATA_DIR") or tempfile.mkdtemp(prefix="jobsplatform-bench-")
    setup_django(data_dir)
    from django.conf import settings

    from extras.models import Job

    worker = start_worker(args.concurrency)
    try:
        wait_for_worker()
        jobs = {
            job.job_class_name: job
            for job in Job.objects.filter(source_name="local", module_name="benchmarks")
        }
        report = {
            "setup": {
                "database": settings.DATABASES["default"]["ENGINE"].rsplit(".", 1)[-1],
                "broker": settings.CELERY_BROKER_URL.split("://")[0],
                "worker_concurrency": args.concurrency,
                "python": platform.python_version(),
                "cpus": os.cpu_count(),
            },
            "noop_latency": measure_latency(jobs["NoOp"], args.latency_runs),
            "noop_throughput": measure_throughput(jobs["NoOp"], args.throughput_jobs),
            "log_many": measure_logging(jobs["LogMany"], args.log_lines),
            "create_commit_false": measure_create(jobs["CreateObjects"], args.create_objects, commit=False),
            "create_commit_true": measure_create(jobs["CreateObjects"], args.create_objects, commit=True),
        }
    finally:
        stop_worker(worker)
    text = json.dumps(report, indent=2)
    Path(args.out).parent.mkdir(parents=True, exist_ok=True)
    Path(args.out).write_text(text + "\n")
    print(text)


if __name__ == "__main__":
    main()
