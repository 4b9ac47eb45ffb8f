"""The pid file of `manage.py serve`: which processes the running launcher started, so the next start can
stop whatever of an earlier generation is still alive.

Each child asks Linux to signal it when the launcher dies (PR_SET_PDEATHSIG, launcher/supervisor.py), but
that reaches only the launcher's own children: a process they started and that outlives them (a pool
process, a gunicorn worker) is not told. The pid file is the second line of defence. It lists the launcher
and the process group of every child, each with its start time, so a pid reused by an unrelated process is
never taken for ours. A start whose launcher still runs is refused; a leftover of a dead launcher is
stopped before anything of the new generation starts, so two workers never share the database.
"""

from __future__ import annotations

import contextlib
import json
import os
import signal
import time
from collections.abc import Callable
from pathlib import Path

LEFTOVER_STOP_TIMEOUT = 10.0  # seconds a leftover gets for its death signal before SIGKILL


class AlreadyRunning(RuntimeError):
    """The launcher named in the pid file still runs: a second `make run` on the same data directory."""


def start_time(pid: int) -> int | None:
    """The start time of `pid` in clock ticks since boot (from /proc), or None when it is gone or a zombie."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except (OSError, IndexError):
        return None
    return None if fields[0] == "Z" else int(fields[19])


def group_members(pgid: int) -> list[int]:
    """The live processes whose process group is `pgid`."""
    members = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        with contextlib.suppress(OSError, IndexError, ValueError):
            fields = stat.read_text().rsplit(")", 1)[1].split()
            if fields[0] != "Z" and int(fields[2]) == pgid:
                members.append(int(stat.parent.name))
    return members


class PidFile:
    """DATA_DIR/serve.pid: {"launcher": [pid, start], "children": {name: [pgid, start, death signal]}}."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.children: dict[str, list[int]] = {}

    def record(self, name: str, pid: int, death_signal: int) -> None:
        """Note a child's (re)start; written at once, so a launcher killed a moment later is still covered."""
        self.children[name] = [pid, start_time(pid) or 0, int(death_signal)]
        me = os.getpid()
        content = json.dumps({"launcher": [me, start_time(me)], "children": self.children})
        partial = self.path.with_name(f"{self.path.name}.{me}")
        partial.write_text(content)
        os.replace(partial, self.path)

    def remove(self) -> None:
        """After a clean stop nothing is left to stop."""
        self.path.unlink(missing_ok=True)

    def stop_leftovers(self, say: Callable[[str], None]) -> None:
        """Stop the processes of an earlier generation that are still alive, and wait until they are gone.

        Each group gets its child's death signal (the database a fast shutdown, the others SIGKILL), then
        SIGKILL after LEFTOVER_STOP_TIMEOUT. Raises AlreadyRunning while the earlier launcher itself runs.
        """
        try:
            earlier = json.loads(self.path.read_text())
        except (OSError, ValueError):
            return
        launcher, launcher_start = earlier.get("launcher") or [0, None]
        if launcher != os.getpid() and launcher_start is not None and start_time(launcher) == launcher_start:
            raise AlreadyRunning(f"manage.py serve already runs on this data directory (pid {launcher})")
        groups: dict[int, int] = {}
        for name, (pgid, started, death_signal) in (earlier.get("children") or {}).items():
            leader_start = start_time(pgid)
            if leader_start is not None and leader_start != started:
                continue  # the pid now names an unrelated process
            members = group_members(pgid)
            if members:
                say(
                    f"stopping {name} left running by an earlier start (process group {pgid}: {len(members)})"
                )
                groups[pgid] = death_signal
        for pgid, death_signal in groups.items():
            _signal_group(pgid, death_signal)
        if not _wait_until_gone(groups, LEFTOVER_STOP_TIMEOUT):
            for pgid in groups:
                _signal_group(pgid, signal.SIGKILL)
            if not _wait_until_gone(groups, LEFTOVER_STOP_TIMEOUT):
                raise AlreadyRunning(f"processes of an earlier start survive SIGKILL: {sorted(groups)}")
        self.remove()


def _wait_until_gone(groups: dict[int, int], timeout: float) -> bool:
    deadline = time.monotonic() + timeout
    while any(group_members(pgid) for pgid in groups):
        if time.monotonic() > deadline:
            return False
        time.sleep(0.05)
    return True


def _signal_group(pgid: int, sig: int) -> None:
    with contextlib.suppress(ProcessLookupError, PermissionError):
        os.killpg(pgid, sig)
