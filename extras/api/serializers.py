"""Serializers of the jobs API: Job records, the legacy job-class shape, run input, results and log lines."""

from __future__ import annotations

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers
from rest_framework.reverse import reverse

from core.api.links import ObjectUrlField
from core.api.serializers import BaseModelSerializer, ChoiceField, DisplayField
from core.uuids import is_uuid
from extras.api.nested_serializers import NestedJobResultSerializer, NestedJobSerializer, NestedUserSerializer
from extras.choices import LogLevelChoices
from extras.engine.job_records import loaded_class_values
from extras.engine.progress import progress_of
from extras.models import OVERRIDABLE_FIELDS, QUEUE_OVERRIDES, Job, JobLogEntry, JobQueue, JobResult
from extras.queues.assignment import declared_queue_names, ensure_queues, set_job_queues
from extras.result_files.api import ResultFilesField
from extras.visibility import servable_inputs, shown_in, visibility_in

SENSITIVE_APPROVAL_MESSAGE = "A job with sensitive variables cannot also be marked as requiring approval"


def class_defaults_for(job: Job) -> dict:
    """The values the job's class declares, for resetting a field whose override is switched off."""
    return loaded_class_values(job) or {}


def class_queue_defaults(job: Job) -> dict:
    """The queues the job's class declares (`Meta.task_queues`), as the records they map to."""
    job_class = job.job_class
    if job_class is None:
        return {}
    names = declared_queue_names(job_class.meta("task_queues"))
    queues = ensure_queues(names)
    return {"job_queues": queues, "default_job_queue": queues[0]}


class JobSerializer(BaseModelSerializer):
    """The Job record. Sending a field marks it overridden; `<field>_override: false` restores the class's value.

    The queues are Nautobot 2.4's `job_queues` and `default_job_queue`, and Nautobot 1.x's `task_queues`
    (queue names, the default first; writing it assigns those queues, which must exist).
    """

    task_queues = serializers.ListField(
        child=serializers.CharField(max_length=100),
        required=False,
        help_text="Names of the queues the job may run on, the default first (Nautobot 1.x).",
    )
    task_queues_override = serializers.BooleanField(
        source="job_queues_override", required=False, help_text="Nautobot 1.x's name of job_queues_override."
    )
    job_queues = serializers.PrimaryKeyRelatedField(
        queryset=JobQueue.objects.all(), many=True, required=False
    )

    class Meta:
        model = Job
        fields = [
            "id",
            "display",
            "url",
            "source",
            "module_name",
            "job_class_name",
            "grouping",
            "grouping_override",
            "name",
            "name_override",
            "slug",
            "description",
            "description_override",
            "installed",
            "enabled",
            "has_sensitive_variables",
            "has_sensitive_variables_override",
            "approval_required",
            "approval_required_override",
            "commit_default",
            "commit_default_override",
            "hidden",
            "hidden_override",
            "read_only",
            "read_only_override",
            "soft_time_limit",
            "soft_time_limit_override",
            "time_limit",
            "time_limit_override",
            "task_queues",
            "task_queues_override",
            "job_queues",
            "job_queues_override",
            "default_job_queue",
            "default_job_queue_override",
            "is_job_hook_receiver",
            "is_job_button_receiver",
            "class_path",
            "created",
            "last_updated",
        ]
        read_only_fields = [
            "source",
            "module_name",
            "job_class_name",
            "slug",
            "installed",
            "class_path",
            "is_job_hook_receiver",
            "is_job_button_receiver",
        ]

    def validate_task_queues(self, names: list[str]) -> list[JobQueue]:
        queues = JobQueue.objects.in_bulk(names, field_name="name")
        missing = [name for name in names if name not in queues]
        if missing:
            raise serializers.ValidationError(
                [f'There is no job queue "{name}"; create it at /api/extras/job-queues/.' for name in missing]
            )
        if not names:
            raise serializers.ValidationError("Name at least one queue.")
        return [queues[name] for name in dict.fromkeys(names)]

    def validate(self, attrs: dict) -> dict:
        if "task_queues" in attrs:  # Nautobot 1.x: the first queue is the default
            queues = attrs.pop("task_queues")
            attrs.setdefault("job_queues", queues)
            attrs.setdefault("default_job_queue", queues[0])
        for field in (*OVERRIDABLE_FIELDS, *QUEUE_OVERRIDES):
            if field in attrs and f"{field}_override" not in attrs:
                attrs[f"{field}_override"] = True
        reset = [
            field
            for field in (*OVERRIDABLE_FIELDS, *QUEUE_OVERRIDES)
            if attrs.get(f"{field}_override") is False
        ]
        if reset and self.instance is not None:
            defaults = {**class_defaults_for(self.instance), **class_queue_defaults(self.instance)}
            for field in reset:
                if field in defaults:
                    attrs[field] = defaults[field]
        self._check_sensitive_approval(attrs)
        return attrs

    def update(self, instance: Job, validated_data: dict) -> Job:
        queues = validated_data.pop("job_queues", None)
        instance = super().update(instance, validated_data)
        if queues is not None:
            set_job_queues(instance, queues)
        return instance

    def _check_sensitive_approval(self, attrs: dict) -> None:
        def final(field):
            return attrs.get(field, getattr(self.instance, field, False))

        if final("has_sensitive_variables") and final("approval_required"):
            sent = (
                "has_sensitive_variables"
                if "approval_required" not in self.initial_data
                else "approval_required"
            )
            raise serializers.ValidationError({sent: [SENSITIVE_APPROVAL_MESSAGE]})


