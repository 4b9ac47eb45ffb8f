"""THE execution path of a job run, shared by the worker task, `runjob --local`, dry runs and tests.

Lifecycle of `run_job_result(id)`:
1. The JobResult moves pending → running (a conditional update: a result that is no longer pending,
   e.g. cancelled or already taken by another worker, is left alone). Its heartbeat starts.
2. Initialization (grouping "initialization"): the job class is resolved through the loader (which
   re-imports changed code; a Git job's clone is first brought to its repository's recorded commit,
   and the commit the code came from is stored on the result), the record must be enabled and
   installed, inputs are validated and converted. Any problem → a failure line naming it, status errored.
3. Inside one `transaction.atomic()`: `run(data, commit)`, then each `test_*()` in declaration order
   (unless run() ran them itself, as a NetBox script's run_tests() does), their changes recorded (by the
   change tracker the change log registers, extras.engine.features). run()'s output is what it returns, or
   else what it left in `self.output` (NetBox scripts). AbortJob raised by the author → rollback, "Job
   aborted: <reason>" without traceback, status failed. Then, still inside the transaction, the changes
   are settled: commit false or read-only → they are captured as the run's change set, then rollback,
   "Database changes have been reverted automatically." (not said for read-only jobs), and the change set
   is stored with the result; commit → when the run must reproduce a reviewed dry run and its changes
   differ, rollback, one failure line per difference, status failed; else they are written to the change
   log and committed with the job's work. An exception → rollback, "An exception occurred" + traceback,
   "Database changes have been reverted due to error.", status errored; the soft time limit → the same,
   with a line naming the limit. A run that is no longer running when it would commit (the reaper ended it
   while its worker was out of touch) → the same, with a line saying so: it never commits what its log
   says was rolled back. Otherwise failed if any log_failure, else completed.
4. `post_run()` always runs last, in its own transaction, which is rolled back too unless the
   changes of step 3 were committed (then its own changes are logged too). An exception there → errored.
5. Counters, output and the number of changes are stored and the status becomes terminal.
At the hard time limit Celery's pool stops the process and reports it; the worker then ends the result
with the one line naming the limit (extras.tasks). In a worker (`enforce_time_limit`), a run that is still
going a moment after its limit (the pool did not stop it) is stopped by the log flusher, which ends the
process; the pool's report of the lost process, or the reaper, then ends the result the same way.
Log lines are written by extras.engine.logging.JobLogWriter on a separate connection, so they are visible
while the job runs and survive every rollback.
"""

from __future__ import annotations

import json
import logging
import os
import signal
import socket
import threading
import traceback
from contextlib import contextmanager

from django.core.serializers.json import DjangoJSONEncoder
from django.db import transaction

from extras.choices import JobResultStatusChoices as Status
from extras.choices import LogLevelChoices as Level
from extras.engine import features
from extras.engine.loading import Resolution, loader
from extras.engine.logging import JobLogWriter, lines_written_before
from extras.engine.memory import memory_limit, memory_limit_of
from extras.engine.singletons import singleton_refusal
from extras.models import JobResult

logger = logging.getLogger(__name__)

REVERTED = "Database changes have been reverted automatically."
REVERTED_DUE_TO_ERROR = "Database changes have been reverted due to error."
REVERTED_UNREVIEWED = "Database changes have been reverted: they are not the changes that were reviewed."
ENDED_MEANWHILE = (
    "This run was ended while it ran (its worker was out of touch for too long, e.g. cut off the network), "
    "so its changes were not committed."
)


class JobSoftTimeLimitExceeded(Exception):
    """Raised inside the job when its soft time limit passes."""


class _RollBack(Exception):
    """Private sentinel: leave the atomic block and roll its changes back."""


class _EndedMeanwhile(Exception):
    """Private sentinel: the run was ended by someone else while its transaction was open; roll it back."""


def worker_name() -> str:
    return f"{socket.gethostname()}:{os.getpid()}"


