"""`manage.py serve`: the supervisor's stop rules on tiny children, and the real platform end to end."""

from __future__ import annotations

import json
import os
import re
import signal
import socket
import subprocess
import sys
import textwrap
import threading
import time
import urllib.request
from pathlib import Path

import pytest
from django.conf import settings

from core.management.commands.serve import platform_children

WAIT = 90.0  # upper bound for a start or a stop on a busy machine; never an assertion on speed

CHILD = textwrap.dedent(
    """
    import signal, sys, time
    mode = sys.argv[1]
    def on_term(*_):
        print("got SIGTERM", flush=True)
        sys.exit(0)
    signal.signal(signal.SIGTERM, signal.SIG_IGN if mode == "stubborn" else on_term)
    print("up", flush=True)
    if mode == "crash":
        sys.exit(3)
    time.sleep(600)
    """
)

SUPERVISOR = textwrap.dedent(
    """
    import sys
    from core.management.commands.serve import Child, Supervisor
    child = [sys.executable, "-c", sys.argv[1]]
    def command(mode):
        return ["/nonexistent/command"] if mode == "missing" else child + [mode]
    children = [Child(name, command(mode)) for name, mode in zip(("one", "two"), sys.argv[2:])]
    sys.exit(Supervisor(children, sys.stdout, stop_timeout=1.0).run())
    """
)


class Output:
    """Collects a process's output lines in a thread, so a test can wait for a line without blocking."""

    def __init__(self, process: subprocess.Popen):
        self.lines: list[str] = []
        self._thread = threading.Thread(target=self._read, args=(process,), daemon=True)
        self._thread.start()

    def _read(self, process) -> None:
        for line in process.stdout:
            self.lines.append(line.rstrip("\n"))

    @property
    def text(self) -> str:
        self._thread.join(timeout=0.1)
        return "\n".join(self.lines)

    def wait_for(self, pattern: str, timeout: float = WAIT) -> re.Match:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            for line in list(self.lines):
                if match := re.search(pattern, line):
                    return match
            time.sleep(0.05)
        raise AssertionError(f"no line matching {pattern!r} in:\n{self.text}")


def supervise(*modes: str) -> tuple[subprocess.Popen, Output]:
    process = subprocess.Popen(
        [sys.executable, "-c", SUPERVISOR, CHILD, *modes],
        cwd=settings.BASE_DIR,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    return process, Output(process)


def alive(pid: int) -> bool:
    """True while `pid` runs; a zombie waiting for its parent counts as gone."""
    try:
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0] != "Z"
    except (FileNotFoundError, IndexError):
        return False


def descendants(pid: int) -> set[int]:
    """All processes below `pid`, read from /proc (children first, then theirs)."""
    parents: dict[int, list[int]] = {}
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            ppid = int(stat.read_text().rsplit(")", 1)[1].split()[1])
        except (OSError, IndexError, ValueError):
            continue
        parents.setdefault(ppid, []).append(int(stat.parent.name))
    found, todo = set(), [pid]
    while todo:
        for child in parents.get(todo.pop(), []):
            found.add(child)
            todo.append(child)
    return found


def wait_until_gone(pids: set[int]) -> set[int]:
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline and any(alive(pid) for pid in pids):
        time.sleep(0.05)
    return {pid for pid in pids if alive(pid)}


def test_output_of_each_child_is_prefixed_with_its_name():
    process, output = supervise("polite", "polite")
    try:
        output.wait_for(r"^one +\| up$")
        output.wait_for(r"^two +\| up$")
    finally:
        process.send_signal(signal.SIGINT)
        process.wait(WAIT)


def test_sigint_stops_every_child_gracefully_and_exits_zero():
    process, output = supervise("polite", "polite")
    output.wait_for(r"^one +\| up$")
    output.wait_for(r"^two +\| up$")

    process.send_signal(signal.SIGINT)

    assert process.wait(WAIT) == 0
    assert re.search(r"^one +\| got SIGTERM$", output.text, re.MULTILINE)
    assert re.search(r"^two +\| got SIGTERM$", output.text, re.MULTILINE)


