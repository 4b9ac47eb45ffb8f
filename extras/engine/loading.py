"""Discover job classes in their sources, import them privately, reload changed code, sync Job records.

A *source* yields job modules under one class-path prefix: `local` (JOBS_ROOT), or `git.<slug>` for
a Git repository (extras.git.sources, found through a provider the app registers). Each source is
imported as a private package (`_jobsplatform_jobs.<key>`) so modules of one source may import each
other and can never shadow the platform's own modules.

Reload rule: before answering, a source compares a fingerprint of its files (names, sizes, mtimes)
with the one it last imported; on any change, every module of that source is imported afresh.
Classes already handed out (to a running job) keep their old module objects, so a reload never
disturbs a run in progress. A source may first `prepare()` its files (a Git source checks its clone
out at the repository's recorded commit); each imported module remembers the `revision` (commit) it
came from, which a run records as its provenance.

Locking is per source: preparing a Git source may fetch over the network for minutes, and that must
never hold up job lookups of the local source or of other repositories in the same process. Within
one source, prepare and import stay serialized (one checkout of a clone at a time; across processes
the clone's file lock in extras.git.client does the same).

A source may carry a `requirements.txt` (JOBS_ROOT's own, a Git repository's at its root): `prepare()`
installs it into a folder of that source (extras.engine.requirements) and `import_all()` appends that
folder to sys.path first, so the packages it lists import, but never in place of the platform's own.
"""

from __future__ import annotations

import importlib
import importlib.machinery
import importlib.util
import inspect
import logging
import os
import sys
import threading
import traceback
import types
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from django.conf import settings

from extras.engine.requirements import (
    Requirements,
    RequirementsError,
    ensure_installed,
    prune_packages,
    requirements_of,
)
from extras.jobs.registry import collecting

logger = logging.getLogger(__name__)
NAMESPACE = "_jobsplatform_jobs"
PACKAGE_MODULE = "__init__"  # the module name of classes a source's own __init__.py defines
_namespace_lock = threading.Lock()
REQUIREMENTS_MODULE = "requirements.txt"  # the "module" of a problem installing a source's requirements
_package_dirs: dict[str, str] = {}  # source name → the folder of its requirements on sys.path here


def use_package_dir(source_name: str, directory: Path | None) -> None:
    """Put the folder of `source_name`'s installed requirements on sys.path (appended), in place of its last one.

    A folder it no longer uses is taken off the path and the modules imported from it are forgotten, so
    the next import finds the new versions (a run in progress keeps the module objects it holds).
    """
    new = str(directory) if directory is not None else None
    with _namespace_lock:
        old = _package_dirs.get(source_name)
        if old == new:
            if new is not None and new not in sys.path:
                sys.path.append(new)
            return
        if old is not None:
            while old in sys.path:
                sys.path.remove(old)
            prefix = old + os.sep
            for name, module in list(sys.modules.items()):
                if (getattr(module, "__file__", None) or "").startswith(prefix):
                    del sys.modules[name]
        if new is None:
            _package_dirs.pop(source_name, None)
        else:
            _package_dirs[source_name] = new
            if new not in sys.path:
                sys.path.append(new)


@dataclass
class ImportProblem:
    """A module that failed to import: which file, which error."""

    source: str
    module: str
    path: str
    error: str
    traceback: str = ""

    def __str__(self) -> str:
        return f"{self.path}: {self.error}"


@dataclass
class LoadedSource:
    fingerprint: tuple | None
    modules: dict[str, types.ModuleType] = field(default_factory=dict)
    problems: list[ImportProblem] = field(default_factory=list)
    revisions: dict[str, str] = field(default_factory=dict)  # module → commit its code came from
    units: dict[str, str] = field(default_factory=dict)  # module → the unit (module or package) it belongs to
    registered: dict[str, list] = field(default_factory=dict)  # unit → classes it gave register_jobs()


class SourceUnavailable(Exception):
    """A source's files cannot be brought to the state it describes (e.g. a Git fetch failed)."""


@dataclass(frozen=True)
class Resolution:
    """A class path resolved: the class (or None), the commit of its code, and why it failed if it did."""

    job_class: type | None
    revision: str = ""
    error: str = ""


