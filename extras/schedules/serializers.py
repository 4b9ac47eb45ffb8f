"""Serializers of scheduled jobs: the schedule, its stored input and its approval state."""

from __future__ import annotations

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers
from rest_framework.reverse import reverse

from core.api.serializers import BaseModelSerializer
from extras.api.nested_serializers import NestedJobSerializer, NestedUserSerializer
from extras.models import JobResult, ScheduledJob
from extras.visibility import servable_schedule_data, visibility_in


class ScheduledJobSerializer(BaseModelSerializer):
    """CONTRACT A4.3's fields, plus what 1.6 left out: start time, time zone, enabled, next run, input.

    Only `name`, `description` and `enabled` can be changed; a schedule is created by running a job.
    """

    user = NestedUserSerializer(read_only=True)
    job_model = NestedJobSerializer(read_only=True)
    approved_by_user = NestedUserSerializer(read_only=True)
    task = serializers.SerializerMethodField()
    queue = serializers.CharField(source="task_queue", read_only=True)
    date_changed = serializers.DateTimeField(source="last_updated", read_only=True)
    one_off = serializers.BooleanField(read_only=True)
    data = serializers.SerializerMethodField(
        help_text="The stored input; empty for a job with sensitive variables (it is never shown)."
    )
    commit = serializers.BooleanField(read_only=True)
    reviewed_result = serializers.SerializerMethodField(
        help_text="Approved as reviewed (or asked to commit a reviewed dry run): the run commits exactly that "
        "dry run's changes, or nothing. Its change set: `changes/`."
    )

    class Meta:
        model = ScheduledJob
        fields = [
            "id",
            "display",
            "url",
            "name",
            "user",
            "job_model",
            "task",
            "interval",
            "queue",
            "job_class",
            "start_time",
            "crontab",
            "time_zone",
            "one_off",
            "enabled",
            "next_run_at",
            "last_run_at",
            "total_run_count",
            "date_changed",
            "description",
            "approval_required",
            "approved_by_user",
            "approved_at",
            "data",
            "commit",
            "reviewed_result",
            "created",
        ]
        read_only_fields = [field for field in fields if field not in ("name", "description", "enabled")]

    @extend_schema_field({"type": "object", "nullable": True, "properties": {"id": {"type": "string"}}})
    def get_reviewed_result(self, schedule) -> dict | None:
        visibility = visibility_in(self.context)
        if schedule.reviewed_result_id is None or (
            visibility is not None and not visibility.may_view(JobResult, schedule.reviewed_result_id)
        ):
            return None
        url = reverse(
            "extras-api:jobresult-detail",
            kwargs={"pk": schedule.reviewed_result_id},
            request=self.context.get("request"),
        )
        return {"id": str(schedule.reviewed_result_id), "url": url}

    @extend_schema_field({"type": "object"})
    def get_data(self, schedule) -> dict:
        return servable_schedule_data(schedule)

    def get_task(self, schedule) -> str:
        return "extras.run_job"

    def update(self, instance, validated_data):
        """Write only the fields sent: a full save would put back a `next_run_at` the scheduler moved
        since this copy was read, and so fire an occurrence twice or never again."""
        for name, value in validated_data.items():
            setattr(instance, name, value)
        instance.save(update_fields=[*validated_data, "last_updated"])
        return instance
