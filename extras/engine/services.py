"""submit_job(): the one way a run is requested, from the UI, the API, the CLI or a schedule.

It checks that the job may run, validates and converts the input against the job's variables (object
inputs among the objects the requester may view),
creates the pending JobResult and hands it to the workers once that row is committed. Adapters map
the typed errors below to their own answers (HTTP codes, form errors, CLI exit codes).
"""

from __future__ import annotations

import logging
import uuid
from dataclasses import dataclass

from django.conf import settings
from django.db import transaction

from extras.choices import JobResultStatusChoices as Status
from extras.choices import LogLevelChoices as Level
from extras.engine import dispatch, features
from extras.engine.logging import describe_object, lines_written_before
from extras.engine.singletons import active_run, is_singleton, singleton_message
from extras.engine.submission_errors import (
    BrokerUnavailable,
    InvalidTaskQueue,
    JobIsSingleton,
    JobNotEnabled,
    JobNotInstalled,
    NoWorkerAvailable,
    ScheduleError,
    SensitiveApprovalConflict,
    SubmissionError,
)
from extras.jobs.object_fields import inputs_resolved_for
from extras.models import Job, JobLogEntry, JobResult
from extras.routers import LIVE_ALIAS

__all__ = [  # the service, and the errors adapters catch (re-exported from extras.engine.submission_errors)
    "BrokerUnavailable",
    "InvalidTaskQueue",
    "JobIsSingleton",
    "JobNotEnabled",
    "JobNotInstalled",
    "NoWorkerAvailable",
    "Origin",
    "RunRequest",
    "ScheduleError",
    "SensitiveApprovalConflict",
    "Submission",
    "SubmissionError",
    "check_runnable",
    "enqueue_job_result",
    "record_refused_run",
    "submit_job",
]

logger = logging.getLogger(__name__)

# Where a submission comes from (the request's source) → how its input is parsed (the variables' source).
INPUT_SOURCES = {"web": "form", "api": "api", "cli": "cli", "schedule": "api"}


@dataclass
class Origin:
    """Where a run comes from when nobody filled in its form: a job button pressed on an object, or a job
    hook and the committed change that fired it. Stored on the JobResult; `subject` is the object the run
    is for (its "Job runs" tab lists the run)."""

    job_button: object | None = None
    job_hook: object | None = None
    object_change: object | None = None
    subject: object | None = None

    def result_fields(self) -> dict:
        from django.contrib.contenttypes.models import ContentType

        fields = {
            "job_button": self.job_button,
            "job_hook": self.job_hook,
            "object_change": self.object_change,
        }
        if self.subject is not None:
            fields["subject_type"] = ContentType.objects.get_for_model(self.subject)
            fields["subject_id"] = self.subject.pk
        return fields


# A note: (level, text) or (level, text, object), written before the run's own lines.
Note = tuple


@dataclass
class Submission:
    job_result: JobResult | None = None
    schedule: object | None = None
    data: dict | None = None  # the serialized input, also for jobs whose input is never stored
    files: dict | None = None  # uploaded files in transport form (never stored)


def check_runnable(job: Job) -> None:
    if not job.enabled:
        raise JobNotEnabled("This job is not enabled to be run.")
    if not job.installed or job.job_class is None:
        raise JobNotInstalled("This job is not presently installed and cannot be run")


def check_worker_available(queue: str) -> None:
    """Answered from worker heartbeats: one indexed query, no broadcast, no timeout."""
    from extras.liveness.reaper import workers_on_queue

    if not workers_on_queue(queue):
        raise NoWorkerAvailable(f"Unable to process request: No celery workers running on queue {queue}.")


def check_singleton(job: Job) -> None:
    """A singleton job (Meta.is_singleton) runs once at a time: refuse while a run of it is active."""
    if is_singleton(job.job_class):
        other = active_run(job)
        if other is not None:
            raise JobIsSingleton(singleton_message(job, other))


def resolve_task_queue(job: Job, task_queue: str | None) -> str:
    allowed = job.allowed_task_queues
    if not task_queue:
        return allowed[0]
    if task_queue not in allowed:
        raise InvalidTaskQueue(f'"{task_queue}" is not a valid choice.')
    return task_queue


SENSITIVE_SCHEDULE_MESSAGE = "Unable to schedule job: Job may have sensitive input variables"
SENSITIVE_APPROVAL_MESSAGE = (
    "Unable to run or schedule job: This job is flagged as possibly having sensitive variables but is also "
    "flagged as requiring approval. One of these two flags must be removed before this job can be scheduled "
    "or run."
)
FILES_SCHEDULE_MESSAGE = (
    "Unable to schedule job: uploaded files are not stored, so a job given files can only run now."
)


SCHEDULING_DISABLED_MESSAGE = "Unable to schedule job: scheduling is not enabled for this job."