class JobSource:
    """A directory of job modules imported as one private package."""

    def __init__(self, name: str, kind: str, root: Path):
        self.name = name  # class-path prefix, e.g. "local" or "git.my-repo"
        self.kind = kind  # "local" or "git"
        self.root = Path(root)
        self.package = f"{NAMESPACE}.{name.replace('.', '_').replace('-', '_')}"

    @property
    def revision(self) -> str:
        """The version of the files (a commit for Git sources); empty for a plain folder."""
        return ""

    def prepare(self) -> None:
        """Bring the files to the state this source describes before they are read; may raise SourceUnavailable.

        Here: install the requirements when this machine lacks them. A failure is reported by import_all()
        (JOBS_ROOT's jobs keep the folder they had), not raised: the other modules still import.
        """
        try:
            self.install_requirements()
        except RequirementsError as error:
            logger.warning("Could not install the requirements of %s: %s", self.name, error)

    def install_requirements(self) -> None:
        """Install the source's requirements.txt unless this machine has it; raises RequirementsError."""
        requirements = self.requirements()
        if requirements is not None and ensure_installed(requirements, retry=False)[1]:
            prune_packages(requirements.directory)  # the older folders of this source

    @property
    def requirements_root(self) -> Path:
        """The folder whose `requirements.txt` lists what this source's jobs import."""
        return self.root

    @property
    def packages_key(self) -> str:
        """The name of this source's folder under JOB_PACKAGES_ROOT (its private package's own name)."""
        return self.package.rsplit(".", 1)[-1]

    def requirements(self) -> Requirements | None:
        return requirements_of(self.requirements_root, self.packages_key)

    def _use_requirements(self, loaded: LoadedSource) -> None:
        """Put the installed requirements on the path; report requirements this machine could not install."""
        requirements = self.requirements()
        if requirements is None:
            use_package_dir(self.name, None)
        elif requirements.installed:
            use_package_dir(self.name, requirements.directory)
        else:  # the folder of the last install that worked (if any) stays in use
            try:
                ensure_installed(requirements, retry=False)
                error = "The requirements are not installed."
            except RequirementsError as failure:
                error = str(failure)
            if requirements.installed:
                use_package_dir(self.name, requirements.directory)
            else:
                problem = ImportProblem(self.name, REQUIREMENTS_MODULE, str(requirements.file), error)
                loaded.problems.append(problem)

    def module_files(self) -> list[Path]:
        """The top-level modules (`name.py`) of the source."""
        if not self.root.is_dir():
            return []
        return sorted(path for path in self.root.glob("*.py") if path.name != "__init__.py")

    def units(self) -> list[tuple[str, list[str]]]:
        """What is imported, unit by unit: each top-level module, and each package (a folder with an
        `__init__.py`) with all its submodules, as dotted names relative to the root (`my_jobs.math`)."""
        units = [(path.stem, [path.stem]) for path in self.module_files()]
        if self.root.is_dir():
            for folder in sorted(self.root.iterdir()):
                if folder.is_dir() and (folder / "__init__.py").is_file() and folder.name.isidentifier():
                    units.append((folder.name, package_modules(folder, folder.name)))
        return units

    def fingerprint(self) -> tuple:
        """(relative path, size, mtime) of every file below the root, __pycache__ aside.

        Read before every resolution, so it walks with os.scandir (pathlib's rglob was five times slower).
        """
        entries = []
        folders = [("", str(self.root))] if self.root.is_dir() else []
        while folders:
            prefix, folder = folders.pop()
            with os.scandir(folder) as listing:
                for entry in listing:
                    if entry.is_dir(follow_symlinks=False):
                        if entry.name != "__pycache__":
                            folders.append((f"{prefix}{entry.name}/", entry.path))
                    elif entry.is_file():
                        stat = entry.stat()
                        entries.append((f"{prefix}{entry.name}", stat.st_size, stat.st_mtime_ns))
        return tuple(sorted(entries))

    def import_all(self, previous: LoadedSource | None = None) -> LoadedSource:
        """Import every module of this source afresh; failures are recorded, never fatal to the others.

        A module that fails to import keeps its previously imported version (if any), so a broken
        edit does not take working jobs away until the code is fixed. The classes each unit registers
        (register_jobs) are kept with it.
        """
        loaded = LoadedSource(fingerprint=self.fingerprint())
        self._use_requirements(loaded)
        self._purge()
        with collecting() as registered:
            package = self._make_package()
        if registered:
            loaded.registered[""] = registered
        importlib.invalidate_caches()
        for unit, module_names in self.units():
            with collecting() as registered:
                for module_name in module_names:
                    loaded.units[module_name] = unit
                    self._import_module(package, module_name, loaded, previous)
            if registered:
                loaded.registered[unit] = registered
        for job_class in loaded.registered.get("", []):
            if job_class.__module__ == package.__name__:  # defined in the source's own __init__.py
                loaded.modules.setdefault(PACKAGE_MODULE, package)
                loaded.revisions.setdefault(PACKAGE_MODULE, self.revision)
        return loaded

    def _import_module(
        self, package: types.ModuleType, module_name: str, loaded: LoadedSource, previous: LoadedSource | None
    ) -> None:
        try:
            module = importlib.import_module(f"{package.__name__}.{module_name}")
        except BaseException as error:
            if isinstance(error, KeyboardInterrupt):
                raise
            path = self.root / (module_name.replace(".", "/") + ".py")
            loaded.problems.append(
                ImportProblem(
                    source=self.name,
                    module=module_name,
                    path=str(path),
                    error=f"{type(error).__name__}: {error}",
                    traceback=traceback.format_exc(),
                )
            )
            logger.warning("Could not import job module %s: %s", path, error)
            if previous is not None and module_name in previous.modules:
                loaded.modules[module_name] = previous.modules[module_name]
                loaded.revisions[module_name] = previous.revisions.get(module_name, "")
            return
        loaded.modules[module_name] = module
        loaded.revisions[module_name] = self.revision

    def registered_jobs(self, loaded: LoadedSource, module_name: str) -> list[type] | None:
        """The classes register_jobs() made the jobs of this module's unit, or None when it was not called."""
        unit = "" if module_name == PACKAGE_MODULE else loaded.units.get(module_name, module_name)
        return loaded.registered.get(unit)

    def _make_package(self) -> types.ModuleType:
        with _namespace_lock:  # sources import in parallel: create the shared parent once
            if NAMESPACE not in sys.modules:
                namespace = types.ModuleType(NAMESPACE)
                namespace.__path__ = []
                sys.modules[NAMESPACE] = namespace
        init = self.root / "__init__.py"
        if init.exists():
            spec = importlib.util.spec_from_file_location(
                self.package, init, submodule_search_locations=[str(self.root)]
            )
        else:  # a plain folder of modules (or none yet): a package without code of its own
            spec = importlib.machinery.ModuleSpec(self.package, None, is_package=True)
            spec.submodule_search_locations = [str(self.root)]
        package = importlib.util.module_from_spec(spec)
        sys.modules[self.package] = package
        if init.exists():
            spec.loader.exec_module(package)
        return package

    def _purge(self) -> None:
        """Forget the modules imported before, also under the top-level names aliases gave them."""
        prefix = self.package + "."

        def ours(name: str, module) -> bool:
            real = getattr(module, "__name__", "")
            return any(value == self.package or value.startswith(prefix) for value in (name, real))

        for name in [name for name, module in list(sys.modules.items()) if ours(name, module)]:
            del sys.modules[name]


