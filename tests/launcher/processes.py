"""Watching processes in the launcher tests: their output lines, whether they live, what runs below them."""

from __future__ import annotations

import re
import subprocess
import threading
import time
from pathlib import Path

from tests.runs import wait_for

WAIT = 90.0  # upper bound for a start or a stop on a busy machine; never an assertion on speed


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
        def matched() -> re.Match | None:
            return next((m for line in list(self.lines) if (m := re.search(pattern, line))), None)

        try:
            return wait_for(matched, timeout, message=f"a line matching {pattern!r}")
        except AssertionError as error:
            raise AssertionError(f"{error} in:\n{self.text}") from None


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
