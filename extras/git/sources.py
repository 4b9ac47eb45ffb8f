"""Git repositories as job sources: the clone at the recorded commit, imported as one private package.

`provide_git_source` is registered with the loader (extras/apps.py): whenever any process (web or
worker, on any machine) resolves `git.<slug>/...`, the repository row is read and the source first
checks its own clone out at `current_head`, fetching if needed. A module that fails to import at
that commit but has a fallback commit recorded is imported from a snapshot of that commit instead
(GIT_ROOT/.snapshots/<slug>/<commit>/), so its jobs keep running their last good code everywhere.
A `requirements.txt` at the repository's root is installed by the sync and, on a machine that does not
have it yet, before the jobs are imported there (extras.engine.requirements); modules imported from a
snapshot use the requirements of the recorded commit.
"""

from __future__ import annotations

import importlib
import logging
import shutil
import sys
import threading
import types
from pathlib import Path

from django.conf import settings

from core.encryption import SecretUnreadable, SecretVariableMissing
from extras.choices import JobSourceChoices
from extras.engine.loading import NAMESPACE, JobSource, LoadedSource, SourceUnavailable
from extras.engine.requirements import RequirementsError, remove_packages
from extras.git.client import NO_CREDENTIALS, Credentials, GitError, check_out, export_tree
from extras.models import GitRepository

logger = logging.getLogger(__name__)
SNAPSHOTS = ".snapshots"
_reported_missing: set[str] = set()  # token variables found missing in this process (logged once each)
_reported_lock = threading.Lock()


def clone_path(repository: GitRepository) -> Path:
    return Path(settings.GIT_ROOT) / repository.slug


def snapshot_path(repository: GitRepository, commit: str) -> Path:
    return Path(settings.GIT_ROOT) / SNAPSHOTS / repository.slug / commit


def credentials_for(repository: GitRepository) -> Credentials:
    """The repository's credentials for one git command (raises SecretUnreadable)."""
    if not repository.has_token:
        return NO_CREDENTIALS
    return Credentials(username=repository.username, token=repository.get_token())


class GitJobSource(JobSource):
    """The `jobs/` package of one repository at one commit (`head`), with per-module fallback commits."""

    def __init__(self, repository: GitRepository, *, head: str | None = None, fallbacks: dict | None = None):
        super().__init__(repository.source_name, JobSourceChoices.SOURCE_GIT, clone_path(repository) / "jobs")
        self.repository = repository
        self.head = repository.current_head if head is None else head
        self.fallbacks = dict(repository.job_fallbacks if fallbacks is None else fallbacks)
        # Keyed by the row, not the slug: slugs `a-b` and `a_b` must not share a package.
        self.package = f"{NAMESPACE}.git_{repository.pk.hex}"

    @property
    def revision(self) -> str:
        return self.head

    @property
    def requirements_root(self) -> Path:
        return clone_path(self.repository)

    @property
    def has_package(self) -> bool:
        return (self.root / "__init__.py").is_file()

    def prepare(self) -> None:
        if not self.head:
            raise SourceUnavailable(f"Git repository {self.repository} has not been synced yet.")
        repository = self.repository
        missing = None
        try:
            credentials = credentials_for(repository)
        except SecretVariableMissing as error:
            # Never fetch without the credentials (it would fail, or reach a server unauthenticated);
            # a clone that already has the recorded commit needs none.
            missing, credentials = error, NO_CREDENTIALS
            report_missing_variable(error)
        except SecretUnreadable as error:
            raise SourceUnavailable(
                f"Could not check out commit {self.head[:12]} of Git repository {repository}: {error}"
            ) from None
        try:
            check_out(
                clone_path(repository),
                repository.remote_url,
                branch=repository.branch,
                commit=self.head,
                credentials=credentials,
                fetch=missing is None,
            )
        except GitError as error:
            reason = f"{error} {missing}" if missing else str(error)
            raise SourceUnavailable(
                f"Could not check out commit {self.head[:12]} of Git repository {repository}: {reason}"
            ) from None
        try:
            self.install_requirements()
        except RequirementsError as error:
            # Never import the jobs without the packages the recorded commit asks for.
            raise SourceUnavailable(
                f"Could not install the requirements.txt of commit {self.head[:12]} of Git repository "
                f"{repository} on this machine: {error}"
            ) from None

    def fingerprint(self) -> tuple:
        return ("git", str(self.root), self.head, tuple(sorted(self.fallbacks.items())))

    def module_files(self) -> list[Path]:
        # A repository's `jobs/` must be a package (so its modules can import each other).
        return super().module_files() if self.has_package else []

    def units(self) -> list[tuple[str, list[str]]]:
        return super().units() if self.has_package else []

    def registered_jobs(self, loaded: LoadedSource, module_name: str) -> list[type] | None:
        """A repository's `jobs/` is one package: if any of it called register_jobs() (Nautobot 2.x puts the
        call in `jobs/__init__.py`), the classes registered are its jobs, wherever they are defined."""
        if not loaded.registered:
            return None
        return [job_class for classes in loaded.registered.values() for job_class in classes]

    def import_all(self, previous: LoadedSource | None = None) -> LoadedSource:
        # No in-memory carry-over: which code a broken module falls back to is recorded in the
        # database, so every process (and a freshly started one) runs the same commit.
        loaded = super().import_all(previous=None)
        for problem in loaded.problems:
            commit = self.fallbacks.get(problem.module)
            if commit and commit != self.head:
                module = self._import_from_snapshot(problem.module, commit)
                if module is not None:
                    loaded.modules[problem.module] = module
                    loaded.revisions[problem.module] = commit
        return loaded

    def _import_from_snapshot(self, module_name: str, commit: str) -> types.ModuleType | None:
        try:
            tree = export_tree(clone_path(self.repository), commit, snapshot_path(self.repository, commit))
        except GitError as error:
            logger.warning("No snapshot of %s at %s: %s", self.repository, commit, error)
            return None
        snapshot = JobSource(self.name, self.kind, tree / "jobs")
        snapshot.package = f"{self.package}_at_{commit[:16]}"  # immutable code: imported once per process
        if snapshot.package not in sys.modules:
            snapshot._make_package()
        try:
            return importlib.import_module(f"{snapshot.package}.{module_name}")
        except Exception as error:
            logger.warning(
                "Could not import %s from commit %s of %s: %s", module_name, commit, self.name, error
            )
            return None