@dataclass(frozen=True)
class DiscoveredJob:
    source: JobSource
    module_name: str
    module_display_name: str
    job_class: type
    position: int | None = None  # index in the module's `script_order` (NetBox), if listed there

    @property
    def class_path(self) -> str:
        return f"{self.source.name}/{self.module_name}/{self.job_class.__name__}"


class JobLoader:
    """Keeps each source's modules imported and fresh; thread-safe, with one lock per source."""

    def __init__(self):
        self._lock = threading.Lock()  # guards the dictionaries only; never held during I/O or imports
        self._source_locks: dict[str, threading.RLock] = {}
        self._loaded: dict[str, LoadedSource] = {}
        self._providers: list = []

    def add_provider(self, provider) -> None:
        """`provider(name) -> JobSource | None` supplies sources on demand (Git repositories, from the database).

        Provided sources are not scanned by default (`sources()`): their records are kept by their own sync.
        """
        if provider not in self._providers:
            self._providers.append(provider)

    def sources(self) -> list[JobSource]:
        return [JobSource("local", "local", Path(settings.JOBS_ROOT))]

    @contextmanager
    def locked(self, name: str) -> Iterator[None]:
        """Held while the source `name` is prepared or imported (re-entrant; other sources go on)."""
        with self._lock:
            lock = self._source_locks.setdefault(name, threading.RLock())
        with lock:
            yield

    def unregister_source(self, name: str) -> None:
        """Forget what was imported from source `name` (a deleted Git repository)."""
        with self.locked(name), self._lock:
            self._loaded.pop(name, None)

    def get_source(self, name: str) -> JobSource | None:
        found = next((source for source in self.sources() if source.name == name), None)
        for provider in self._providers:
            if found is not None:
                break
            found = provider(name)
        return found

    def load(self, source: JobSource, *, force: bool = False) -> LoadedSource:
        with self.locked(source.name):
            try:
                source.prepare()
            except SourceUnavailable as error:
                # Never fall back to code of another version: the run would not be what was recorded.
                problem = ImportProblem(
                    source=source.name, module="", path=str(source.root), error=str(error)
                )
                return LoadedSource(fingerprint=None, problems=[problem])
            with self._lock:
                current = self._loaded.get(source.name)
            if force or current is None or current.fingerprint != source.fingerprint():
                current = source.import_all(previous=current)
                with self._lock:
                    self._loaded[source.name] = current
            return current

    def discover(self, source: JobSource | None = None) -> list[DiscoveredJob]:
        from extras.jobs import Job
        from extras.jobs.base import get_module_display_name

        found = []
        for each in [source] if source else self.sources():
            loaded = self.load(each)
            for module_name, module in sorted(loaded.modules.items()):
                display = get_module_display_name(module, module_name)
                order = declared_order(module)
                registered = each.registered_jobs(loaded, module_name)
                for _, member in inspect.getmembers(module, inspect.isclass):
                    if registered is not None and member not in registered:
                        continue
                    if Job.is_job_class(member) and member.__module__ == module.__name__:
                        member.module_name = module_name
                        found.append(DiscoveredJob(each, module_name, display, member, order.get(member)))
        return found

    def problems(self) -> list[ImportProblem]:
        return [problem for source in self.sources() for problem in self.load(source).problems]

    def get_job_class(self, class_path: str) -> type | None:
        """The class at `<source>/<module>/<ClassName>`, re-imported first if its source changed."""
        return self.resolve(class_path).job_class

    def resolve(self, class_path: str) -> Resolution:
        """The class at `class_path` with the revision of its code, or None and the reason."""
        parts = class_path.split("/")
        if len(parts) != 3:
            return Resolution(None)
        source_name, module_name, class_name = parts
        source = self.get_source(source_name)
        if source is None:
            return Resolution(None)
        loaded = self.load(source)
        if loaded.fingerprint is None:
            return Resolution(None, error="; ".join(str(problem.error) for problem in loaded.problems))
        module = loaded.modules.get(module_name)
        job_class = getattr(module, class_name, None) if module else None
        from extras.jobs import Job

        if job_class is None or not Job.is_job_class(job_class):
            return Resolution(None)
        registered = source.registered_jobs(loaded, module_name)
        if registered is not None and job_class not in registered:
            return Resolution(None)
        job_class.module_name = module_name
        return Resolution(job_class, revision=loaded.revisions.get(module_name, ""))


def package_modules(folder: Path, dotted: str) -> list[str]:
    """A package's module names, the package first, then its modules and subpackages (depth first)."""
    names = [dotted]
    for path in sorted(folder.iterdir()):
        if path.suffix == ".py" and path.name != "__init__.py" and path.stem.isidentifier():
            names.append(f"{dotted}.{path.stem}")
        elif path.is_dir() and (path / "__init__.py").is_file() and path.name.isidentifier():
            names.extend(package_modules(path, f"{dotted}.{path.name}"))
    return names


def declared_order(module: types.ModuleType) -> dict[type, int]:
    """Positions of the classes a module lists in `script_order` (NetBox: the order of its scripts)."""
    order = getattr(module, "script_order", None)
    if not isinstance(order, list | tuple):
        return {}
    return {job_class: index for index, job_class in enumerate(order) if inspect.isclass(job_class)}


loader = JobLoader()


def get_job_class(class_path: str) -> type | None:
    return loader.get_job_class(class_path)