class JobResultSerializer(BaseModelSerializer):
    job_model = NestedJobSerializer(read_only=True)
    user = NestedUserSerializer(read_only=True)
    obj_type = serializers.SerializerMethodField()
    job_id = serializers.UUIDField(source="task_id", read_only=True)
    schedule = serializers.SerializerMethodField()
    counters = serializers.SerializerMethodField()
    reviewed_result = serializers.SerializerMethodField(
        help_text="The dry run whose changes this run commits exactly, or nothing."
    )
    job_kwargs = serializers.SerializerMethodField(
        help_text="The inputs as submitted; null for a job with sensitive variables (never stored nor shown)."
    )
    progress = serializers.SerializerMethodField(
        help_text="What the job reported with self.progress(): done, total, percent, message, updated and "
        "eta_seconds (the time left at the rate so far); null if it reported nothing."
    )
    files = ResultFilesField(
        help_text="The files the run created (self.create_file()), each with its download_url."
    )

    class Meta:
        model = JobResult
        fields = [
            "id",
            "display",
            "url",
            "created",
            "completed",
            "name",
            "job_model",
            "obj_type",
            "status",
            "user",
            "data",
            "job_id",
            "job_kwargs",
            "schedule",
            "output",
            "started",
            "task_queue",
            "commit",
            "counters",
            "source_commit",
            "scheduled_for",
            "change_count",
            "reviewed_result",
            "progress",
            "files",
        ]
        read_only_fields = fields

    @extend_schema_field(
        {
            "type": "object",
            "nullable": True,
            "properties": {
                "done": {"type": "integer"},
                "total": {"type": "integer", "nullable": True},
                "percent": {"type": "number", "nullable": True},
                "message": {"type": "string"},
                "updated": {"type": "string", "format": "date-time", "nullable": True},
                "eta_seconds": {"type": "number", "nullable": True},
            },
        }
    )
    def get_progress(self, result) -> dict | None:
        found = progress_of(result)
        return None if found is None else found.as_dict()

    @extend_schema_field({"type": "object", "nullable": True})
    def get_job_kwargs(self, result) -> dict | None:
        return servable_inputs(result)

    def get_obj_type(self, result) -> str:
        """What the run is of: a job, or (a sync) a Git repository."""
        return (
            "extras.gitrepository" if result.git_repository_id and not result.job_model_id else "extras.job"
        )

    @extend_schema_field(OpenApiTypes.OBJECT)
    def get_schedule(self, result) -> dict | None:
        schedule = shown_in(self.context, result.schedule) if result.schedule_id else None
        if schedule is None:
            return None
        from extras.api.nested_serializers import NestedScheduledJobSerializer

        return NestedScheduledJobSerializer(schedule, context=self.context).data

    def get_counters(self, result) -> dict[str, int]:
        return result.counters

    @extend_schema_field({"type": "object", "nullable": True, "properties": {"id": {"type": "string"}}})
    def get_reviewed_result(self, result) -> dict | None:
        return visible_result_link(result.reviewed_result_id, self.context)


def visible_result_link(result_id, context: dict) -> dict | None:
    """result_link() of a run the requesting user may view, else None (see extras/visibility.py)."""
    visibility = visibility_in(context)
    if result_id is None or (visibility is not None and not visibility.may_view(JobResult, result_id)):
        return None
    return result_link(result_id, context)


def result_link(result_id, context: dict) -> dict | None:
    """`{id, url}` of a result from its id alone (no query)."""
    if result_id is None:
        return None
    url = reverse("extras-api:jobresult-detail", kwargs={"pk": result_id}, request=context.get("request"))
    return {"id": str(result_id), "url": url}


