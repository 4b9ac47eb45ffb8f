"""Synchronizing a Git repository, as a run of its own: a JobResult with log lines, executed on a worker.

`enqueue_sync()` records the pending result and hands it to a worker (the API, the UI and `syncrepo`
all call it): inside a transaction after commit, outside one at once, so a broker that refuses it is
answered to the caller (BrokerUnavailable) and leaves no result behind. `run_sync_result()` is what the worker executes:
1. fetch the branch and check out its head in this machine's clone; record the commit on the result;
2. if the repository provides jobs: install its `requirements.txt` (if any) into its own folder on this
   machine and log the versions installed; a failed install fails the sync with the installer's output
   and keeps the previous commit (extras.engine.requirements). Then import `jobs/` at that commit. A
   module that fails is reported ("Error in loading Jobs from ...") and keeps running the code of its
   last good commit (recorded in `job_fallbacks`); a `jobs/` without `__init__.py` fails the sync and
   keeps the previous commit;
3. in one transaction: `current_head` (and the fallbacks) are saved and the Job records are brought
   in line (created, refreshed, marked not installed). From then on every process checks out that
   commit before running the repository's jobs (extras.git.sources).
The result ends failed if any failure line was logged, errored if git or the runner itself broke.
"""

from __future__ import annotations

import functools
import logging
import time
import uuid

from django.conf import settings
from django.db import transaction

from core.encryption import SecretUnreadable
from extras.choices import JobResultStatusChoices as Status
from extras.choices import LogLevelChoices as Level
from extras.engine import dispatch
from extras.engine.job_records import sync_job_records
from extras.engine.loading import loader
from extras.engine.logging import JobLogWriter
from extras.engine.requirements import RequirementsError, ensure_installed, prune_packages, remove_packages
from extras.git.client import GitError, changed_files, check_out
from extras.git.sources import (
    GitJobSource,
    clone_path,
    credentials_for,
    prune_local_copies,
    remove_local_copies,
)
from extras.models import GitRepository, Job, JobResult

logger = logging.getLogger(__name__)


def enqueue_sync(
    repository: GitRepository, *, user=None, require_worker: bool = True, enqueue: bool = True
) -> JobResult:
    """Record a pending sync of `repository` and send it to a worker (unless not `enqueue`: the caller
    then runs it itself with run_sync_result).

    Inside a transaction it is sent once that commits (a broker failure then ends it errored, with the
    reason in its log); outside one it is sent at once, and when the broker refuses it the result is
    deleted again and extras.engine.services.BrokerUnavailable raised. Raises NoWorkerAvailable when
    `require_worker` and nobody listens on the queue.
    """
    from extras.engine.services import check_worker_available

    queue = settings.CELERY_TASK_DEFAULT_QUEUE
    if enqueue and require_worker:
        check_worker_available(queue)
    result = JobResult.objects.create(
        name=repository.name,
        git_repository=repository,
        user=user if user is not None and user.is_authenticated else None,
        task_id=uuid.uuid4(),
        task_queue=queue,
    )
    previous_id = repository.last_sync_result_id
    GitRepository.objects.filter(pk=repository.pk).update(last_sync_result=result)
    repository.last_sync_result = result
    if enqueue:
        if transaction.get_connection().in_atomic_block:
            transaction.on_commit(lambda: send_sync(result))
        else:
            send_sync(result, withdraw=functools.partial(withdraw_sync, repository, result, previous_id))
    return result


def withdraw_sync(repository: GitRepository, result: JobResult, previous_id) -> None:
    """Undo enqueue_sync(): the repository points at its previous sync again and the result is gone."""
    GitRepository.objects.filter(pk=repository.pk, last_sync_result=result).update(
        last_sync_result_id=previous_id
    )
    repository.last_sync_result_id = previous_id
    result.delete()


def send_sync(result: JobResult, *, withdraw=None) -> bool:
    """Hand the sync to the broker. On failure: `withdraw()` and raise BrokerUnavailable when given
    (the requester is still waiting), else end the result errored with the reason."""
    from extras.engine.services import BrokerUnavailable, broker_failure_message
    from extras.liveness.reaper import end_lost_run

    try:
        dispatch.send_sync(result)
    except Exception as error:
        logger.warning("Could not enqueue the sync %s: %s", result.pk, error)
        if withdraw is not None:
            withdraw()
            raise BrokerUnavailable(broker_failure_message(error)) from error
        end_lost_run(
            result,
            f"Could not hand the sync to the workers: the task broker is unreachable: `{type(error).__name__}`",
        )
        return False
    return True