def test_a_child_that_dies_stops_the_others_and_fails():
    process, output = supervise("crash", "polite")

    assert process.wait(WAIT) == 1
    assert re.search(r"^one +\| exited unexpectedly with code 3", output.text, re.MULTILINE)
    assert re.search(r"^two +\| got SIGTERM$", output.text, re.MULTILINE)


def test_a_command_that_cannot_start_stops_those_already_started():
    process, output = supervise("polite", "missing")

    assert process.wait(WAIT) != 0
    assert "FileNotFoundError" in output.text
    assert re.search(r"^one +\| stopped", output.text, re.MULTILINE)


def test_a_child_ignoring_sigterm_is_killed_after_the_stop_timeout():
    process, output = supervise("stubborn", "polite")
    output.wait_for(r"^one +\| up$")
    output.wait_for(r"^two +\| up$")
    pids = descendants(process.pid)

    process.send_signal(signal.SIGTERM)

    assert process.wait(WAIT) == 0
    assert re.search(r"^one +\| still running after 1s; killing it$", output.text, re.MULTILINE)
    assert wait_until_gone(pids) == set()


def test_platform_children_are_the_web_server_worker_and_beat():
    children = {
        child.name: child.command
        for child in platform_children("127.0.0.1", 8099, web_workers=2, concurrency=2)
    }

    assert children["web"][2:5] == ["gunicorn", "jobsplatform.wsgi:application", "--bind"]
    assert "127.0.0.1:8099" in children["web"]
    assert children["worker"][2:6] == ["celery", "-A", "jobsplatform", "worker"]
    assert children["worker"][-2:] == ["-Q", settings.CELERY_TASK_DEFAULT_QUEUE]
    assert children["beat"][2:6] == ["celery", "-A", "jobsplatform", "beat"]


# --- The real platform ------------------------------------------------------------------------------


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


@pytest.fixture
def embedded_env(tmp_path) -> dict[str, str]:
    """The environment `make run` gives: the embedded default in a data directory of the test's own."""
    env = {key: value for key, value in os.environ.items() if not key.endswith("DATABASE_URL")}
    env.pop("CELERY_BROKER_URL", None)
    env.pop("SECRET_KEY", None)
    env.update(DJANGO_SETTINGS_MODULE="jobsplatform.settings", DATA_DIR=str(tmp_path / "data"))
    return env


def manage(env: dict[str, str], *args: str) -> str:
    done = subprocess.run(
        [sys.executable, "manage.py", *args], cwd=settings.BASE_DIR, env=env, capture_output=True, text=True
    )
    assert done.returncode == 0, done.stdout + done.stderr
    return done.stdout


def test_serve_answers_the_login_page_and_the_api_then_stops_everything_on_ctrl_c(embedded_env):
    manage(embedded_env, "migrate", "--noinput")
    key = re.search(r"^API token: (\w+)$", manage(embedded_env, "bootstrap"), re.MULTILINE).group(1)
    port = free_port()
    process = subprocess.Popen(
        [sys.executable, "manage.py", "serve", "--port", str(port)],
        cwd=settings.BASE_DIR,
        env=embedded_env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    output = Output(process)
    try:
        wait_for_http(f"http://127.0.0.1:{port}/login/", output)
        output.wait_for(r"^worker +\| .* ready\.$")
        output.wait_for(r"^beat +\| .*beat: Starting")

        status, body = get(f"http://127.0.0.1:{port}/api/dcim/devices/", token=key)
        assert status == 200, body
        assert "results" in json.loads(body)
        assert get(f"http://127.0.0.1:{port}/api/dcim/devices/")[0] in (401, 403)
        pids = descendants(process.pid)
    finally:
        process.send_signal(signal.SIGINT)
        code = process.wait(WAIT)

    assert code == 0, output.text
    assert wait_until_gone(pids) == set(), output.text