def check_schedulable(job: Job, schedule) -> None:
    """The rules that depend on the job's flags alone, checked before any input is read."""
    interval = schedule.get("interval") if isinstance(schedule, dict) else getattr(schedule, "interval", None)
    if interval and interval != "immediately" and not job.scheduling_enabled:
        raise ScheduleError({"interval": [SCHEDULING_DISABLED_MESSAGE]})
    if job.has_sensitive_variables and interval and interval != "immediately":
        raise ScheduleError({"interval": [SENSITIVE_SCHEDULE_MESSAGE]})
    if job.has_sensitive_variables and job.approval_required:
        raise SensitiveApprovalConflict(SENSITIVE_APPROVAL_MESSAGE)


@dataclass(frozen=True, kw_only=True)
class RunRequest:
    """What is asked of submit_job(): run `job` with `data` (and `files`), now, on a schedule or after approval.

    `source` is where the request comes from ("web", "api", "cli" or "schedule"): it says how the input is
    parsed. `request` is the HTTP request (or a JobRequest) the job later sees as `self.request`.
    `schedule` is the request's schedule (a dict such as `{"interval": "daily", "name": ..., "start_time":
    ...}`, or the value the schedules feature reads it into, extras.engine.features); a job that requires
    approval always becomes a schedule waiting for it. `reviewed_result` makes the run commit exactly that dry
    run's changes or nothing (extras/changes/review.py). `origin` says which job button or job hook asked.
    `from_schedule`, `scheduled_for` and `notes` (log lines written first) are set by the scheduler when it fires
    an occurrence. A run now is enqueued after commit unless `enqueue` is False (local runs), and refused when
    no worker listens on its queue unless `require_worker` is False.
    """

    job: Job
    user: object | None = None
    data: dict | None = None
    files: dict | None = None
    commit: bool | None = None
    task_queue: str | None = None
    request: object | None = None
    source: str = "api"
    schedule: object | None = None
    reviewed_result: JobResult | None = None
    origin: Origin | None = None
    from_schedule: object | None = None
    scheduled_for: object | None = None
    notes: list[Note] | None = None
    enqueue: bool = True
    require_worker: bool = True


def submit_job(run: RunRequest) -> Submission:
    """Validate a run request and record it: a run now, a schedule, or a request for approval.

    Raises SubmissionError subclasses (each carrying its HTTP status), or extras.jobs.JobDataError naming each
    bad variable.
    """
    job = run.job
    check_runnable(job)
    check_schedulable(job, run.schedule)
    schedule_request = features.schedules().read(run.schedule)
    queue = resolve_task_queue(job, run.task_queue)
    job_class = job.job_class
    input_source = INPUT_SOURCES.get(run.source, "api")
    with inputs_resolved_for(input_viewer(run.user, origin=run.origin, from_schedule=run.from_schedule)):
        cleaned = job_class.validate_data(
            run.data if run.data is not None else {}, run.files, source=input_source
        )
    serialized = job_class.serialize_data(cleaned)
    commit = job.commit_default if run.commit is None else bool(run.commit)
    dry_run = job_class.requests_dry_run(cleaned)  # a DryRunVar set: a dry run, and no approval needed
    if job.read_only or dry_run:
        commit = False
    if job.approval_required and run.from_schedule is None and schedule_request is None and not dry_run:
        schedule_request = features.schedules().immediately()
    if schedule_request is not None and (job.approval_required or not schedule_request.immediate):
        if job_class.serialize_files(cleaned):
            raise ScheduleError({"interval": [FILES_SCHEDULE_MESSAGE]})
        scheduled = features.schedules().create(
            job,
            schedule_request,
            user=run.user,
            data=serialized,
            commit=commit,
            task_queue=queue,
            reviewed_result=run.reviewed_result if schedule_request.immediate else None,
        )
        return Submission(schedule=scheduled, data=serialized)
    check_singleton(job)
    if run.enqueue and run.require_worker:
        check_worker_available(queue)
    result = record_run(run, queue=queue, commit=commit, serialized=serialized)
    files_payload = job_class.serialize_files(cleaned)
    if run.enqueue:
        if transaction.get_connection().in_atomic_block:
            # The worker must find a committed row; a broker failure after commit ends the result errored.
            transaction.on_commit(
                lambda: enqueue_job_result(result, data=serialized, files=files_payload, job=job)
            )
        else:
            enqueue_job_result(
                result, data=serialized, files=files_payload, job=job, withdraw_on_failure=True
            )
    return Submission(job_result=result, data=serialized, files=files_payload)


