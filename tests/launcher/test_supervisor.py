"""launcher/supervisor.py and launcher/generation.py: start, restart and stop rules on tiny children, and what a
new start does with a generation an earlier launcher left."""

from __future__ import annotations

import contextlib
import os
import re
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

from django.conf import settings

from launcher.management.commands.serve import platform_children
from tests.launcher.processes import WAIT, Output, alive, descendants, wait_until_gone

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
    if mode == "flaky":  # crashes on its first start only (a marker file remembers)
        import os
        marker = sys.argv[2]
        if not os.path.exists(marker):
            open(marker, "w").close()
            sys.exit(4)
    time.sleep(600)
    """
)

SUPERVISOR = textwrap.dedent(
    """
    import sys
    from launcher.supervisor import Child, Supervisor
    child = [sys.executable, "-c", sys.argv[1]]
    marker = sys.argv[2]
    def command(mode):
        return ["/nonexistent/command"] if mode == "missing" else child + [mode, marker]
    children = [Child(name, command(mode)) for name, mode in zip(("one", "two"), sys.argv[3:])]
    sys.exit(Supervisor(children, sys.stdout, stop_timeout=1.0).run())
    """
)


def supervise(*modes: str, marker: Path | None = None) -> tuple[subprocess.Popen, Output]:
    process = subprocess.Popen(
        [sys.executable, "-c", SUPERVISOR, CHILD, str(marker or "/nonexistent/marker"), *modes],
        cwd=settings.BASE_DIR,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    return process, Output(process)


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


def test_a_child_that_dies_is_restarted_and_the_others_keep_running(tmp_path):
    process, output = supervise("flaky", "polite", marker=tmp_path / "crashed-once")
    try:
        output.wait_for(r"^one +\| exited unexpectedly with code 4; restarting in 1s$")
        output.wait_for(r"^two +\| up$")
        output.wait_for(r"^one +\| up$")  # its second start

        assert process.poll() is None
        assert not re.search(r"^two +\| (got SIGTERM|stopping)", output.text, re.MULTILINE)
    finally:
        process.send_signal(signal.SIGINT)
        assert process.wait(WAIT) == 0


def test_a_child_that_keeps_crashing_waits_longer_each_time():
    process, output = supervise("crash", "polite")
    try:
        output.wait_for(r"^one +\| exited unexpectedly with code 3; restarting in 1s$")
        output.wait_for(r"^one +\| exited unexpectedly with code 3; restarting in 2s$")
        output.wait_for(r"^one +\| exited unexpectedly with code 3; restarting in 4s$")
    finally:
        process.send_signal(signal.SIGINT)
        assert process.wait(WAIT) == 0


def test_a_command_that_cannot_start_stops_those_already_started():
    process, output = supervise("polite", "missing")

    assert process.wait(WAIT) != 0
    assert re.search(r"^launcher +\| FileNotFoundError", output.text, re.MULTILINE)
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


GENERATION = textwrap.dedent(
    """
    import subprocess, sys, time
    from pathlib import Path
    from launcher.generation import AlreadyRunning, PidFile
    from launcher.supervisor import Child, Supervisor
    # A child that starts a helper of its own, as a Celery worker starts pool processes: the helper is
    # not the launcher's child, so the launcher's death does not reach it.
    child = "import subprocess, sys, time; subprocess.Popen([sys.executable, '-c', 'import time; time.sleep(600)']);"
    child += "print('up', flush=True); time.sleep(600)"
    pid_file = PidFile(Path(sys.argv[1]))
    try:
        pid_file.stop_leftovers(lambda line: print("launcher |", line, flush=True))
    except AlreadyRunning as error:
        print(error, flush=True)
        sys.exit(1)
    children = [Child("one", [sys.executable, "-c", child])]
    sys.exit(Supervisor(children, sys.stdout, stop_timeout=1.0, pid_file=pid_file).run())
    """
)


def start_generation(pid_file: Path) -> tuple[subprocess.Popen, Output]:
    process = subprocess.Popen(
        [sys.executable, "-c", GENERATION, str(pid_file)],
        cwd=settings.BASE_DIR,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    return process, Output(process)


def test_a_start_stops_what_an_earlier_killed_launcher_left_running(tmp_path):
    first, first_output = start_generation(tmp_path / "serve.pid")
    first_output.wait_for(r"^one +\| up$")
    deadline = time.monotonic() + WAIT
    while len(descendants(first.pid)) < 2 and time.monotonic() < deadline:
        time.sleep(0.05)
    earlier = descendants(first.pid)
    child = min(earlier)  # the launcher's child starts before its helper
    first.kill()
    first.wait(WAIT)
    assert wait_until_gone({child}) == set()  # Linux signalled the child when its launcher died
    helpers = earlier - {child}
    assert helpers and all(alive(pid) for pid in helpers)  # the helper outlived it

    second, output = start_generation(tmp_path / "serve.pid")
    try:
        output.wait_for(
            r"^launcher \| stopping one left running by an earlier start \(process group \d+: 1\)$"
        )
        output.wait_for(r"^one +\| up$")
        assert wait_until_gone(helpers) == set()
    finally:
        second.send_signal(signal.SIGINT)
        assert second.wait(WAIT) == 0, output.text
        for pid in helpers:
            with contextlib.suppress(ProcessLookupError):
                os.kill(pid, signal.SIGKILL)
    assert not (tmp_path / "serve.pid").exists()  # a clean stop leaves nothing to stop


def test_a_second_start_while_the_launcher_runs_is_refused_and_changes_nothing(tmp_path):
    first, first_output = start_generation(tmp_path / "serve.pid")
    try:
        first_output.wait_for(r"^one +\| up$")
        before = descendants(first.pid)

        second, output = start_generation(tmp_path / "serve.pid")

        assert second.wait(WAIT) == 1
        assert re.search(rf"already runs on this data directory \(pid {first.pid}\)", output.text), (
            output.text
        )
        assert all(alive(pid) for pid in before)
    finally:
        first.send_signal(signal.SIGINT)
        assert first.wait(WAIT) == 0


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