def run_job_result(
    job_result_id,
    *,
    data: dict | None = None,
    files: dict | None = None,
    worker: str | None = None,
    enforce_time_limit: bool = False,
) -> JobResult | None:
    """Run the pending JobResult `job_result_id` to a terminal status (see module docstring)."""
    result = with_database_retry(
        lambda: JobResult.objects.select_related("job_model", "user").filter(pk=job_result_id).first()
    )
    if result is None:
        logger.warning("Run %s not started: no such job result", job_result_id)
        return None
    worker = worker or worker_name()
    if not with_database_retry(lambda: result.mark_running(worker)):
        logger.info("Run %s not started: it is %s, not pending", job_result_id, result.status)
        return result
    # In a worker process the hard time limit is also enforced here, in case the pool does not stop the run.
    limit = result.job_model.effective_time_limit if (enforce_time_limit and result.job_model) else None
    # Only a scheduler's note or the reaper's (a run handed out again) can precede the run's own lines.
    noted = result.attempts or result.schedule_id
    last_sequence, counts = lines_written_before(result.pk) if noted else (0, {})
    writer = JobLogWriter(
        result.pk, worker=worker, hard_time_limit=limit, start_sequence=last_sequence, initial_counts=counts
    ).start()
    try:
        _Run(result, writer, data, files, in_worker=enforce_time_limit).execute()
    except BaseException as error:  # whatever happens, the result must end terminal
        if stopped_at_time_limit(result, error):
            # The pool stops this process at the hard time limit and ends the result itself, naming the
            # limit (extras.tasks.end_run_whose_process_was_lost, the reaper as the backstop): one line.
            with_database_retry(writer.close)
            raise
        writer(Level.LOG_FAILURE, interrupted_message(result, error), grouping="post_run")
        with_database_retry(writer.close)
        with_database_retry(lambda: result.mark_finished(Status.STATUS_ERRORED, counters=writer.counted()))
        if not isinstance(error, Exception):
            raise
        return result
    return result


DATABASE_RETRY_FOR = 30.0  # seconds: long enough for a database server to restart


def with_database_retry(action, *, retry_for: float = DATABASE_RETRY_FOR):
    """Run `action()`, reconnecting and trying again while the database is unreachable (e.g. restarting).

    Used for the runner's own bookkeeping (start, last lines, final status), never inside a job's
    transaction: a run must end terminal, with its lines, even when the database went away meanwhile.
    """
    import time

    from django.db import InterfaceError, OperationalError, connections

    deadline = time.monotonic() + retry_for
    while True:
        try:
            return action()
        except (OperationalError, InterfaceError):
            if time.monotonic() > deadline:
                raise
            for connection in connections.all(initialized_only=True):
                if not connection.in_atomic_block:
                    connection.close()
            time.sleep(0.5)


def stopped_at_time_limit(result: JobResult, error: BaseException) -> bool:
    """Whether `error` is the pool stopping this process at the run's hard time limit (SIGTERM → SystemExit)."""
    from django.utils import timezone

    limit = result.job_model.effective_time_limit if result.job_model else 0
    elapsed = (timezone.now() - result.started).total_seconds() if result.started else 0
    return isinstance(error, SystemExit) and bool(limit) and elapsed >= limit * 0.95


def interrupted_message(result: JobResult, error: BaseException) -> str:
    """Why the runner itself was interrupted (other than by the hard time limit)."""
    return f"The runner was interrupted: `{type(error).__name__}: {error}`"


