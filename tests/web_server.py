"""A real web server subprocess (gunicorn) for tests, sharing the test databases like the test worker.

Used where the test client is not enough: a server started with a different environment (a broker
that is down) or a real HTTP client on a real port (pynautobot). It serves the static files the app
would serve in production (whitenoise) and answers `/healthz/` once it is ready.
"""

from __future__ import annotations

import re
import socket
import subprocess
import sys
import time
from contextlib import contextmanager
from pathlib import Path

import requests
from django.conf import settings

from tests.celery_worker import worker_environment

READY_TIMEOUT = 60.0


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@contextmanager
def web_server(log_dir: Path, extra_env: dict[str, str] | None = None):
    """Yield the base URL of a gunicorn serving the app; stopped (SIGTERM, then SIGKILL) afterwards."""
    port = free_port()
    log_path = Path(log_dir) / f"gunicorn-{port}.log"
    command = [sys.executable, "-m", "gunicorn", "jobsplatform.wsgi:application"]
    command += ["--bind", f"127.0.0.1:{port}", "--workers", "1", "--threads", "4", "--timeout", "120"]
    with open(log_path, "w") as log_file:
        process = subprocess.Popen(
            command,
            cwd=str(settings.BASE_DIR),
            env=worker_environment(extra_env),
            stdin=subprocess.DEVNULL,
            stdout=log_file,
            stderr=subprocess.STDOUT,
        )
        base_url = f"http://127.0.0.1:{port}"
        try:
            wait_until_ready(base_url, process, log_path)
            yield base_url
        finally:
            stop(process)


def stop(process: subprocess.Popen, timeout: float = 15) -> None:
    """SIGTERM (gunicorn finishes its requests), then SIGKILL if it takes longer than `timeout`."""
    process.terminate()
    try:
        process.wait(timeout)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


def wait_until_ready(base_url: str, process: subprocess.Popen, log_path: Path) -> None:
    deadline = time.monotonic() + READY_TIMEOUT
    while time.monotonic() < deadline:
        if process.poll() is not None:
            break
        try:
            if requests.get(f"{base_url}/healthz/", timeout=1).status_code == 200:
                return
        except requests.RequestException:
            pass
        time.sleep(0.1)
    raise RuntimeError(f"The web server at {base_url} did not start. Its log:\n{log_path.read_text()}")


def csrf_token(page: str) -> str:
    """The CSRF token a rendered form carries."""
    return re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)


def log_in(base_url: str, username: str, password: str = "password") -> requests.Session:
    """A browser-like session logged in through the login form (the factories' password by default)."""
    session = requests.Session()
    page = session.get(f"{base_url}/login/", timeout=30).text
    response = session.post(
        f"{base_url}/login/",
        {"username": username, "password": password, "csrfmiddlewaretoken": csrf_token(page)},
        headers={"Referer": f"{base_url}/login/"},
        timeout=30,
    )
    assert response.ok and "sessionid" in session.cookies, response.text[:500]
    return session
