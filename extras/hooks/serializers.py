"""Serializer of job hooks (Nautobot's `/api/extras/job-hooks/`, plus `fields`)."""

from __future__ import annotations

from rest_framework import serializers

from core.api.serializers import BaseModelSerializer
from extras.api.job_fields import ViewableJobField, refuse_unless_runnable
from extras.changes.serializers import ChangeLoggedContentTypeField
from extras.hooks.rules import ACTIONS, hook_errors
from extras.models import JobHook


class JobHookSerializer(BaseModelSerializer):
    content_types = ChangeLoggedContentTypeField(many=True, help_text='Object types, e.g. "dcim.device".')
    job = ViewableJobField(help_text="The job hook receiver this hook runs; you must be allowed to run it.")
    fields = serializers.ListField(
        child=serializers.CharField(max_length=100),
        required=False,
        help_text="Fire on an update only when one of these fields changed (empty: any change).",
    )

    class Meta:
        model = JobHook
        fields = [
            "id",
            "display",
            "url",
            "name",
            "content_types",
            "job",
            "enabled",
            "type_create",
            "type_update",
            "type_delete",
            "fields",
            "created",
            "last_updated",
        ]

    def validate(self, attrs: dict) -> dict:
        def final(name, default=None):
            return attrs.get(
                name, getattr(self.instance, name, default) if self.instance is not None else default
            )

        refuse_unless_runnable(self.context, final("job"))
        content_types = attrs.get("content_types")
        if content_types is None and self.instance is not None:
            content_types = list(self.instance.content_types.all())
        errors = hook_errors(
            job=final("job"),
            content_types=content_types or [],
            actions={action: bool(final(f"type_{action}", False)) for action in ACTIONS},
            fields=list(final("fields", []) or []),
            instance=self.instance,
        )
        if errors:
            raise serializers.ValidationError(errors)
        return attrs
