"""A small process supervisor: starts children, relays their output, restarts them, and stops them in order.

`manage.py serve` (make run) uses it for the database, the web server, the worker and beat. A child
that exits on its own is restarted after a back-off that grows while it keeps failing, so a crashed
worker never takes the web server down. Only a signal to the launcher (Ctrl-C, SIGTERM) stops all.
"""

from __future__ import annotations

import contextlib
import ctypes
import functools
import os
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TextIO

from launcher.embedded_postgres import account_arguments
from launcher.generation import PidFile

_PR_SET_PDEATHSIG = 1
# Looked up once, here: a child must not load libraries between fork and exec while other threads run.
try:
    _prctl = ctypes.CDLL(None, use_errno=True).prctl
except (OSError, AttributeError):  # pragma: no cover - not Linux
    _prctl = None

BACKOFF_FIRST = 1.0  # seconds before the first restart
BACKOFF_MAX = 30.0
HEALTHY_AFTER = 30.0  # a child that ran this long before exiting starts over with the first back-off


@dataclass
class Child:
    """One supervised command; its output lines are shown prefixed with `name`.

    `stop_signal` asks it to stop gracefully; `death_signal` is what it gets when the launcher dies (by
    default SIGKILL: a worker asked to stop gracefully would first finish its runs, beside the next
    generation); `ready` (optional) tells when it serves, and children listed after it wait for that;
    `user` runs it as another account (the database, when run by root).
    """

    name: str
    command: list[str]
    stop_signal: int = signal.SIGTERM
    death_signal: int = signal.SIGKILL
    ready: Callable[[], bool] | None = None
    user: str | None = None
    process: subprocess.Popen | None = field(default=None, repr=False)
    started_at: float = field(default=0.0, repr=False)
    failures: int = field(default=0, repr=False)  # consecutive exits soon after a start
    restart_at: float | None = field(default=None, repr=False)
    relay: threading.Thread | None = field(default=None, repr=False)

    def _die_with_parent(self, launcher: int) -> None:  # pragma: no cover - runs in the forked child
        """Ask Linux to signal the child when the launcher dies, even by SIGKILL, so nothing is left behind.

        A launcher that died between the fork and this call is noticed by the parent pid having changed.
        """
        if _prctl is not None:
            _prctl(_PR_SET_PDEATHSIG, self.death_signal)
        if os.getppid() != launcher:
            os.kill(os.getpid(), self.death_signal)


class StartupError(RuntimeError):
    """A service never became ready (its output says why)."""