def report_missing_variable(error: SecretVariableMissing) -> None:
    """Log, once per process and variable, that a token variable is missing (its name, never a value)."""
    with _reported_lock:
        if error.variable in _reported_missing:
            return
        _reported_missing.add(error.variable)
    logger.error("%s Its jobs resolve only at commits this machine's clone already has.", error)


def provide_git_source(name: str) -> GitJobSource | None:
    """The loader's provider for `git.<slug>`: one indexed query, so the recorded commit is always current."""
    if not name.startswith("git."):
        return None
    repository = GitRepository.objects.filter(slug=name[len("git.") :]).first()
    if repository is None or not repository.provides_jobs:
        return None
    return GitJobSource(repository)


def remove_local_copies(slug: str) -> None:
    """Delete this machine's clone and snapshots of a repository (after it was deleted or renamed)."""
    root = Path(settings.GIT_ROOT)
    shutil.rmtree(root / slug, ignore_errors=True)
    shutil.rmtree(root / SNAPSHOTS / slug, ignore_errors=True)


def prune_local_copies(repository: GitRepository) -> None:
    """Remove clones and packages of repositories that no longer exist, and snapshots this repository no
    longer needs."""
    packages = Path(settings.JOB_PACKAGES_ROOT)
    if packages.is_dir():
        keys = {f"git_{pk.hex}" for pk in GitRepository.objects.values_list("pk", flat=True)}
        for entry in packages.iterdir():
            if entry.name.startswith("git_") and entry.name not in keys:
                remove_packages(entry.name)
    root = Path(settings.GIT_ROOT)
    if not root.is_dir():
        return
    slugs = set(GitRepository.objects.values_list("slug", flat=True))
    for entry in root.iterdir():
        if entry.is_dir() and not entry.name.startswith(".") and entry.name not in slugs:
            remove_local_copies(entry.name)
    snapshots = root / SNAPSHOTS / repository.slug
    if snapshots.is_dir():
        wanted = set(repository.job_fallbacks.values())
        for entry in snapshots.iterdir():
            if entry.name not in wanted and not entry.name.startswith("."):
                shutil.rmtree(entry, ignore_errors=True)
