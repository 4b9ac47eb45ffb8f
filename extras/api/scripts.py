"""NetBox's scripts API (CONTRACT C2) over the same jobs: list, detail and run at /api/extras/scripts/.

A script is any installed job the user may view, identified by its UUID or as `<module>.<Class>`. A run
request `{"data", "commit", "schedule_at", "interval"}` goes through submit_job() like every other; a
`schedule_at` or an `interval` (minutes) becomes a schedule (extras/schedules). Refusals are the API's
one error body, with the jobs API's codes; permissions are the jobs' (`run_script` is `run_job`).
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from django.http import Http404
from django.utils import timezone
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema, extend_schema_field
from rest_framework import serializers, viewsets
from rest_framework.exceptions import ValidationError
from rest_framework.response import Response
from rest_framework.reverse import reverse

from core.api.errors import APIError
from extras.api.nested_serializers import NestedJobResultSerializer, NestedScheduledJobSerializer
from extras.api.serializers import JobResultSerializer
from extras.api.views import job_to_run, refuse_unrunnable, submission_refusals
from extras.choices import JobExecutionTypeChoices as Interval
from extras.engine.services import RunRequest, Submission, submit_job
from extras.jobs import JobRequest
from extras.models import Job, JobResult
from extras.visibility import newest_visible_results

NOT_FOUND = "No script matches the given query."
MINUTES_PER_DAY = 24 * 60
MINUTES_PER_WEEK = 7 * MINUTES_PER_DAY


class ScriptSerializer(serializers.Serializer):
    """A job in NetBox's script shape; `result` is its newest run (brief here, complete on the detail)."""

    id = serializers.UUIDField(source="pk", read_only=True)
    url = serializers.SerializerMethodField()
    display_url = serializers.SerializerMethodField()
    display = serializers.SerializerMethodField()
    module = serializers.CharField(source="module_name", read_only=True)
    name = serializers.CharField(read_only=True)
    description = serializers.CharField(read_only=True)
    class_path = serializers.CharField(read_only=True)
    vars = serializers.SerializerMethodField()
    is_executable = serializers.BooleanField(source="runnable", read_only=True)
    result = serializers.SerializerMethodField()

    def get_url(self, job) -> str:
        return reverse("extras-api:script-detail", kwargs={"pk": job.pk}, request=self.context.get("request"))

    def get_display_url(self, job) -> str:
        request = self.context.get("request")
        return request.build_absolute_uri(job.get_absolute_url()) if request else job.get_absolute_url()

    def get_display(self, job) -> str:
        return f"{job.name} ({job.module_name})"

    def get_vars(self, job) -> dict[str, str]:
        job_class = job.job_class
        if job_class is None:
            return {}
        return {name: type(variable).__name__ for name, variable in job_class.variables().items()}

    @extend_schema_field(OpenApiTypes.OBJECT)
    def get_result(self, job) -> dict | None:
        result = self.context.get("results", {}).get(job.pk)
        return None if result is None else NestedJobResultSerializer(result, context=self.context).data


class ScriptResultSerializer(JobResultSerializer):
    """A run in full, its `data` in NetBox's script shape (log, output, tests)."""

    data = serializers.SerializerMethodField()

    @extend_schema_field(OpenApiTypes.OBJECT)
    def get_data(self, result) -> dict:
        from extras.api.legacy_data import script_result_data

        return script_result_data(result)


class ScriptDetailSerializer(ScriptSerializer):
    @extend_schema_field(OpenApiTypes.OBJECT)
    def get_result(self, job) -> dict | None:
        result = self.context.get("results", {}).get(job.pk)
        return None if result is None else ScriptResultSerializer(result, context=self.context).data


class ScriptInputSerializer(serializers.Serializer):
    """A run request as NetBox takes it; `interval` is in minutes (with no `schedule_at`: starting now)."""

    data = serializers.JSONField()
    commit = serializers.BooleanField()
    schedule_at = serializers.DateTimeField(required=False, allow_null=True, default=None)
    interval = serializers.IntegerField(
        required=False, allow_null=True, default=None, min_value=1, max_value=10**6
    )


