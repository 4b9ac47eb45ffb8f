"""Schedule firing delay: scheduled time → run created → job started, through a real beat and worker.

Creates `--firings` one-off schedules due every `--spacing` seconds, runs `celery beat` (the project's
scheduler) and a worker, and reports p50/p95/max of the delays as JSON. Usage: `make bench-schedules`
(embedded PostgreSQL + filesystem broker in a throw-away DATA_DIR, or DATABASE_URL / CELERY_BROKER_URL when set).
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import signal
import subprocess
import sys
import tempfile
import time
from datetime import timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.engine_bench import percentile, setup_django, start_worker, stop_worker, wait_for_worker  # noqa: E402


def start_beat(log_dir: Path) -> subprocess.Popen:
    command = [sys.executable, "-m", "celery", "-A", "jobsplatform", "beat", "-l", "warning", "--pidfile="]
    command += ["-s", str(log_dir / "beat-schedule.db")]
    return subprocess.Popen(command, cwd=ROOT, env=os.environ.copy(), start_new_session=True)


def summary(values: list[float]) -> dict:
    return {
        "p50_ms": round(percentile(values, 0.5), 1),
        "p95_ms": round(percentile(values, 0.95), 1),
        "max_ms": round(max(values), 1),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--out", default=str(ROOT / "var" / "bench" / "schedules.json"))
    parser.add_argument("--firings", type=int, default=40)
    parser.add_argument("--spacing", type=float, default=0.37, help="seconds between two due times")
    args = parser.parse_args()

    data_dir = os.environ.get("DATA_DIR") or tempfile.mkdtemp(prefix="jobsplatform-bench-schedules-")
    setup_django(data_dir)
    from django.conf import settings
    from django.utils import timezone

    from extras.choices import JobResultStatusChoices as Status
    from extras.models import Job, JobResult
    from extras.schedules.scheduling import ScheduleRequest, create_schedule

    job = Job.objects.get(class_path="local/benchmarks/NoOp")
    worker = start_worker(2)
    beat = start_beat(Path(data_dir))
    try:
        wait_for_worker()
        time.sleep(3)  # beat's own start-up
        first = timezone.now() + timedelta(seconds=2)
        schedules = [
            create_schedule(
                job,
                ScheduleRequest(
                    interval="future",
                    name=f"bench {index}",
                    start_time=first + timedelta(seconds=args.spacing * index),
                ),
                user=None,
                data={},
                commit=False,
                task_queue="default",
            )
            for index in range(args.firings)
        ]
        deadline = time.monotonic() + 60 + args.firings * args.spacing
        while time.monotonic() < deadline:
            done = JobResult.objects.filter(schedule__in=schedules, status__in=Status.TERMINAL).count()
            if done == len(schedules):
                break
            time.sleep(0.2)
        results = list(JobResult.objects.filter(schedule__in=schedules).exclude(started=None))
    finally:
        beat.send_signal(signal.SIGTERM)
        beat.wait(timeout=30)
        stop_worker(worker)
    created = [(r.created - r.scheduled_for).total_seconds() * 1000 for r in results]
    started = [(r.started - r.scheduled_for).total_seconds() * 1000 for r in results]
    report = {
        "setup": {
            "database": settings.DATABASES["default"]["ENGINE"].rsplit(".", 1)[-1],
            "broker": settings.CELERY_BROKER_URL.split("://")[0],
            "python": platform.python_version(),
            "cpus": os.cpu_count(),
        },
        "firings": args.firings,
        "ran": len(results),
        "run_created_after_due": summary(created),
        "job_started_after_due": summary(started),
        "duplicates": len(results) - len({r.schedule_id for r in results}),
    }
    text = json.dumps(report, indent=2)
    Path(args.out).parent.mkdir(parents=True, exist_ok=True)
    Path(args.out).write_text(text + "\n")
    print(text)


if __name__ == "__main__":
    main()
