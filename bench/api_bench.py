"""API benchmark: the shared Nautobot-dialect client against this app, started as it runs in production.

Starts gunicorn and a Celery worker with the same commands as `manage.py serve` (docker-compose.yml),
in a throw-away DATA_DIR (embedded PostgreSQL + filesystem broker) or on DATABASE_URL / CELERY_BROKER_URL when set,
then runs ../shared/bench/jobs_bench.py (or $BENCH_CLIENT) with the `nautobot1` adapter: POST run →
poll the result until final, throughput, 5,000 log lines, 500 objects, list endpoints, memory.
Usage: `make bench-api`. Writes var/bench/api.json (and the client's .txt summary beside it).
"""

from __future__ import annotations

import argparse
import json
import os
import secrets
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import requests

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from bench.engine_bench import start_embedded_database, stop_worker

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_CLIENT = ROOT.parent / "shared" / "bench" / "jobs_bench.py"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def prepare(data_dir: str) -> tuple[str, str]:
    """Migrate, register the jobs and create an admin with a token; return (password, token)."""
    os.environ["DATA_DIR"] = data_dir
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "jobsplatform.settings")
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    start_embedded_database()
    from django.contrib.auth import get_user_model
    from django.core.management import call_command

    from users.models import Token

    call_command("migrate", verbosity=0, interactive=False)
    call_command("syncjobs", "--enable-new", verbosity=0)
    password = secrets.token_urlsafe(16)
    user, _ = get_user_model().objects.get_or_create(
        username="bench", defaults={"is_superuser": True, "is_staff": True}
    )
    user.set_password(password)
    user.save()
    return password, Token.create_for(user)[1]


def start(command: list[str], pidfile: Path, log: Path) -> subprocess.Popen:
    process = subprocess.Popen(
        [sys.executable, "-m", *command],
        cwd=ROOT,
        env=os.environ.copy(),
        stdout=log.open("w"),
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    pidfile.write_text(f"{process.pid}\n")
    return process


def wait_ready(base_url: str, token: str, timeout: float = 90) -> None:
    """The web server answers and a worker has announced itself on the default queue."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            status = requests.get(
                f"{base_url}/api/status/", headers={"Authorization": f"Token {token}"}, timeout=2
            ).json()
            if status.get("celery-workers-per-queue", {}).get("default"):
                return
        except (requests.RequestException, ValueError):
            pass
        time.sleep(0.2)
    raise SystemExit(f"{base_url} or its worker did not become ready within {timeout} s")


def measure_run_and_wait(base_url: str, token: str, runs: int = 30) -> dict:
    """`POST …/run/?wait=10` for the no-op job, sequentially: the answer carries the final result (no polling)."""
    import statistics

    session = requests.Session()
    session.headers.update({"Authorization": f"Token {token}", "Accept": "application/json; version=1.3"})
    jobs = session.get(f"{base_url}/api/extras/jobs/", params={"job_class_name": "NoOp", "limit": 0}).json()
    job_id = next(job["id"] for job in jobs["results"] if job["job_class_name"] == "NoOp")
    url = f"{base_url}/api/extras/jobs/{job_id}/run/?wait=10"
    body = json.dumps({"data": {}, "commit": True})
    latencies, statuses = [], []
    for _ in range(runs + 3):
        started = time.perf_counter()
        answer = session.post(url, data=body, headers={"Content-Type": "application/json"}, timeout=30)
        latencies.append((time.perf_counter() - started) * 1000)
        statuses.append(answer.json()["job_result"]["status"]["value"])
    latencies, statuses = latencies[3:], statuses[3:]  # the first ones warm the connection and the listener
    ordered = sorted(latencies)
    return {
        "runs": runs,
        "final_in_answer": sum(status == "completed" for status in statuses),
        "p50_ms": round(statistics.median(latencies), 2),
        "p95_ms": round(ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))], 2),
        "min_ms": round(ordered[0], 2),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--out", default=str(ROOT / "var" / "bench" / "api.json"))
    parser.add_argument("--client", default=os.environ.get("BENCH_CLIENT", str(DEFAULT_CLIENT)))
    parser.add_argument("--sections", default="a,b,c,d,f,e,rss")
    parser.add_argument("--rounds", type=int, default=1)
    args = parser.parse_args()
    if not Path(args.client).exists():
        raise SystemExit(f"Benchmark client not found at {args.client}; set BENCH_CLIENT to its path.")

    data_dir = os.environ.get("DATA_DIR") or tempfile.mkdtemp(prefix="jobsplatform-bench-api-")
    password, token = prepare(data_dir)
    run_dir = Path(data_dir) / "bench"
    run_dir.mkdir(parents=True, exist_ok=True)
    port = free_port()
    base_url = f"http://127.0.0.1:{port}"
    web = ["gunicorn", "jobsplatform.wsgi:application", "--bind", f"127.0.0.1:{port}"]
    web += ["--workers", "2", "--threads", "2"]
    worker = [
        "celery",
        "-A",
        "jobsplatform",
        "worker",
        "-l",
        "warning",
        "--concurrency",
        "2",
        "-Q",
        "default",
    ]
    worker += ["--without-gossip", "--without-mingle"]
    processes = [
        start(web, run_dir / "web.pid", run_dir / "web.log"),
        start(worker, run_dir / "worker.pid", run_dir / "worker.log"),
    ]
    try:
        wait_ready(base_url, token)
        Path(args.out).parent.mkdir(parents=True, exist_ok=True)
        command = [sys.executable, args.client, "--base-url", base_url, "--token", token]
        command += ["--adapter", "nautobot1", "--out", args.out, "--sections", args.sections]
        command += ["--rounds", str(args.rounds), "--label", "jobsplatform"]
        command += ["--noop-job", "local/benchmarks/NoOp", "--logmany-job", "local/benchmarks/LogMany"]
        command += ["--create-job", "local/benchmarks/CreateObjects", "--fails-job", "local/benchmarks/Fails"]
        command += ["--ui-username", "bench", "--ui-password", password]
        command += [
            "--web-pidfile",
            str(run_dir / "web.pid"),
            "--worker-pidfile",
            str(run_dir / "worker.pid"),
        ]
        completed = subprocess.run(command, cwd=ROOT)
        waited = measure_run_and_wait(base_url, token)
        print(f"run-and-wait (?wait=10) NoOp: {waited}")
        Path(args.out).with_suffix(".wait.json").write_text(json.dumps(waited, indent=2) + "\n")
    finally:
        for process in processes:
            stop_worker(process)
    raise SystemExit(completed.returncode)


if __name__ == "__main__":
    main()
