"""`manage.py serve`: run gunicorn, a Celery worker and Celery beat as children, and stop them together."""

from __future__ import annotations

import contextlib
import ctypes
import os
import signal
import subprocess
import sys
import threading
import time
from dataclasses import dataclass, field
from typing import TextIO

from django.conf import settings
from django.core.management.base import BaseCommand

_PR_SET_PDEATHSIG = 1


def _die_with_parent() -> None:  # pragma: no cover - runs in the forked child
    """Ask Linux to SIGTERM the child when the launcher dies, even by SIGKILL, so no server is left behind."""
    with contextlib.suppress(OSError, AttributeError):
        ctypes.CDLL(None, use_errno=True).prctl(_PR_SET_PDEATHSIG, signal.SIGTERM)


@dataclass
class Child:
    """One supervised command; its output lines are shown prefixed with `name`."""

    name: str
    command: list[str]
    process: subprocess.Popen | None = field(default=None, repr=False)


class Supervisor:
    """Start children in process groups of their own, relay their output, and stop all when one ends.

    The children do not share the terminal's process group, so Ctrl-C reaches only the launcher, which then
    sends each child a single SIGTERM (a graceful stop for gunicorn and Celery), waits up to `stop_timeout`
    seconds, and kills what is left. A second Ctrl-C kills at once.
    """

    def __init__(
        self, children: list[Child], out: TextIO, *, stop_timeout: float = 30.0, cwd: str | None = None
    ) -> None:
        self.children = children
        self.out = out
        self.stop_timeout = stop_timeout
        self.cwd = cwd
        self._stop = threading.Event()
        self._relays: list[threading.Thread] = []
        self._signals = 0
        self._write_lock = threading.Lock()
        self._width = max(len(child.name) for child in children)

    def say(self, name: str, line: str) -> None:
        with self._write_lock:
            self.out.write(f"{name:<{self._width}} | {line.rstrip()}\n")
            self.out.flush()

    def run(self) -> int:
        """Run until a signal (exit 0) or until a child ends on its own (exit 1)."""
        previous = {sig: signal.signal(sig, self._on_signal) for sig in (signal.SIGINT, signal.SIGTERM)}
        failed = True  # if starting raises, whatever did start is still stopped
        try:
            self._start_all()
            failed = self._watch()
        finally:
            self._stop_all()
            for sig, handler in previous.items():
                signal.signal(sig, handler)
        return 1 if failed else 0

    def _on_signal(self, signum, _frame) -> None:
        self._signals += 1
        self._stop.set()
        if self._signals > 1:
            self._kill_all()

    def _start_all(self) -> None:
        env = {**os.environ, "PYTHONUNBUFFERED": "1"}
        for child in self.children:
            child.process = subprocess.Popen(
                child.command,
                cwd=self.cwd,
                env=env,
                stdin=subprocess.DEVNULL,
                stdout=subprocess.PIPE,
                stderr=subprocess.STDOUT,
                text=True,
                errors="replace",
                process_group=0,
                preexec_fn=_die_with_parent if sys.platform.startswith("linux") else None,
            )
            self.say(child.name, f"started (pid {child.process.pid}): {' '.join(child.command)}")
        # Readers start after the last fork: preexec_fn is only safe while no other thread runs.
        for child in self.children:
            relay = threading.Thread(target=self._relay, args=(child,), name=child.name, daemon=True)
            relay.start()
            self._relays.append(relay)

    def _relay(self, child: Child) -> None:
        for line in child.process.stdout:
            self.say(child.name, line)

    def _watch(self) -> bool:
        """Wait for a stop request or an unexpected exit; return True for the latter."""
        while not self._stop.wait(0.2):
            for child in self.children:
                code = child.process.poll()
                if code is not None:
                    self.say(child.name, f"exited unexpectedly with code {code}; stopping the others")
                    return True
        return False

    def _stop_all(self) -> None:
        started = [child for child in self.children if child.process is not None]
        for child in started:
            if child.process.poll() is None:
                self.say(child.name, "stopping")
                self._send(child.process.pid, signal.SIGTERM, group=False)
        deadline = time.monotonic() + self.stop_timeout
        running = list(started)
        while running:
            for child in [c for c in running if c.process.poll() is not None]:
                running.remove(child)
                self._finish(child)
            if running and time.monotonic() > deadline:
                for child in running:
                    self.say(child.name, f"still running after {self.stop_timeout:g}s; killing it")
                    self._send(child.process.pid, signal.SIGKILL, group=True)
                deadline = float("inf")
            time.sleep(0.05)

    def _finish(self, child: Child) -> None:
        # Whatever is left of the child's group (pool processes of a killed parent) goes too.
        self._send(child.process.pid, signal.SIGKILL, group=True)
        for relay in self._relays:
            if relay.name == child.name:
                relay.join(timeout=2)  # the child's last lines come before the line saying it stopped
        self.say(child.name, f"stopped (exit code {child.process.returncode})")

    def _kill_all(self) -> None:
        for child in self.children:
            if child.process is not None:
                self._send(child.process.pid, signal.SIGKILL, group=True)

    @staticmethod
    def _send(pid: int, sig: int, *, group: bool) -> None:
        try:
            if group:
                os.killpg(pid, sig)
            else:
                os.kill(pid, sig)
        except ProcessLookupError:
            pass


def platform_children(host: str, port: int, *, web_workers: int, concurrency: int) -> list[Child]:
    """The three processes of a running platform, with the same commands docker-compose.yml runs."""
    python = [sys.executable, "-m"]
    web = ["gunicorn", "jobsplatform.wsgi:application", "--bind", f"{host}:{port}", "--access-logfile", "-"]
    web += ["--workers", str(web_workers), "--threads", "2", "--graceful-timeout", "10"]
    worker = ["celery", "-A", "jobsplatform", "worker", "-l", "info", "--concurrency", str(concurrency)]
    worker += ["-Q", settings.CELERY_TASK_DEFAULT_QUEUE]
    beat = ["celery", "-A", "jobsplatform", "beat", "-l", "info"]
    return [Child("web", python + web), Child("worker", python + worker), Child("beat", python + beat)]


class Command(BaseCommand):
    help = (
        "Run the web server (gunicorn), a Celery worker and Celery beat until Ctrl-C or SIGTERM. "
        "If one of them stops on its own, the others are stopped too and the exit code is 1."
    )

    def add_arguments(self, parser):
        parser.add_argument("--host", default="127.0.0.1", help="Address to listen on (default: 127.0.0.1).")
        default_port = int(os.environ.get("PORT") or 8080)
        parser.add_argument("--port", type=int, default=default_port, help="Port (default: $PORT or 8080).")
        parser.add_argument("--web-workers", type=int, default=2, help="gunicorn processes (default: 2).")
        parser.add_argument(
            "--concurrency", type=int, default=2, help="Celery worker processes (default: 2)."
        )
        parser.add_argument(
            "--stop-timeout", type=float, default=30.0, help="Graceful stop wait (default: 30 s)."
        )

    def handle(self, *args, host: str, port: int, **options) -> None:
        children = platform_children(
            host, port, web_workers=options["web_workers"], concurrency=options["concurrency"]
        )
        self.stdout.write(
            f"Serving http://{host}:{port}/ with a Celery worker and beat; Ctrl-C stops them all."
        )
        self.stdout.flush()
        supervisor = Supervisor(
            children, sys.stdout, stop_timeout=options["stop_timeout"], cwd=str(settings.BASE_DIR)
        )
        code = supervisor.run()
        if code:
            raise SystemExit(code)