class JobResultDetailSerializer(JobResultSerializer):
    """A single result: `data` in the grouped shape of seed 002 (log lines per method, counters, output)."""

    data = serializers.SerializerMethodField()
    commit_runs = serializers.SerializerMethodField(
        help_text="For a dry run: the runs that committed its changes."
    )
    changes_url = serializers.SerializerMethodField(
        help_text="The run's change set (what a dry run would change)."
    )

    class Meta(JobResultSerializer.Meta):
        fields = [*JobResultSerializer.Meta.fields, "commit_runs", "changes_url"]
        read_only_fields = fields

    @extend_schema_field({"type": "array", "items": {"type": "object"}})
    def get_commit_runs(self, result) -> list[dict]:
        ids = result.commit_runs.order_by("created").values_list("pk", flat=True)
        return [link for link in (visible_result_link(pk, self.context) for pk in ids) if link]

    @extend_schema_field(OpenApiTypes.URI)
    def get_changes_url(self, result) -> str:
        return reverse(
            "extras-api:jobresult-changes", kwargs={"pk": result.pk}, request=self.context.get("request")
        )

    @extend_schema_field(OpenApiTypes.OBJECT)
    def get_data(self, result) -> dict:
        from extras.api.legacy_data import grouped_result_data

        return grouped_result_data(result)


class JobLogEntrySerializer(serializers.ModelSerializer):
    """A log line. `job_result` is a link built from the stored id: the result may live in another database."""

    url = ObjectUrlField(view_name="extras-api:joblogentry-detail")
    display = DisplayField()
    log_level = ChoiceField(choices=LogLevelChoices.as_choices(), read_only=True)
    job_result = serializers.SerializerMethodField()

    class Meta:
        model = JobLogEntry
        fields = [
            "id",
            "display",
            "url",
            "job_result",
            "absolute_url",
            "created",
            "grouping",
            "log_level",
            "log_object",
            "message",
        ]
        read_only_fields = fields

    def get_job_result(self, entry) -> dict:
        url = reverse(
            "extras-api:jobresult-detail",
            kwargs={"pk": entry.job_result_id},
            request=self.context.get("request"),
        )
        return {"id": str(entry.job_result_id), "url": url}


class JobClassSerializer(serializers.Serializer):
    """The legacy (API 1.2) job-class shape: `id` is the class path, `pk` the record's UUID."""

    url = serializers.SerializerMethodField()
    id = serializers.CharField(source="class_path", read_only=True)
    pk = serializers.UUIDField(read_only=True)
    name = serializers.CharField(read_only=True)
    description = serializers.CharField(read_only=True)
    test_methods = serializers.SerializerMethodField()
    vars = serializers.SerializerMethodField()
    result = serializers.SerializerMethodField()

    result_serializer = NestedJobResultSerializer

    def get_url(self, job) -> str:
        return reverse(
            "extras-api:job-class-path-detail",
            kwargs=dict(zip(("source", "module", "job_class"), job.class_path.split("/"), strict=True)),
            request=self.context.get("request"),
        )

    def job_class_of(self, job):
        """Resolved once per job and answer (for a Git job that costs queries and a clone check)."""
        cache = self.context.setdefault("job_classes", {})
        if job.pk not in cache:
            cache[job.pk] = job.job_class
        return cache[job.pk]

    def get_test_methods(self, job) -> list[str]:
        job_class = self.job_class_of(job)
        return job_class.test_methods() if job_class else []

    def get_vars(self, job) -> dict[str, str]:
        job_class = self.job_class_of(job)
        if job_class is None:
            return {}
        return {name: type(variable).__name__ for name, variable in job_class.variables().items()}

    def get_result(self, job) -> dict | None:
        result = self.context.get("results", {}).get(job.pk)
        if result is None:
            return None
        return self.result_serializer(result, context=self.context).data


class JobClassDetailSerializer(JobClassSerializer):
    result_serializer = JobResultSerializer


class JobInputSerializer(serializers.Serializer):
    """The JSON body of a run request; unknown keys (pynautobot sends `job_id`, `class_path`...) are ignored."""

    data = serializers.JSONField(required=False, default=dict)
    commit = serializers.BooleanField(required=False, allow_null=True, default=None)
    task_queue = serializers.CharField(required=False, allow_blank=True, allow_null=True, default=None)
    job_queue = serializers.CharField(
        required=False,
        allow_blank=True,
        allow_null=True,
        default=None,
        help_text="The queue's name or id (Nautobot 2.x); the same as task_queue, which it may not contradict.",
    )
    schedule = serializers.JSONField(required=False, allow_null=True, default=None)

    def validate(self, attrs: dict) -> dict:
        attrs["task_queue"] = combined_queue(attrs.get("task_queue"), attrs.pop("job_queue", None))
        return attrs


def combined_queue(task_queue: str | None, job_queue: str | None, prefix: str = "") -> str | None:
    """`task_queue` (a name, Nautobot 1.x) and `job_queue` (a name or id, 2.x) must not say different things."""
    if job_queue:
        queue = JobQueue.objects.filter(pk=job_queue).first() if is_uuid(job_queue) else None
        job_queue = queue.name if queue is not None else job_queue
    if task_queue and job_queue and task_queue != job_queue:
        raise serializers.ValidationError(
            {
                f"{prefix}job_queue": [
                    f'"{job_queue}" is not the task_queue given ("{task_queue}"); give one of them.'
                ]
            }
        )
    return task_queue or job_queue or None