def record_run(run: RunRequest, *, queue: str, commit: bool, serialized: dict) -> JobResult:
    """The pending result of an accepted run now (its inputs only when they may be stored), with its notes."""
    job, user = run.job, run.user
    result = JobResult.objects.create(
        job_model=job,
        name=job.class_path,
        user=user if user is not None and user.is_authenticated else None,
        task_id=uuid.uuid4(),
        task_queue=queue,
        commit=commit,
        job_kwargs=None
        if job.has_sensitive_variables
        else {"data": serialized, "commit": commit, "task_queue": queue},
        request_context=request_context(job, user, run.request, run.source),
        schedule=run.from_schedule,
        scheduled_for=run.scheduled_for,
        reviewed_result=run.reviewed_result,
        **(run.origin.result_fields() if run.origin is not None else {}),
    )
    write_notes(result, run.notes)
    return result


def input_viewer(user, *, origin: Origin | None, from_schedule) -> object | None:
    """Whose view permission narrows a request's object inputs: the requester's, when they typed them.

    A job button's or hook's input is the object the user acted on (or the change they made), and a
    schedule's occurrence re-submits input checked when it was requested: those are not narrowed.
    """
    if origin is not None or from_schedule is not None or user is None or not user.is_authenticated:
        return None
    return user


def request_context(job: Job, user, request, source: str) -> dict:
    """The JSON-safe request a job sees as `self.request` (its POST only when inputs may be stored)."""
    from extras.jobs import JobRequest

    if isinstance(request, JobRequest):
        return request.to_dict()
    if request is not None:
        include_post = not job.has_sensitive_variables
        return JobRequest.from_http_request(request, source=source, include_post=include_post).to_dict()
    return JobRequest.for_cli(user, source="schedule" if source == "schedule" else "cli").to_dict()


def write_notes(result: JobResult, notes: list[Note] | None) -> None:
    """Lines that precede the run's own (the runner continues after them, see logging.lines_written_before).

    A note naming an object links to it, as a job's own `log_*(obj=...)` lines do.
    """
    if notes:
        entries = []
        for number, (level, text, *obj) in enumerate(notes, start=1):
            log_object, url = describe_object(obj[0] if obj else None)
            entries.append(
                JobLogEntry(
                    job_result_id=result.pk,
                    sequence=number,
                    log_level=level,
                    grouping="initialization",
                    message=text,
                    log_object=log_object,
                    absolute_url=url,
                )
            )
        JobLogEntry.objects.using(LIVE_ALIAS).bulk_create(entries)


def record_refused_run(
    job: Job | None,
    *,
    user,
    message: str,
    schedule=None,
    scheduled_for=None,
    notes: list[Note] | None = None,
    origin: Origin | None = None,
    task_queue: str = "",
) -> JobResult:
    """A run that was asked for but could not start (a scheduled occurrence, a job hook's run) still gets
    a result: errored, with the reason logged, so nothing is dropped silently."""
    result = JobResult.objects.create(
        job_model=job,
        name=job.class_path if job is not None else schedule.job_class,
        user=user if user is not None and user.is_authenticated else None,
        task_id=uuid.uuid4(),
        task_queue=schedule.task_queue if schedule is not None else task_queue,
        schedule=schedule,
        scheduled_for=scheduled_for,
        **(origin.result_fields() if origin is not None else {}),
    )
    lines = [*(notes or []), (Level.LOG_FAILURE, message)]
    write_notes(result, lines)
    counters = dict.fromkeys(Level.values(), 0)
    for level, *_rest in lines:
        counters[level] += 1
    result.mark_finished(Status.STATUS_ERRORED, counters=counters)
    return result


def broker_failure_message(error: Exception) -> str:
    """Why a run could not be handed over, naming the broker's scheme but never its address or credentials."""
    scheme = settings.CELERY_BROKER_URL.split("://")[0]
    return (
        f"Could not hand the run to the workers: the task broker is unreachable ({scheme}://…): "
        f"`{type(error).__name__}: {error}`"
    )


def enqueue_job_result(
    result: JobResult, *, data: dict, job: Job, files: dict | None = None, withdraw_on_failure: bool = False
) -> bool:
    """Send the run to the workers.

    When the broker refuses it: with `withdraw_on_failure` (the submitter is still waiting, outside a
    transaction) the result is deleted again and BrokerUnavailable raised, so nothing half-made is left;
    otherwise (after a commit, nobody to tell) the result ends errored with the reason in its log.
    """
    try:
        dispatch.send_run(result, data=data, files=files, time_limit=job.effective_time_limit)
    except Exception as error:
        message = broker_failure_message(error)
        logger.warning("Could not enqueue %s: %s", result.pk, error)
        if withdraw_on_failure:
            result.delete()
            raise BrokerUnavailable(message) from error
        last_sequence, counts = lines_written_before(result.pk)  # a scheduler note may come first
        JobLogEntry.objects.using(LIVE_ALIAS).create(
            job_result_id=result.pk,
            sequence=last_sequence + 1,
            log_level=Level.LOG_FAILURE,
            grouping="initialization",
            message=message,
        )
        counts[Level.LOG_FAILURE] = counts.get(Level.LOG_FAILURE, 0) + 1
        result.mark_finished(Status.STATUS_ERRORED, counters=counts)
        return False
    return True