def run_sync_result(job_result_id, *, worker: str | None = None) -> JobResult | None:
    """Run the pending sync `job_result_id` to a terminal status (see the module docstring)."""
    from extras.engine.runner import worker_name

    result = JobResult.objects.select_related("git_repository").filter(pk=job_result_id).first()
    if result is None or not result.mark_running(worker or worker_name()):
        return result
    writer = JobLogWriter(result.pk, worker=result.worker).start()
    status = Status.STATUS_ERRORED
    sync = None
    try:
        if result.git_repository is None:
            writer(Level.LOG_FAILURE, "The repository was deleted before it could be synced.", grouping="git")
        else:
            sync = RepositorySync(result, writer)
            status = sync.run()
    except Exception as error:
        logger.exception("Sync %s broke", result.pk)
        writer(
            Level.LOG_FAILURE, f"The sync was interrupted: `{type(error).__name__}: {error}`", grouping="git"
        )
    finally:
        writer.close()
        result.mark_finished(status, counters=writer.counted(), data=(sync.data or None) if sync else None)
    return result


class RepositorySync:
    """One sync of one repository, logging each step on the result."""

    def __init__(self, result: JobResult, writer: JobLogWriter):
        self.result = result
        self.repository = result.git_repository
        self.writer = writer
        self.data: dict = {}  # stored as the result's `data`: {"requirements": ["name==version", ...]}

    def log(self, level: str, message: str, obj=None, grouping: str = "git") -> None:
        self.writer(level, message, obj, grouping=grouping)

    def run(self) -> str:
        started = time.monotonic()
        repository = self.repository
        old_head = repository.current_head
        self.log(Level.LOG_INFO, f"Fetching branch `{repository.branch}` from `{repository.remote_url}`.")
        try:
            commit = check_out(
                clone_path(repository),
                repository.remote_url,
                branch=repository.branch,
                credentials=credentials_for(repository),
            )
        except (GitError, SecretUnreadable) as error:
            self.log(Level.LOG_FAILURE, f"Could not refresh the repository: {error}")
            return Status.STATUS_ERRORED
        self.result.set_source_commit(commit)
        self.log_changes(old_head, commit)
        self.log(
            Level.LOG_SUCCESS, f"Repository successfully refreshed: branch `{repository.branch}` at {commit}."
        )
        if repository.provides_jobs:
            if self.install_requirements(commit, old_head):
                self.refresh_jobs(commit, old_head)
        else:
            with transaction.atomic():
                self.save_head(commit, {})
                self.uninstall(Job.objects.filter(source_name=repository.source_name, installed=True))
        prune_local_copies(repository)
        self.log(
            Level.LOG_INFO,
            f"Repository synchronization completed in {time.monotonic() - started:.2f} seconds.",
        )
        return Status.STATUS_FAILED if self.writer.counts[Level.LOG_FAILURE] else Status.STATUS_COMPLETED

    def log_changes(self, old_head: str, commit: str) -> None:
        if not old_head:
            self.log(Level.LOG_INFO, f"First sync: cloned at commit {commit}.")
            return
        changes = changed_files(clone_path(self.repository), old_head, commit)
        if changes:
            listing = "\n".join(f"- `{line}`" for line in changes[:50])
            self.log(Level.LOG_INFO, f"Changed since {old_head[:12]}:\n{listing}")
        else:
            self.log(Level.LOG_INFO, "Repository has no changes.")

    def install_requirements(self, commit: str, old_head: str) -> bool:
        """Install the commit's requirements.txt on this machine; False (and the sync fails) if that fails."""
        requirements = GitJobSource(self.repository, head=commit).requirements()
        if requirements is None:
            return True
        self.log(
            Level.LOG_INFO,
            f"Installing `requirements.txt` into `{requirements.directory}`.",
            grouping="requirements",
        )
        try:
            pinned, installed_now = ensure_installed(requirements)
        except RequirementsError as error:
            self.log(
                Level.LOG_FAILURE,
                f"Could not install `requirements.txt` at commit {commit[:12]}. The recorded commit was not "
                f"changed; {what_stays(old_head)}.\n\n```\n{error}\n```",
                grouping="requirements",
            )
            return False
        self.data["requirements"] = pinned
        prune_packages(requirements.directory)
        listing = ", ".join(f"`{line}`" for line in pinned) or "nothing"
        verb = "Installed" if installed_now else "Already installed on this machine"
        self.log(Level.LOG_SUCCESS, f"{verb}: {listing}.", grouping="requirements")
        return True

    def save_head(self, commit: str, fallbacks: dict) -> None:
        repository = self.repository
        repository.current_head = commit
        repository.job_fallbacks = fallbacks
        GitRepository.objects.filter(pk=repository.pk).update(current_head=commit, job_fallbacks=fallbacks)

    def refresh_jobs(self, commit: str, old_head: str) -> None:
        repository = self.repository
        trial = GitJobSource(repository, head=commit, fallbacks={})
        if not trial.root.is_dir():
            self.log(Level.LOG_WARNING, "No `jobs` subdirectory found in Git repository.", grouping="jobs")
            with transaction.atomic():
                self.save_head(commit, {})
                self.uninstall(Job.objects.filter(source_name=repository.source_name, installed=True))
            return
        if not trial.has_package:
            self.log(
                Level.LOG_FAILURE,
                f"`jobs/` has no `__init__.py` at commit {commit[:12]}, so it cannot be imported as a package: "
                f"add an empty `jobs/__init__.py`. The recorded commit was not changed; {what_stays(old_head)}.",
                grouping="jobs",
            )
            return
        # Under the source's lock: the trial import replaces the package this process runs the jobs from.
        with loader.locked(trial.name):
            fallbacks = self.fallbacks_for(trial.import_all().problems, old_head)
            source = GitJobSource(repository, head=commit, fallbacks=fallbacks)
            loader.load(source, force=True)
        with transaction.atomic():
            self.save_head(commit, fallbacks)
            report = sync_job_records([source])
            for job in report.created:
                self.log(Level.LOG_SUCCESS, "Created Job record", job, grouping="jobs")
            for job in report.refreshed:
                self.log(Level.LOG_SUCCESS, "Refreshed Job record", job, grouping="jobs")
            for job in report.uninstalled:
                self.log(Level.LOG_WARNING, "Marking Job record as no longer installed", job, grouping="jobs")

    def fallbacks_for(self, problems: list, old_head: str) -> dict[str, str]:
        """Report each module that fails at the new commit; keep the commit its jobs last imported at."""
        repository = self.repository
        previous = repository.job_fallbacks or {}
        with_jobs = set(
            Job.objects.filter(source_name=repository.source_name, installed=True).values_list(
                "module_name", flat=True
            )
        )
        fallbacks = {}
        for problem in problems:
            self.log(
                Level.LOG_FAILURE,
                f"Error in loading Jobs from `{problem.module}`: `{problem.error}`",
                grouping="jobs",
            )
            good = previous.get(problem.module) or (old_head if problem.module in with_jobs else "")
            if good:
                fallbacks[problem.module] = good
                self.log(
                    Level.LOG_WARNING,
                    f"The jobs of `{problem.module}` keep running the code of commit {good[:12]} "
                    "until the module imports again.",
                    grouping="jobs",
                )
        return fallbacks

    def uninstall(self, jobs) -> None:
        for job in jobs:
            job.installed = False
            job.save(update_fields=["installed", "last_updated"])
            self.log(Level.LOG_WARNING, "Marking Job record as no longer installed", job, grouping="jobs")


def forget_repository(sender, instance: GitRepository, **kwargs) -> None:
    """After a repository is deleted: its jobs are no longer installed, this machine's copies go."""
    Job.objects.filter(source_name=instance.source_name, installed=True).update(installed=False)
    loader.unregister_source(instance.source_name)
    transaction.on_commit(lambda: remove_local_copies(instance.slug))
    transaction.on_commit(lambda: remove_packages(f"git_{instance.pk.hex}"))


def what_stays(old_head: str) -> str:
    """What a failed sync leaves in use: the jobs of the commit recorded before it, if any."""
    return f"the jobs of commit {old_head[:12]} stay in use" if old_head else "no jobs were loaded"
