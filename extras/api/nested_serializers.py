"""Brief representations of jobs, results and users for use inside other API objects."""

from __future__ import annotations

from django.contrib.auth import get_user_model
from rest_framework import serializers

from core.api.links import ObjectUrlField
from core.api.serializers import DisplayField, NestedSerializer
from extras.models import Job, JobResult, ScheduledJob


class NestedUserSerializer(serializers.ModelSerializer):
    """id, url, display, username."""

    display = DisplayField()
    url = ObjectUrlField(view_name="users-api:user-detail")

    class Meta:
        model = get_user_model()
        fields = ["id", "url", "display", "username"]


class NestedJobSerializer(NestedSerializer):
    class Meta:
        model = Job
        fields = [
            "id",
            "url",
            "display",
            "source",
            "module_name",
            "job_class_name",
            "grouping",
            "name",
            "slug",
        ]


class NestedJobResultSerializer(NestedSerializer):
    user = NestedUserSerializer(read_only=True)

    class Meta:
        model = JobResult
        fields = ["id", "url", "display", "name", "created", "completed", "user", "status"]


class NestedScheduledJobSerializer(NestedSerializer):
    class Meta:
        model = ScheduledJob
        fields = ["id", "url", "display", "name", "start_time", "interval", "crontab"]
