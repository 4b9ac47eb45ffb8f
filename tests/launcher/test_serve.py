"""`manage.py serve`: the real platform end to end on the embedded PostgreSQL (restarts, load, stop, kill -9)."""

from __future__ import annotations

import concurrent.futures
import contextlib
import http.client
import json
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from dataclasses import dataclass
from pathlib import Path

import pytest
from django.conf import settings

from tests.launcher.processes import WAIT, Output, descendants, wait_until_gone


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def get(url: str, token: str | None = None) -> tuple[int, str]:
    request = urllib.request.Request(url, headers={"Authorization": f"Token {token}"} if token else {})
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            return response.status, response.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode()


def wait_for_http(url: str, output: Output) -> None:
    deadline = time.monotonic() + WAIT
    while time.monotonic() < deadline:
        try:
            if get(url)[0] == 200:
                return
        except OSError:
            pass
        time.sleep(0.2)
    raise AssertionError(f"{url} never answered 200; launcher output:\n{output.text}")


@pytest.fixture(scope="module")
def embedded_env() -> dict[str, str]:
    """The environment `make run` gives: the embedded default in a data directory of the test's own.

    Not under pytest's tmp_path: pytest keeps /tmp/pytest-of-<user> private (0700), and when the suite
    runs as root the database runs as another account that must reach its data directory.
    """
    data_dir = tempfile.mkdtemp(prefix="jobsplatform-serve-")
    env = {key: value for key, value in os.environ.items() if not key.endswith("DATABASE_URL")}
    env.pop("CELERY_BROKER_URL", None)
    env.pop("SECRET_KEY", None)
    env.update(DJANGO_SETTINGS_MODULE="jobsplatform.settings", DATA_DIR=data_dir)
    yield env
    shutil.rmtree(data_dir, ignore_errors=True)


@dataclass
class Platform:
    process: subprocess.Popen
    output: Output
    base_url: str
    token: str

    def pid_of(self, name: str) -> int:
        """The pid of the newest start of child `name`, from the launcher's "started (pid N)" lines."""
        pids = re.findall(rf"^{name} +\| started \(pid (\d+)\)", self.output.text, re.MULTILINE)
        return int(pids[-1])


