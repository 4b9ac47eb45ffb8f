"""Brief representations of jobs, results and users for use inside other API objects."""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.urls import NoReverseMatch
from rest_framework import serializers
from rest_framework.reverse import reverse

from core.api.serializers import DisplayField, NestedSerializer
from extras.models import Job, JobResult


class NestedUserSerializer(serializers.ModelSerializer):
    """id, url, display, username; `url` is null until the users API serves user objects."""

    display = DisplayField()
    url = serializers.SerializerMethodField()

    class Meta:
        model = get_user_model()
        fields = ["id", "url", "display", "username"]

    def get_url(self, user) -> str | None:
        try:
            return reverse(
                "users-api:user-detail", kwargs={"pk": user.pk}, request=self.context.get("request")
            )
        except NoReverseMatch:
            return None


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
