"""Per-source Python requirements: a source's `requirements.txt`, installed into a folder of its own.

A Git repository (at its root) or JOBS_ROOT may carry a `requirements.txt` (issue 22). Every process
that imports the source's jobs (web and workers, on every machine) installs it once per content and
Python version into JOB_PACKAGES_ROOT/<source>/<hash>/ with `pip install --target` (uv when the
environment has no pip), and the loader appends that folder to sys.path before it imports the
source's modules (extras.engine.loading.use_package_dir).

Appended, never prepended: a package the platform itself has (Django, requests, idna …) is always
imported from the platform's environment, whatever version a repository asks for. sys.path is one
per process, so two sources that install different versions of the same package share whichever
was imported first in that process; docs/jobs-from-git.md says so.

A folder is complete once its marker (the pinned versions, one `name==version` a line) is written;
it is installed under a temporary name and renamed, under a file lock, so concurrent processes on
one machine install it once and never see half of it.
"""

from __future__ import annotations

import hashlib
import importlib.metadata
import importlib.util
import shutil
import subprocess
import sys
import threading
import time
from contextlib import AbstractContextManager
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings

from core import file_locks

REQUIREMENTS_FILE = "requirements.txt"
MARKER = ".jobsplatform-installed"  # written last; lists the versions installed
INSTALL_TIMEOUT = 900  # seconds for one install (a slow index, a package built from source)
RETRY_AFTER = 60  # seconds before a process tries again an install that failed in it
OUTPUT_LINES = 40  # the end of pip's output kept in a failure message
KEEP_FOLDERS = 2  # folders a source keeps on a machine: the current one and the newest before it

_failures: dict[Path, tuple[float, str]] = {}  # folder → (when, message) of its last failed install here
_failures_lock = threading.Lock()


class RequirementsError(Exception):
    """The requirements could not be installed; the message ends with the installer's own output."""


@dataclass(frozen=True)
class Requirements:
    """One source's requirements file and the folder its content installs into."""

    file: Path
    directory: Path

    @property
    def installed(self) -> bool:
        return (self.directory / MARKER).is_file()

    def pinned(self) -> list[str]:
        """`name==version` of every distribution in the folder, as recorded when it was installed."""
        try:
            return (self.directory / MARKER).read_text().split()
        except OSError:
            return []


def requirements_of(root: Path, key: str) -> Requirements | None:
    """The requirements at `root`/requirements.txt of the source `key`, or None when there are none."""
    file = Path(root) / REQUIREMENTS_FILE
    try:
        content = file.read_bytes()
    except OSError:
        return None
    if not any(line.strip() and not line.strip().startswith(b"#") for line in content.splitlines()):
        return None
    python = f"{sys.implementation.name}-{sys.version_info.major}.{sys.version_info.minor}"
    digest = hashlib.sha256(python.encode() + b"\0" + content).hexdigest()[:16]
    return Requirements(file, Path(settings.JOB_PACKAGES_ROOT) / key / digest)


def ensure_installed(requirements: Requirements, *, retry: bool = True) -> tuple[list[str], bool]:
    """Install `requirements` unless this machine already has them: (pinned versions, installed now).

    Raises RequirementsError. Without `retry`, an install that failed in this process less than
    RETRY_AFTER seconds ago fails again at once (job lookups must not run pip on every request).
    """
    if requirements.installed:
        return requirements.pinned(), False
    if not retry:
        with _failures_lock:
            failed = _failures.get(requirements.directory)
        if failed and time.monotonic() - failed[0] < RETRY_AFTER:
            raise RequirementsError(failed[1])
    with install_lock(requirements.directory):
        if requirements.installed:  # another process did it meanwhile
            return requirements.pinned(), False
        try:
            _install(requirements)
        except RequirementsError as error:
            with _failures_lock:
                _failures[requirements.directory] = (time.monotonic(), str(error))
            raise
    with _failures_lock:
        _failures.pop(requirements.directory, None)
    return requirements.pinned(), True


def _install(requirements: Requirements) -> None:
    target = requirements.directory
    temporary = target.with_name(f".{target.name}.tmp")
    shutil.rmtree(temporary, ignore_errors=True)
    shutil.rmtree(target, ignore_errors=True)  # an incomplete folder (no marker) from a crash
    temporary.mkdir(parents=True)
    try:
        completed = subprocess.run(
            installer_command(temporary, requirements.file),
            cwd=requirements.file.parent,  # `-r other.txt` and `./local-package` lines are relative to it
            stdin=subprocess.DEVNULL,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
            timeout=INSTALL_TIMEOUT,
        )
    except subprocess.TimeoutExpired:
        shutil.rmtree(temporary, ignore_errors=True)
        raise RequirementsError(f"The install did not finish within {INSTALL_TIMEOUT} seconds.") from None
    if completed.returncode != 0:
        shutil.rmtree(temporary, ignore_errors=True)
        output = "\n".join(completed.stdout.strip().splitlines()[-OUTPUT_LINES:])
        raise RequirementsError(f"The installer exited with status {completed.returncode}:\n{output}")
    (temporary / MARKER).write_text("".join(f"{line}\n" for line in pinned_versions(temporary)))
    temporary.replace(target)


def installer_command(target: Path, file: Path) -> list[str]:
    """pip of the platform's own interpreter when it has pip, else uv (which `make install` puts in .venv)."""
    if importlib.util.find_spec("pip") is not None:
        return pip_command(target, file)
    uv = shutil.which("uv", path=str(Path(sys.executable).parent)) or shutil.which("uv")
    if uv is None:
        raise RequirementsError("Neither pip nor uv is available to install requirements.txt.")
    return uv_command(uv, target, file)


def pip_command(target: Path, file: Path) -> list[str]:
    return [
        sys.executable,
        "-m",
        "pip",
        "install",
        "--no-input",
        "--disable-pip-version-check",
        "--no-warn-script-location",
        "--target",
        str(target),
        "-r",
        str(file),
    ]


def uv_command(uv: str, target: Path, file: Path) -> list[str]:
    return [uv, "pip", "install", "--python", sys.executable, "--target", str(target), "-r", str(file)]


def pinned_versions(folder: Path) -> list[str]:
    """`name==version` of every distribution installed in `folder`, sorted by name."""
    found = {
        f"{dist.metadata['Name']}=={dist.version}"
        for dist in importlib.metadata.distributions(path=[str(folder)])
        if dist.metadata["Name"]
    }
    return sorted(found, key=str.lower)


def install_lock(directory: Path) -> AbstractContextManager[None]:
    """Exclusive across processes on this machine, for installs into the folders of one source."""
    return file_locks.exclusive(Path(settings.JOB_PACKAGES_ROOT) / ".locks" / f"{directory.parent.name}.lock")


def prune_packages(current: Path, keep: int = KEEP_FOLDERS) -> None:
    """Delete the older folders of `current`'s source, keeping `current` and the newest others up to `keep`.

    Not only `current`: a process on this machine may still run jobs of the previous commit from its folder.
    """
    with install_lock(current):
        folders = [path for path in current.parent.iterdir() if path.is_dir() and (path / MARKER).is_file()]
        older = sorted((path for path in folders if path != current), key=lambda path: path.stat().st_mtime)
        for path in older[: max(len(older) - (keep - 1), 0)]:
            shutil.rmtree(path, ignore_errors=True)


def remove_packages(key: str) -> None:
    """Delete every folder of the source `key` on this machine (its repository was deleted)."""
    shutil.rmtree(Path(settings.JOB_PACKAGES_ROOT) / key, ignore_errors=True)
