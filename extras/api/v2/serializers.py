"""Nautobot 2.x shapes of jobs, results, log lines, schedules and the run request body.

Related objects are written as Nautobot 2.x writes them at its default `?depth=0`: `{id, object_type, url}`.
"""

from __future__ import annotations

from rest_framework import serializers
from rest_framework.reverse import reverse

from extras.api.serializers import JobInputSerializer, JobSerializer
from extras.api.v2 import statuses
from extras.models import Job, JobResult
from extras.result_files.api import download_url
from extras.schedules.serializers import ScheduledJobSerializer
from extras.visibility import servable_inputs

# Fields of the 1.x job shape that Nautobot 2.x does not have (it has no sources, slugs or commit).
V1_ONLY_JOB_FIELDS = ("source", "slug", "commit_default", "commit_default_override", "class_path")


def reference(view_name: str, object_type: str, pk, request) -> dict | None:
    """A related object at depth 0, built from its id alone (no query)."""
    if pk is None:
        return None
    url = reverse(view_name, kwargs={"pk": pk}, request=request)
    return {"id": str(pk), "object_type": object_type, "url": url}


def job_reference(pk, request) -> dict | None:
    return reference("extras-api:job-detail", "extras.job", pk, request)


def result_reference(pk, request) -> dict | None:
    return reference("extras-api:jobresult-detail", "extras.jobresult", pk, request)


def task_name(job: Job | None) -> str | None:
    """The job's class path in Nautobot 2.x's dotted form (`module.Class`), which lookups also accept."""
    return f"{job.module_name}.{job.job_class_name}" if job is not None else None


def returned(result: JobResult):
    """Nautobot 2.x's `result`: what run() returned (a dict, a list...), or the run's output when that was text."""
    if result.return_value is not None:
        return result.return_value
    return result.output.lstrip("\n") or None


def result_files(result: JobResult, context: dict) -> list[dict]:
    """The run's files (`self.create_file()`): depth-0 references to /api/extras/file-proxies/<id>/ as
    Nautobot 2.x lists them, with the name, size and download_url the 1.x shape gives (prefetched in lists)."""
    request = context.get("request")
    return [
        {
            **reference("extras-api:fileproxy-detail", "extras.fileproxy", stored.pk, request),
            "name": stored.name,
            "size": stored.size,
            "download_url": download_url(stored, request),
        }
        for stored in result.files.all()
    ]


class JobSerializerV2(JobSerializer):
    """The Job record as Nautobot 2.x shows it; writes are the 1.x serializer's (same fields, same checks)."""

    def to_representation(self, job: Job) -> dict:
        request = self.context.get("request")
        body = super().to_representation(job)
        for field in V1_ONLY_JOB_FIELDS:
            body.pop(field, None)
        job_class = self.job_class_of(job)
        dry_run_variables = job_class.dry_run_variables() if job_class else []
        body = {"id": body.pop("id"), "object_type": "extras.job", **body}
        body["supports_dryrun"] = bool(dry_run_variables)
        body["dryrun_default"] = bool(job_class.meta("dryrun_default")) if job_class else False
        body["is_singleton"] = bool(job_class.meta("is_singleton")) if job_class else False
        body["job_queues"] = [
            reference("extras-api:jobqueue-detail", "extras.jobqueue", pk, request)
            for pk in body.get("job_queues") or []
        ]
        body["default_job_queue"] = reference(
            "extras-api:jobqueue-detail", "extras.jobqueue", job.default_job_queue_id, request
        )
        return body

    def job_class_of(self, job: Job):
        """Resolved once per job and answer (for a Git job that costs queries and a clone check)."""
        cache = self.context.setdefault("job_classes", {})
        if job.pk not in cache:
            cache[job.pk] = job.job_class
        return cache[job.pk]


class JobResultSerializerV2(serializers.BaseSerializer):
    """A run as Nautobot 2.x's JobResult: Celery states, `date_*`, `result`, `task_name`, `task_kwargs`."""

    def to_representation(self, result: JobResult) -> dict:
        request = self.context.get("request")
        job = result.job_model
        inputs = servable_inputs(result)
        return {
            "id": str(result.pk),
            "object_type": "extras.jobresult",
            "display": str(result),
            "url": reverse("extras-api:jobresult-detail", kwargs={"pk": result.pk}, request=request),
            "status": statuses.choice(result.status),
            "name": job.name if job is not None else result.name,
            "task_name": task_name(job),
            "date_created": serializers.DateTimeField().to_representation(result.created),
            "date_started": date_or_none(result.started),
            "date_done": date_or_none(result.completed),
            "result": returned(result),
            "worker": result.worker or None,
            "task_args": [],
            "task_kwargs": (inputs or {}).get("data") if inputs is not None else None,
            "celery_kwargs": {"queue": result.task_queue} if result.task_queue else {},
            "traceback": None,
            "meta": None,
            "job_model": job_reference(result.job_model_id, request),
            "user": reference("users-api:user-detail", "users.user", result.user_id, request),
            "scheduled_job": reference(
                "extras-api:scheduledjob-detail", "extras.scheduledjob", result.schedule_id, request
            ),
            "debug_log_count": result.debug_count,
            "success_log_count": result.success_count,
            "info_log_count": result.info_count,
            "warning_log_count": result.warning_count,
            "error_log_count": result.failure_count,
            "files": result_files(result, self.context),
            "custom_fields": {},
        }


def date_or_none(value) -> str | None:
    return serializers.DateTimeField().to_representation(value) if value is not None else None


class ScheduledJobSerializerV2(ScheduledJobSerializer):
    """A schedule (or approval request) in the run answer's `scheduled_job`, with Nautobot 2.x's `object_type`."""

    def to_representation(self, schedule) -> dict:
        body = super().to_representation(schedule)
        body = {"id": body.pop("id"), "object_type": "extras.scheduledjob", **body}
        body["job_model"] = job_reference(schedule.job_model_id, self.context.get("request"))
        return body


class JobInputSerializerV2(JobInputSerializer):
    """Nautobot 2.x's run body `{data, schedule, task_queue | job_queue}`: no `commit` (a `commit` key is
    ignored as any unknown key is); a job with a DryRunVar is dry-run through `data.dryrun`."""

    commit = None