class Supervisor:
    """Run `services` (each awaited until ready), then `prepare()`, then `children`; keep them all running.

    The children do not share the terminal's process group, so Ctrl-C reaches only the launcher, which then
    stops the children (their stop signal, up to `stop_timeout` seconds, then SIGKILL) and after them the
    services. A second Ctrl-C kills at once. A command that cannot be executed at all stops everything.
    """

    def __init__(
        self,
        children: list[Child],
        out: TextIO,
        *,
        services: list[Child] | None = None,
        prepare: Callable[[], None] | None = None,
        stop_timeout: float = 30.0,
        cwd: str | None = None,
        ready_timeout: float = 60.0,
        pid_file: PidFile | None = None,
    ) -> None:
        self.services = list(services or [])
        self.children = children
        self.out = out
        self.prepare = prepare
        self.stop_timeout = stop_timeout
        self.ready_timeout = ready_timeout
        self.cwd = cwd
        self.pid_file = pid_file
        self._stop = threading.Event()
        self._signals = 0
        self._write_lock = threading.Lock()
        self._width = max(len(child.name) for child in [*self.services, *children])

    @property
    def everyone(self) -> list[Child]:
        return [*self.services, *self.children]

    def say(self, name: str, line: str) -> None:
        with self._write_lock:
            self.out.write(f"{name:<{self._width}} | {line.rstrip()}\n")
            self.out.flush()

    def run(self) -> int:
        """Run until a signal (exit 0); 1 when something could not start."""
        previous = {sig: signal.signal(sig, self._on_signal) for sig in (signal.SIGINT, signal.SIGTERM)}
        failed = True  # if starting raises, whatever did start is still stopped
        try:
            for service in self.services:
                self._start(service)
                self._wait_ready(service)
            if self.prepare is not None and not self._stop.is_set():
                self.prepare()
            for child in self.children:
                if not self._stop.is_set():
                    self._start(child)
            self._watch()
            failed = False
        except (OSError, StartupError) as error:
            self.say("launcher", f"{type(error).__name__}: {error}")
        finally:
            self._stop_group(self.children)
            self._stop_group(self.services)
            for sig, handler in previous.items():
                signal.signal(sig, handler)
            if self.pid_file is not None:
                self.pid_file.remove()
        return 1 if failed else 0

    def _on_signal(self, signum, _frame) -> None:
        self._signals += 1
        self._stop.set()
        if self._signals > 1:
            for child in self.everyone:
                self._kill_group(child)

    def _start(self, child: Child) -> None:
        env = {**os.environ, "PYTHONUNBUFFERED": "1"}
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
            **(account_arguments(child.user) if child.user else {}),
            preexec_fn=functools.partial(child._die_with_parent, os.getpid())
            if sys.platform.startswith("linux")
            else None,
        )
        if self.pid_file is not None:
            self.pid_file.record(child.name, child.process.pid, child.death_signal)
        child.started_at = time.monotonic()
        child.restart_at = None
        self.say(child.name, f"started (pid {child.process.pid}): {' '.join(child.command)}")
        child.relay = threading.Thread(
            target=self._relay, args=(child, child.process), name=child.name, daemon=True
        )
        child.relay.start()

    def _relay(self, child: Child, process: subprocess.Popen) -> None:
        for line in process.stdout:
            self.say(child.name, line)

    def _wait_ready(self, child: Child) -> None:
        if child.ready is None:
            return
        deadline = time.monotonic() + self.ready_timeout
        while not child.ready():
            if self._stop.is_set():
                return
            if child.process.poll() is not None:
                raise StartupError(f"{child.name} exited with code {child.process.returncode} while starting")
            if time.monotonic() > deadline:
                raise StartupError(f"{child.name} was not ready after {self.ready_timeout:g} s")
            time.sleep(0.05)
        self.say(child.name, "ready")

    def _watch(self) -> None:
        """Until a stop is asked for: restart every child that exits, after its back-off."""
        while not self._stop.wait(0.2):
            now = time.monotonic()
            for child in self.everyone:
                if child.restart_at is not None:
                    if now >= child.restart_at:
                        self._start(child)
                    continue
                code = child.process.poll()
                if code is not None:
                    self._schedule_restart(child, code, now)

    def _schedule_restart(self, child: Child, code: int, now: float) -> None:
        self._kill_group(child)  # pool processes of a parent that died go too
        child.failures = 0 if now - child.started_at >= HEALTHY_AFTER else child.failures + 1
        delay = min(BACKOFF_MAX, BACKOFF_FIRST * 2 ** max(0, child.failures - 1))
        child.restart_at = now + delay
        self.say(child.name, f"exited unexpectedly with code {code}; restarting in {delay:g}s")

    def _stop_group(self, group: list[Child]) -> None:
        started = [child for child in group if child.process is not None]
        for child in started:
            if child.process.poll() is None:
                self.say(child.name, "stopping")
                self._send(child.process.pid, child.stop_signal, group=False)
        deadline = time.monotonic() + self.stop_timeout
        running = list(started)
        while running:
            for child in [c for c in running if c.process.poll() is not None]:
                running.remove(child)
                self._kill_group(child)
                if child.relay is not None:
                    child.relay.join(timeout=2)  # its last lines come before the line saying it stopped
                self.say(child.name, f"stopped (exit code {child.process.returncode})")
            if running and time.monotonic() > deadline:
                for child in running:
                    self.say(child.name, f"still running after {self.stop_timeout:g}s; killing it")
                    self._kill_group(child)
                deadline = float("inf")
            time.sleep(0.05)

    def _kill_group(self, child: Child) -> None:
        if child.process is not None:
            self._send(child.process.pid, signal.SIGKILL, group=True)

    @staticmethod
    def _send(pid: int, sig: int, *, group: bool) -> None:
        with contextlib.suppress(ProcessLookupError, PermissionError):
            if group:
                os.killpg(pid, sig)
            else:
                os.kill(pid, sig)