class _Run:
    """One execution of one result; split out so each step stays small."""

    def __init__(
        self,
        result: JobResult,
        writer: JobLogWriter,
        data: dict | None,
        files: dict | None,
        *,
        in_worker: bool = False,
    ):
        self.result = result
        self.in_worker = in_worker  # a pool process of its own: the memory limit applies
        self.writer = writer
        self.raw_data = data if data is not None else (result.job_kwargs or {}).get("data", {})
        self.files = files or {}
        self.output: list[str] = []
        self.returned = None  # what run() returned
        self.status = Status.STATUS_COMPLETED
        self.job = None
        self.changes = features.run_changes(result)

    def log(self, level: str, message: str, grouping: str) -> None:
        self.writer(level, message, grouping=grouping)

    def execute(self) -> None:
        prepared = self.initialize()
        if prepared is not None:
            job, data, commit, read_only = prepared
            committed = self.run_body(job, data, commit, read_only)
            self.run_post_run(job, committed)
        self.finish()

    def fail_initialization(self, message: str) -> None:
        self.log(Level.LOG_FAILURE, message, "initialization")
        self.status = Status.STATUS_ERRORED

    def initialize(self):
        """The job instance, its validated input, commit and read-only; None (the run errored) if it cannot run."""
        record = self.result.job_model
        job_class = self.load_job_class(record)
        if job_class is None:
            return None
        prepared = self.instantiate(record, job_class)
        if prepared is None:
            return None
        job, data = prepared
        self.warn_of_time_limits(record)
        read_only = record.read_only
        commit = self.result.commit and not read_only
        self.attach(job, commit)
        return job, data, commit, read_only

    def load_job_class(self, record):
        """The class to run (a Git job's source first checks this machine's clone out at the recorded commit)."""
        if record is None:
            return self.fail_initialization(
                f'Unable to locate Job database record for "{self.result.name}" to run it!'
            )
        if not record.enabled:
            return self.fail_initialization(f"Job {record} is not enabled to be run!")
        resolution = loader.resolve(record.class_path) if record.installed else Resolution(None)
        if resolution.error:
            return self.fail_initialization(
                f'Unable to load the code of job "{self.result.name}": {resolution.error}'
            )
        if resolution.job_class is None:
            return self.fail_initialization(f'Unable to locate job "{self.result.name}" to run it!')
        if resolution.revision:
            self.result.set_source_commit(resolution.revision)
            self.log(Level.LOG_DEBUG, f"Running the code of commit {resolution.revision}.", "initialization")
        return resolution.job_class

    def instantiate(self, record, job_class):
        """(job, validated input), or None when the input is invalid, the class fails, or a singleton runs."""
        from extras.jobs import JobDataError

        try:
            job = job_class()
            files = job_class.deserialize_files(self.files)
            data = job_class.validate_data(self.raw_data, files or None, source="api")
        except JobDataError as error:
            details = "; ".join(f"{name}: {' '.join(messages)}" for name, messages in error.errors.items())
            return self.fail_initialization(f"Invalid job input: {details}")
        except Exception:
            return self.fail_initialization(f"Error initializing job:\n```\n{traceback.format_exc()}\n```")
        refusal = singleton_refusal(record, job_class, self.result)
        if refusal:
            return self.fail_initialization(refusal)
        return job, data

    def warn_of_time_limits(self, record) -> None:
        if record.effective_time_limit <= record.effective_soft_time_limit:
            self.log(
                Level.LOG_WARNING,
                f"The hard time limit of {record.effective_time_limit:g} seconds is less than or equal to the "
                f"soft time limit of {record.effective_soft_time_limit:g} seconds; the hard limit applies.",
                "initialization",
            )

    def attach(self, job, commit: bool) -> None:
        """Give the job what it reads while it runs: its request, its result, commit, and the log sink."""
        from extras.jobs import JobRequest

        context = dict(self.result.request_context or {})
        context.setdefault("user_id", str(self.result.user_id) if self.result.user_id else None)
        job.request = JobRequest.from_dict(context, user=self.result.user)
        if not isinstance(self.result.data, dict):
            self.result.data = {}  # Nautobot 1.x jobs write into it: `self.job_result.data["x"] = ...`
        job.job_result = job.result = self.result
        job.commit = commit
        job.set_log_sink(self.writer)
        self.job = job

    def run_body(self, job, data: dict, commit: bool, read_only: bool) -> bool:
        """run() and test_*() in one transaction; returns True when their changes were committed."""
        limit = self.result.job_model.effective_soft_time_limit
        memory = memory_limit_of(type(job)) if self.in_worker else 0
        try:
            with soft_time_limit(limit), transaction.atomic():
                with self.changes.recording(), memory_limit(memory):  # lifted before the rollback
                    job.active_grouping = "run"
                    returned = job.invoke_run(data, commit)
                    self.returned = returned
                    self.collect(run_output(job, returned))
                    for name in job.remaining_test_methods():
                        job.active_grouping = name
                        self.collect(getattr(job, name)())
                self.status = Status.STATUS_FAILED if job.failed else Status.STATUS_COMPLETED
                self.settle(commit)
            return True
        except _RollBack:
            self.changes.store_captured()
            if not read_only:
                self.log(Level.LOG_INFO, REVERTED, job.active_grouping)
            return False
        except Exception as error:
            self.roll_back(job, error, read_only, limit=limit, memory=memory)
            return False

    def roll_back(self, job, error: Exception, read_only: bool, *, limit: float, memory: int) -> None:
        """Say why run()/test_*() ended in a rollback: a difference from the reviewed dry run or the author's
        AbortJob (failed), or the run ended meanwhile, a time limit, an exception (errored)."""
        from extras.jobs import AbortJob

        grouping = job.active_grouping
        job.failed = True
        if isinstance(error, features.ChangeSetMismatch):
            for line in error.lines():
                self.log(Level.LOG_FAILURE, line, grouping)
            self.log(Level.LOG_INFO, REVERTED_UNREVIEWED, grouping)
            self.status = Status.STATUS_FAILED
            return
        if isinstance(error, AbortJob):
            # The author stopped the job on purpose: say why, without a traceback; the run failed.
            self.log(Level.LOG_FAILURE, f"Job aborted: {error}", grouping)
            self.status = Status.STATUS_FAILED
        else:
            self.log(Level.LOG_FAILURE, self.error_line(error, limit, memory), grouping)
            self.status = Status.STATUS_ERRORED
        if not read_only:
            self.log(Level.LOG_INFO, REVERTED_DUE_TO_ERROR, grouping)

    @staticmethod
    def error_line(error: Exception, limit: float, memory: int) -> str:
        if isinstance(error, _EndedMeanwhile):
            return ENDED_MEANWHILE
        if isinstance(error, JobSoftTimeLimitExceeded):
            return f"The job exceeded its soft time limit of {limit:g} seconds and was stopped."
        return exception_line(error, memory)

    def settle(self, commit: bool) -> None:
        """Last in the run's transaction: its changes are recorded (or captured, for a dry run, before the
        rollback); they are committed only while the run is still running (see JobResult.lock_while_running)."""
        self.changes.settle(commit=commit)
        if not commit:
            raise _RollBack
        if not self.result.lock_while_running():
            raise _EndedMeanwhile

    def run_post_run(self, job, committed: bool) -> None:
        job.active_grouping = "post_run"
        try:
            with transaction.atomic():
                with self.changes.recording():
                    self.collect(job.post_run())
                if not committed:
                    raise _RollBack
                self.changes.settle_post_run()
        except _RollBack:
            self.changes.discard()
        except Exception as error:
            self.log(
                Level.LOG_FAILURE,
                f"An exception occurred during job post_run(): `{type(error).__name__}: {error}`\n"
                f"```\n{traceback.format_exc()}\n```",
                "post_run",
            )
            self.status = Status.STATUS_ERRORED

    def collect(self, value) -> None:
        if value:
            self.output.append(str(value))

    def finish(self) -> None:
        with_database_retry(self.writer.close)
        output = "".join(f"\n{part}" for part in self.output)
        with_database_retry(
            lambda: self.result.mark_finished(
                self.status,
                output=output,
                counters=self.writer.counted(),
                change_count=self.changes.count,
                data=storable_data(self.result.data),
                return_value=storable_return_value(self.returned),
            )
        )