class ScriptViewSet(viewsets.GenericViewSet):
    """`GET /api/extras/scripts/`, `GET` and `POST /api/extras/scripts/<uuid|module.Class>/`."""

    queryset = Job.objects.filter(installed=True)
    serializer_class = ScriptSerializer
    lookup_value_regex = "[^/]+"

    @property
    def permission_action_override(self) -> str | None:
        return "run" if self.request.method == "POST" else "view"

    def get_queryset(self):
        return super().get_queryset().restrict(self.request.user, "view")

    def get_object(self) -> Job:
        if self.request.method == "POST":
            job = job_to_run(self.get_queryset(), self.request.user, self.kwargs["pk"], NOT_FOUND)
            self.check_object_permissions(self.request, job)
            return job
        try:
            job = self.get_queryset().lookup(self.kwargs["pk"])
        except Job.DoesNotExist:
            raise Http404(NOT_FOUND) from None
        except Job.MultipleObjectsReturned as error:
            raise APIError(str(error)) from None
        self.check_object_permissions(self.request, job)
        return job

    def list(self, request):
        jobs = list(self.get_queryset())
        context = {
            **self.get_serializer_context(),
            "results": newest_visible_results(jobs, request.user, finished_only=False),
        }
        page = self.paginate_queryset(jobs)
        if page is not None:
            return self.get_paginated_response(ScriptSerializer(page, many=True, context=context).data)
        return Response(ScriptSerializer(jobs, many=True, context=context).data)

    @extend_schema(responses={200: ScriptDetailSerializer})
    def retrieve(self, request, pk=None):
        job = self.get_object()
        return Response(
            self.script_detail(
                job, newest_visible_results([job], request.user, finished_only=False).get(job.pk)
            )
        )

    @extend_schema(request=ScriptInputSerializer, responses={200: ScriptDetailSerializer})
    def run(self, request, pk=None):
        """Run the script now, at `schedule_at`, or every `interval` minutes (NetBox answers 200)."""
        job = self.get_object()
        refuse_unrunnable(job, request.method)
        envelope = ScriptInputSerializer(data=request.data)
        envelope.is_valid(raise_exception=True)
        values = envelope.validated_data
        schedule = netbox_schedule(job, values["schedule_at"], values["interval"])
        submissions = []
        if schedule is None or (values["interval"] and values["schedule_at"] is None):
            submissions.append(self.submit(job, values, None))  # NetBox: an interval alone starts now
        if schedule is not None:
            submissions.append(self.submit(job, values, schedule))
        result = next((each.job_result for each in submissions if each.job_result), None)
        scheduled = next((each.schedule for each in submissions if each.schedule), None)
        body = self.script_detail(job, result)
        body["schedule"] = (
            None
            if scheduled is None
            else NestedScheduledJobSerializer(scheduled, context={"request": request}).data
        )
        return Response(body)

    def submit(self, job: Job, values: dict, schedule: dict | None) -> Submission:
        request = self.request
        field = "interval" if values["interval"] else "schedule_at"
        with submission_refusals(
            schedule_errors=lambda errors: {
                SCHEDULE_FIELDS.get(name, field): messages for name, messages in errors.items()
            }
        ):
            return submit_job(
                RunRequest(
                    job=job,
                    user=request.user,
                    data=values["data"],
                    commit=values["commit"],
                    request=JobRequest.from_http_request(
                        request, source="api", include_post=not job.has_sensitive_variables
                    ),
                    source="api",
                    schedule=schedule,
                )
            )

    def script_detail(self, job: Job, result: JobResult | None) -> dict:
        context = {**self.get_serializer_context(), "results": {job.pk: result}}
        return ScriptDetailSerializer(job, context=context).data


# Our schedule's fields → the NetBox request field a message about them belongs to.
SCHEDULE_FIELDS = {"start_time": "schedule_at", "crontab": "interval", "time_zone": "schedule_at"}


def netbox_schedule(job: Job, schedule_at: datetime | None, interval: int | None) -> dict | None:
    """NetBox's `schedule_at`/`interval` (minutes) as a schedule request of extras/schedules, or None.

    Once at `schedule_at`; or every `interval` minutes from `schedule_at` (without it, from now on, the
    first run being the one started now): 60, 1440 and 10080 minutes are hourly, daily and weekly; a
    number of minutes that divides an hour or a day is a crontab (in UTC). Other intervals have no
    exact schedule here and are refused.
    """
    if schedule_at is None and interval is None:
        return None
    if interval is None:
        when = timezone.localtime(schedule_at)
        return {
            "interval": Interval.TYPE_FUTURE,
            "name": f"{job.name} at {when:%Y-%m-%d %H:%M}",
            "start_time": schedule_at,
        }
    start = (schedule_at or timezone.now() + timedelta(minutes=interval)).astimezone(UTC)
    schedule = {"name": f"{job.name} every {interval} minutes", "start_time": start, "time_zone": "UTC"}
    named = {
        60: Interval.TYPE_HOURLY,
        MINUTES_PER_DAY: Interval.TYPE_DAILY,
        MINUTES_PER_WEEK: Interval.TYPE_WEEKLY,
    }
    if interval in named:
        return {**schedule, "interval": named[interval]}
    if 60 % interval == 0:
        minutes = sorted({(start.minute + step * interval) % 60 for step in range(60 // interval)})
        return {
            **schedule,
            "interval": Interval.TYPE_CUSTOM,
            "crontab": f"{','.join(map(str, minutes))} * * * *",
        }
    if interval % 60 == 0 and MINUTES_PER_DAY % interval == 0:
        hours = sorted(
            {(start.hour + step * interval // 60) % 24 for step in range(MINUTES_PER_DAY // interval)}
        )
        return {
            **schedule,
            "interval": Interval.TYPE_CUSTOM,
            "crontab": f"{start.minute} {','.join(map(str, hours))} * * *",
        }
    raise ValidationError(
        {
            "interval": [
                f"Every {interval} minutes cannot be scheduled here: use 60 (hourly), 1440 (daily), 10080 "
                "(weekly), or a number of minutes that divides an hour (such as 15) or a day (such as 360)."
            ]
        }
    )