@pytest.fixture(scope="module")
def platform(embedded_env) -> Platform:
    """`manage.py serve --demo` on a port of its own: embedded PostgreSQL, web, worker and beat.

    The tests below share it and run in order; the last one stops it with Ctrl-C.
    """
    port = free_port()
    process = subprocess.Popen(
        [sys.executable, "manage.py", "serve", "--demo", "--port", str(port)],
        cwd=settings.BASE_DIR,
        env=embedded_env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    output = Output(process)
    try:
        token = output.wait_for(r"^API token: (\w+)$").group(1)
        wait_for_http(f"http://127.0.0.1:{port}/login/", output)
        output.wait_for(r"^worker +\| .* ready\.$")
        output.wait_for(r"^beat +\| .*beat: Starting")
    except BaseException:
        process.kill()
        raise
    yield Platform(process, output, f"http://127.0.0.1:{port}", token)
    if process.poll() is None:
        process.kill()
        process.wait()


def test_serve_prepares_the_embedded_database_and_answers_the_api(platform):
    status, body = get(f"{platform.base_url}/api/dcim/devices/", token=platform.token)

    assert status == 200, body
    assert json.loads(body)["count"] > 0  # the demo inventory, loaded by --demo
    assert get(f"{platform.base_url}/api/dcim/devices/")[0] in (401, 403)
    assert re.search(r"^Data in .*: embedded PostgreSQL in ", platform.output.text, re.MULTILINE)
    assert re.search(r"^db +\| ready$", platform.output.text, re.MULTILINE)


def run_no_op(platform: Platform) -> dict:
    request = urllib.request.Request(
        f"{platform.base_url}/api/extras/jobs/local/passing/PassingJob/run/?wait=30",
        data=json.dumps({"data": {}}).encode(),
        method="POST",
        headers={"Authorization": f"Token {platform.token}", "Content-Type": "application/json"},
    )
    with urllib.request.urlopen(request, timeout=60) as response:
        return json.loads(response.read())


def test_a_killed_worker_is_restarted_while_the_web_server_keeps_serving(platform):
    old_worker = platform.pid_of("worker")

    os.killpg(old_worker, signal.SIGKILL)

    platform.output.wait_for(r"^worker +\| exited unexpectedly with code -9; restarting in 1s$")
    assert get(f"{platform.base_url}/login/")[0] == 200  # the web server never stopped
    deadline = time.monotonic() + WAIT
    while platform.pid_of("worker") == old_worker and time.monotonic() < deadline:
        time.sleep(0.1)
    assert platform.pid_of("worker") != old_worker, platform.output.text
    platform.output.wait_for(r"^worker +\| .*celery@\S+ ready\.$", timeout=WAIT)
    assert run_no_op(platform)["result"]["status"]["value"] == "completed"


STALL = 5.0  # seconds: far beyond any of these requests on a busy machine; a request this slow was stuck


def one_request(platform: Platform, method: str, path: str, body: dict | None) -> tuple[float, int | str]:
    """`method path` on a connection of its own (closed afterwards); its duration and status (or error)."""
    started = time.monotonic()
    connection = http.client.HTTPConnection(*platform.base_url.split("//")[1].split(":"), timeout=4 * STALL)
    headers = {"Authorization": f"Token {platform.token}", "Content-Type": "application/json"}
    try:
        connection.request(method, path, body=json.dumps(body) if body else None, headers=headers)
        response = connection.getresponse()
        response.read()
        outcome: int | str = response.status
    except OSError as error:
        outcome = repr(error)
    finally:
        connection.close()
    return time.monotonic() - started, outcome


def incomplete_request(platform: Platform) -> socket.socket:
    """A connection whose request never ends: its headers promise a body that does not come (a client
    that stalls, or a probe of malformed requests). It holds a web server thread while it lasts."""
    connection = socket.create_connection(("127.0.0.1", int(platform.base_url.rsplit(":", 1)[1])))
    connection.sendall(
        b"POST /api/dcim/sites/ HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
        + f"Authorization: Token {platform.token}\r\nContent-Length: 1000\r\n\r\n".encode()
        + b'{"name": '
    )
    return connection


def test_twenty_concurrent_requests_on_new_connections_are_all_answered_without_a_stall(platform):
    """Issue 20, defect 9: under 20 concurrent API requests, each on a new connection, one once waited 60 s.

    Not a measure of speed: any request slower than STALL seconds means one sat somewhere (the listen
    queue, a busy worker's queue, a lock) while the others were answered. Clients that never finish their
    requests hold all the web server's threads but one meanwhile (2 processes of 4 threads): a process
    whose threads are all held must leave new connections to the one with a free thread, instead of
    taking them and letting them wait.
    """
    stalling = [incomplete_request(platform) for _ in range(2 * 4 - 1)]
    time.sleep(0.5)  # taken by the web server before the others come
    requests = [
        ("GET", "/api/dcim/devices/", None),
        ("GET", "/api/dcim/sites/?limit=5", None),
        ("GET", "/api/extras/jobs/", None),
        ("GET", "/api/extras/job-results/", None),
        ("GET", "/api/", None),
        ("POST", "/api/extras/jobs/local/passing/PassingJob/run/", {"data": {}}),
    ]
    outcomes = []
    for _round in range(5):
        batch = [requests[i % len(requests)] for i in range(20)]
        together = threading.Barrier(len(batch))  # all 20 connect at the same moment

        def send(request, together=together):
            together.wait(timeout=30)
            return one_request(platform, *request)

        with concurrent.futures.ThreadPoolExecutor(len(batch)) as pool:
            outcomes += zip(batch, pool.map(send, batch), strict=True)

    for connection in stalling:
        connection.close()
    failed = [(request[:2], outcome) for request, outcome in outcomes if outcome[1] not in (200, 201)]
    stalled = [(request[:2], round(outcome[0], 1)) for request, outcome in outcomes if outcome[0] > STALL]
    assert failed == [], platform.output.text[-3000:]
    assert stalled == [], platform.output.text[-3000:]


def test_a_client_that_stops_sending_its_request_is_answered_400_and_frees_its_thread(platform):
    connection = incomplete_request(platform)
    connection.settimeout(4 * STALL)
    try:
        answer = connection.makefile("rb").read().decode()  # the server closes the connection after it
    finally:
        connection.close()

    status_line, _, rest = answer.partition("\r\n")
    assert status_line == "HTTP/1.1 400 Bad Request", answer
    body = json.loads(rest.split("\r\n\r\n", 1)[1])
    assert body["detail"] == "The request body could not be read: timed out." and body["errors"] == {}


def test_ctrl_c_stops_every_process_and_the_database(platform):
    pids = descendants(platform.process.pid)

    platform.process.send_signal(signal.SIGINT)

    assert platform.process.wait(WAIT) == 0, platform.output.text
    assert wait_until_gone(pids) == set(), platform.output.text
    assert re.search(r"^db +\| stopped \(exit code 0\)$", platform.output.text, re.MULTILINE)


# --- The launcher killed with SIGKILL --------------------------------------------------------------


def post_json(platform: Platform, path: str, payload: dict) -> dict:
    request = urllib.request.Request(
        f"{platform.base_url}{path}",
        data=json.dumps(payload).encode(),
        method="POST",
        headers={"Authorization": f"Token {platform.token}", "Content-Type": "application/json"},
    )
    with urllib.request.urlopen(request, timeout=60) as response:
        return json.loads(response.read())


def start_platform(env: dict[str, str], token: str | None = None) -> Platform:
    """`manage.py serve --demo` in a session of its own, as `make run` runs it from a terminal.

    `token`: the API token of an earlier start on the same data directory (printed on the first only).
    """
    port = free_port()
    process = subprocess.Popen(
        [sys.executable, "manage.py", "serve", "--demo", "--port", str(port)],
        cwd=settings.BASE_DIR,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        start_new_session=True,
    )
    output = Output(process)
    try:
        token = token or output.wait_for(r"^API token: (\w+)$").group(1)
        wait_for_http(f"http://127.0.0.1:{port}/login/", output)
        output.wait_for(r"^worker +\| .* ready\.$")
    except BaseException:
        os.killpg(process.pid, signal.SIGKILL)
        raise
    return Platform(process, output, f"http://127.0.0.1:{port}", token)


def wait_until_running(platform: Platform, result_id: str) -> None:
    deadline = time.monotonic() + WAIT
    while time.monotonic() < deadline:
        status, body = get(f"{platform.base_url}/api/extras/job-results/{result_id}/", token=platform.token)
        if status == 200 and json.loads(body)["status"]["value"] == "running":
            return
        time.sleep(0.2)
    raise AssertionError(f"run {result_id} never started; launcher output:\n{platform.output.text}")


def test_kill_9_of_the_launcher_takes_every_child_with_it_even_a_worker_running_a_job():
    """`kill -9` of `make run`'s process group: nothing of that generation may go on beside the next one.

    A worker asked to stop gracefully would finish its running job first, against a database that the
    next `make run` has restarted meanwhile; so the launcher's death must end every process at once.
    """
    data_dir = tempfile.mkdtemp(prefix="jobsplatform-kill9-")
    env = {key: value for key, value in os.environ.items() if not key.endswith("DATABASE_URL")}
    env.pop("CELERY_BROKER_URL", None)
    env.update(DJANGO_SETTINGS_MODULE="jobsplatform.settings", DATA_DIR=data_dir)
    platform = start_platform(env)
    pids: set[int] = set()
    again: Platform | None = None
    try:
        finished = run_no_op(platform)["result"]
        assert finished["status"]["value"] == "completed"
        running = post_json(platform, "/api/extras/jobs/local/slow/SlowJob/run/", {"data": {"seconds": 120}})
        wait_until_running(platform, running["result"]["id"])
        pids = descendants(platform.process.pid)
        # db and its helpers, web and its workers, the worker and its pool, beat
        assert len(pids) >= 6, platform.output.text

        os.killpg(platform.process.pid, signal.SIGKILL)
        platform.process.wait(WAIT)

        left = wait_until_gone(pids)
        assert left == set(), {pid: Path(f"/proc/{pid}/cmdline").read_bytes() for pid in left}

        # The next start finds nothing left to stop; the killed run ends errored, the finished one stays so.
        again = start_platform(env, token=platform.token)
        assert "left running by an earlier start" not in again.output.text
        assert result_status(again, running["result"]["id"], until_terminal=True) == "errored"
        assert result_status(again, finished["id"]) == "completed"
    finally:
        if again is not None:
            again.process.send_signal(signal.SIGINT)
            again.process.wait(WAIT)
        for pid in pids:
            with contextlib.suppress(ProcessLookupError):
                os.kill(pid, signal.SIGKILL)
        shutil.rmtree(data_dir, ignore_errors=True)


def result_status(platform: Platform, result_id: str, *, until_terminal: bool = False) -> str:
    deadline = time.monotonic() + (WAIT if until_terminal else 0)
    while True:
        status, body = get(f"{platform.base_url}/api/extras/job-results/{result_id}/", token=platform.token)
        assert status == 200, body
        value = json.loads(body)["status"]["value"]
        if value not in ("pending", "running") or time.monotonic() > deadline:
            return value
        time.sleep(0.5)
