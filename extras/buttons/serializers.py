"""Serializer of job buttons (Nautobot's `/api/extras/job-buttons/`); content types as "app_label.model"."""

from __future__ import annotations

from rest_framework import serializers

from core.api.serializers import BaseModelSerializer
from extras.api.job_fields import ViewableJobField, refuse_unless_runnable
from extras.buttons.launching import why_not_accepted
from extras.changes.serializers import ChangeLoggedContentTypeField
from extras.models import JobButton


class JobButtonSerializer(BaseModelSerializer):
    content_types = ChangeLoggedContentTypeField(many=True, help_text='Object types, e.g. "dcim.device".')
    job = ViewableJobField(
        help_text="A job button receiver, or a job with one required object variable of the object's type; "
        "you must be allowed to run it."
    )

    class Meta:
        model = JobButton
        fields = [
            "id",
            "display",
            "url",
            "name",
            "content_types",
            "text",
            "job",
            "weight",
            "group_name",
            "button_class",
            "confirmation",
            "enabled",
            "created",
            "last_updated",
        ]

    def validate(self, attrs: dict) -> dict:
        job = attrs.get("job", getattr(self.instance, "job", None))
        refuse_unless_runnable(self.context, job)
        content_types = attrs.get("content_types")
        if content_types is None and self.instance is not None:
            content_types = list(self.instance.content_types.all())
        if job is not None and content_types:
            problems = [why_not_accepted(job, content_type.model_class()) for content_type in content_types]
            problems = [problem for problem in problems if problem]
            if problems:
                raise serializers.ValidationError({"job": problems})
        return attrs