class _LenientEncoder(DjangoJSONEncoder):
    """What a job left in `job_result.data` that JSON cannot say (an object, a set) is stored as its text."""

    def default(self, o):
        try:
            return super().default(o)
        except TypeError:
            return sorted(map(str, o)) if isinstance(o, set | frozenset) else str(o)


def storable_data(data) -> dict | None:
    """The job's `job_result.data` as JSON can store it, or None when the job left nothing there."""
    if not data:
        return None
    stored = json.loads(json.dumps(data, cls=_LenientEncoder))
    return stored if isinstance(stored, dict) else {"data": stored}


def storable_return_value(returned):
    """What run() returned, as JSON can store it, when it is not text (text is the output already)."""
    if returned is None or isinstance(returned, str):
        return None
    return json.loads(json.dumps(returned, cls=_LenientEncoder))


def exception_line(error: Exception, memory_limit_mib: int) -> str:
    """The failure line of an exception in the job, with its traceback; running out of the run's memory
    limit (MemoryError while one applies) says so."""
    trace = f"\n```\n{traceback.format_exc()}\n```"
    if memory_limit_mib and isinstance(error, MemoryError):
        return f"The job exceeded its memory limit of {memory_limit_mib} MiB and was stopped.{trace}"
    return f"An exception occurred: `{type(error).__name__}: {error}`{trace}"


def run_output(job, returned):
    """What run() produced: its return value, or (returning None) what it put in `job.output`; kept there."""
    if returned is None:
        return job.output or None
    job.output = returned
    return returned


@contextmanager
def soft_time_limit(seconds: float):
    """Raise JobSoftTimeLimitExceeded in this thread after `seconds` (main thread only, via SIGALRM)."""
    if not seconds or threading.current_thread() is not threading.main_thread():
        yield
        return

    def expire(signum, frame):
        raise JobSoftTimeLimitExceeded(f"soft time limit of {seconds:g} s")

    previous = signal.signal(signal.SIGALRM, expire)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)
