"""REST views of job records (legacy class-path forms too) and of run requests; results are in result_views.

Runs go through extras.engine.services.submit_job(); these views only translate its errors into HTTP answers.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager

from django.conf import settings
from django.http import Http404
from rest_framework import serializers as drf_serializers
from rest_framework import status
from rest_framework.decorators import action
from rest_framework.exceptions import MethodNotAllowed, PermissionDenied, ValidationError
from rest_framework.response import Response

from core.api.errors import APIError
from core.api.views import ModelViewSet
from extras.api import idempotency, serializers
from extras.api.nested_serializers import NestedJobResultSerializer, NestedScheduledJobSerializer
from extras.api.serializers import combined_queue
from extras.api.waiting import wait_if_allowed
from extras.engine.services import (
    InvalidTaskQueue,
    JobNotEnabled,
    JobNotInstalled,
    RunRequest,
    SensitiveApprovalConflict,
    Submission,
    check_runnable,
    submit_job,
)
from extras.engine.submission_errors import ScheduleError
from extras.jobs import JobDataError, JobRequest
from extras.models import Job, JobResult
from extras.ui import filters
from extras.visibility import newest_visible_results
from users.permissions import user_can

PAGINATED_JOBS_VERSION = (1, 3)
# Bodies read as a web form is: every key but the `_` options is input (a form never drops input silently).
FORM_MEDIA_TYPES = ("multipart/", "application/x-www-form-urlencoded")
SCHEDULE_FIELDS = ("interval", "name", "start_time", "crontab", "time_zone")


def version_tuple(version: str | None) -> tuple[int, ...]:
    try:
        return tuple(int(part) for part in str(version).split("."))
    except ValueError:
        return (0,)


NOT_PERMITTED_TO_RUN = "You do not have permission to run this job."


def job_to_run(visible, user, identifier: str, not_found: str) -> Job:
    """The job a run request names, among the `visible` ones: 404 unless the user may view it (nothing
    is said about a job they cannot see), 403 when they may see it but not run it (CONTRACT A5)."""
    try:
        job = visible.lookup(identifier)
    except Job.DoesNotExist:
        raise Http404(not_found) from None
    except Job.MultipleObjectsReturned as error:
        raise APIError(str(error)) from None
    if not user_can(user, "run", job):
        raise PermissionDenied(NOT_PERMITTED_TO_RUN)
    return job


def refuse_unrunnable(job: Job, method: str) -> None:
    """403 for a disabled job, 405 for one whose code is not installed (the order of CONTRACT A4.2)."""
    try:
        check_runnable(job)
    except JobNotEnabled as error:
        raise PermissionDenied(error.message) from None
    except JobNotInstalled as error:
        raise MethodNotAllowed(method, detail=error.message) from None


@contextmanager
def submission_refusals(
    *,
    field_name: Callable[[str], str] = lambda name: name,
    schedule_errors: Callable[[dict], dict] = lambda errors: {"schedule": errors},
) -> Iterator[None]:
    """Name the fields of submit_job()'s input refusals as the client sent them; every other refusal carries
    its own status (a 503 without a worker or broker, a 409 for a singleton) to the exception handler.

    `field_name` names a request field (`task_queue`, or `_task_queue` in a multipart body);
    `schedule_errors` places the schedule's field errors (`{"schedule": {...}}` in a JSON body).
    """
    try:
        yield
    except ScheduleError as error:
        raise ValidationError(schedule_errors(error.errors)) from None
    except SensitiveApprovalConflict as error:
        raise ValidationError([error.message]) from None
    except JobDataError as error:
        raise ValidationError(error.as_api_errors()) from None
    except InvalidTaskQueue as error:
        raise ValidationError({field_name(error.field): [error.message]}) from None


class JobViewSet(ModelViewSet):
    """Jobs by UUID or name (`lookup`), plus the deprecated class-path routes wired in extras/api/urls.py."""

    # Each job shows its queues (`task_queues`, `job_queues`): fetched for the whole page at once.
    queryset = Job.objects.select_related("default_job_queue").prefetch_related("job_queues")
    serializer_class = serializers.JobSerializer
    filterset_class = filters.JobFilterSet
    lookup_value_regex = "[^/]+"

    RUN_ACTIONS = ("run", "run_by_class_path")

    @property
    def permission_action_override(self) -> str | None:
        return "run" if self.action in self.RUN_ACTIONS else None

    def get_queryset(self):
        if self.action in self.RUN_ACTIONS:
            return Job.objects.restrict(self.request.user, "view")
        return super().get_queryset()

    def get_object(self):
        identifier = self.class_path_in_url() or self.kwargs[self.lookup_field]
        queryset = self.get_queryset()
        if self.action in self.RUN_ACTIONS:
            job = job_to_run(queryset, self.request.user, identifier, "No job matches the given query.")
            self.check_object_permissions(self.request, job)
            return job
        try:
            job = queryset.lookup(identifier)
        except Job.DoesNotExist:
            raise Http404("No job matches the given query.") from None
        except Job.MultipleObjectsReturned as error:
            raise APIError(str(error)) from None
        self.check_object_permissions(self.request, job)
        return job

    def class_path_in_url(self) -> str | None:
        if "job_class" not in self.kwargs:
            return None
        return "/".join(self.kwargs[part] for part in ("source", "module", "job_class"))

    def uses_legacy_shape(self) -> bool:
        return version_tuple(self.request.version) < PAGINATED_JOBS_VERSION

    def list(self, request, *args, **kwargs):
        if not self.uses_legacy_shape():
            return super().list(request, *args, **kwargs)
        jobs = list(self.filter_queryset(self.get_queryset()).filter(installed=True))
        # The list summarises each job by its last outcome: the newest finished run.
        context = {**self.get_serializer_context(), "results": newest_visible_results(jobs, request.user)}
        return Response(serializers.JobClassSerializer(jobs, many=True, context=context).data)

    def create(self, request, *args, **kwargs):
        raise MethodNotAllowed(request.method)

    def perform_destroy(self, instance):
        if instance.installed:
            raise APIError("Only jobs that are no longer installed can be deleted; disable it instead.")
        instance.delete()

    def class_detail(self, job: Job, result: JobResult | None = None, scheduled: bool = False) -> dict:
        """The job class; `result` is the given run, else (unless the run was scheduled) its newest one.

        Newest whatever its status, as in Nautobot 1.x: a client that re-reads the job right after running
        it (pynautobot's full_details()) finds that run, pending or running, not an older one or None.
        """
        if result or scheduled:
            results = {job.pk: result}
        else:
            results = newest_visible_results([job], self.request.user, finished_only=False)
        context = {**self.get_serializer_context(), "results": results}
        return serializers.JobClassDetailSerializer(job, context=context).data

    def retrieve_by_class_path(self, request, **kwargs):
        job = self.get_object()
        if not job.installed:
            raise Http404("This job is not installed.")
        return Response(self.class_detail(job))

    @action(detail=True, methods=["get"])
    def variables(self, request, **kwargs):
        job_class = self.get_object().job_class
        if job_class is None:
            raise Http404("This job is not presently installed.")
        return Response([variable.describe() for variable in job_class.variables().values()])

    @action(detail=True, methods=["post"])
    def run(self, request, pk=None):
        return self.answer_once(self.run_answer)

    def run_answer(self) -> Response:
        wait = self.requested_wait()
        submission = self.submit(self.get_object())
        context = {"request": self.request}
        body = {"schedule": None, "job_result": None}
        headers = {}
        if submission.schedule is not None:
            body["schedule"] = NestedScheduledJobSerializer(submission.schedule, context=context).data
        elif wait:
            result, headers = self.wait_for(submission.job_result, wait)
            body["job_result"] = serializers.JobResultSerializer(result, context=context).data
        else:
            body["job_result"] = NestedJobResultSerializer(submission.job_result, context=context).data
        return Response(body, status=status.HTTP_201_CREATED, headers=headers)

    @staticmethod
    def wait_for(result: JobResult, wait: float) -> tuple[JobResult, dict]:
        """Wait (see extras/api/waiting.py); when too many requests already wait, say so in a header."""
        result, waited = wait_if_allowed(result, wait)
        if waited:
            return result, {}
        return result, {"Wait-Skipped": "Too many requests are waiting; poll the result's url instead."}

    def run_by_class_path(self, request, **kwargs):
        return self.answer_once(self.run_by_class_path_answer)

    def run_by_class_path_answer(self) -> Response:
        wait = self.requested_wait()
        job = self.get_object()
        submission = self.submit(job)
        result = submission.job_result
        headers = {}
        if result is not None and wait:
            result, headers = self.wait_for(result, wait)
        body = self.class_detail(job, result, scheduled=submission.schedule is not None)
        if submission.schedule is not None:
            body["schedule"] = NestedScheduledJobSerializer(
                submission.schedule, context={"request": self.request}
            ).data
        return Response(body, headers=headers)

    def requested_wait(self) -> float:
        """`?wait=<seconds>`: answer when the run ends, or after that long with its current state."""
        raw = self.request.query_params.get("wait")
        if raw in (None, ""):
            return 0.0
        try:
            wait = float(raw)
        except ValueError:
            wait = -1.0
        if not 0 <= wait <= settings.JOBS_API_MAX_WAIT:
            raise ValidationError(
                {"wait": [f"Enter a number of seconds from 0 to {settings.JOBS_API_MAX_WAIT}."]}
            )
        return wait

    def answer_once(self, answer) -> Response:
        """Honour an `Idempotency-Key` header: a repeat of a request answered before gets that answer."""
        request = self.request
        key = request.headers.get("Idempotency-Key")
        if key is None:
            return answer()
        # Read the body before DRF parses it: afterwards the raw stream is gone.
        request_fingerprint = idempotency.fingerprint(
            request.method, request.get_full_path(), str(request.version), request.body
        )
        try:
            claim = idempotency.claim(request.user, key, request_fingerprint)
        except idempotency.IdempotencyError as error:
            raise APIError(error.message, error.status) from None
        if claim.replay:
            return Response(
                claim.record.body, status=claim.record.status_code, headers={"Idempotent-Replayed": "true"}
            )
        try:
            response = answer()
        except BaseException:
            idempotency.release(claim.record)
            raise
        idempotency.complete(claim.record, response.status_code, response.data)
        return response

    def submit(self, job: Job) -> Submission:
        """Check, parse the envelope, hand over to submit_job(), and map its refusals to HTTP answers."""
        request = self.request
        refuse_unrunnable(job, request.method)
        envelope = self.parse_envelope(request)
        with submission_refusals(
            field_name=envelope["field_name"], schedule_errors=envelope["schedule_errors"]
        ):
            return submit_job(
                RunRequest(
                    job=job,
                    user=request.user,
                    data=envelope["data"],
                    files=envelope["files"],
                    commit=envelope["commit"],
                    task_queue=envelope["task_queue"] or None,
                    request=JobRequest.from_http_request(
                        request, source="api", include_post=not job.has_sensitive_variables
                    ),
                    source=envelope["source"],
                    schedule=envelope["schedule"],
                )
            )

    @staticmethod
    def parse_envelope(request) -> dict:
        """JSON: {data, commit, task_queue | job_queue, schedule}. A form (multipart, or urlencoded, which
        is read the same way but carries no files): `_commit`, `_task_queue` | `_job_queue`, the
        `_schedule_*` fields; the rest is input. Other media types are refused (415) by the parsers.

        Errors name the envelope's fields as the client sent them (`field_name`, `schedule_errors`).
        """
        if request.content_type.startswith(FORM_MEDIA_TYPES):
            raw = request.POST
            try:
                commit = drf_serializers.BooleanField(allow_null=True).run_validation(raw.get("_commit"))
            except ValidationError as error:
                raise ValidationError({"_commit": error.detail}) from None
            schedule = {
                field: raw.get(f"_schedule_{field}")
                for field in SCHEDULE_FIELDS
                if raw.get(f"_schedule_{field}") not in (None, "")
            }
            # Form parsing reads repeated keys and files the way a browser sends them, and skips `_` keys.
            return {
                "data": raw,
                "files": request.FILES,
                "commit": commit,
                "task_queue": combined_queue(raw.get("_task_queue"), raw.get("_job_queue"), prefix="_"),
                "source": "web",
                "schedule": schedule or None,
                "field_name": lambda name: f"_{name}",
                "schedule_errors": lambda errors: {
                    f"_schedule_{name}": messages for name, messages in errors.items()
                },
            }
        envelope = serializers.JobInputSerializer(data=request.data)
        envelope.is_valid(raise_exception=True)
        values = envelope.validated_data
        return {
            **values,
            "files": None,
            "source": "api",
            "field_name": lambda name: name,
            "schedule_errors": lambda errors: {"schedule": errors},
        }
