"""Serializers of the change log (Nautobot 1.x's ObjectChange shape) and of a run's change set."""

from __future__ import annotations

from django.contrib.contenttypes.models import ContentType
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers
from rest_framework.reverse import reverse

from core.api.links import ObjectUrlField
from core.api.serializers import ChoiceField, DisplayField
from dcim.api.fields import ContentTypeField
from extras.api.nested_serializers import NestedJobResultSerializer, NestedUserSerializer
from extras.changes.selectors import change_logged_content_types
from extras.changes.serialization import api_url
from extras.choices import ChangeContextChoices, ObjectChangeActionChoices
from extras.models import DryRunChange, ObjectChange
from extras.visibility import shown_in


class ChangeLoggedContentTypeField(ContentTypeField):
    """A content type of a change-logged model (what job hooks and buttons are for), as "app_label.model"."""

    def get_queryset(self):
        return change_logged_content_types()


def brief_object(obj) -> dict | None:
    """The changed object as it is now (id, url, display), or None once it is gone."""
    if obj is None:
        return None
    return {"id": str(obj.pk), "url": api_url(obj), "display": str(obj)}


class ChangeEntrySerializer(serializers.Serializer):
    """One change: the object, what happened to it, and its data before and after (REST API shape)."""

    action = ChoiceField(choices=ObjectChangeActionChoices.as_choices(), read_only=True)
    changed_object_type = serializers.SerializerMethodField()
    changed_object_id = serializers.UUIDField(read_only=True)
    object_repr = serializers.CharField(read_only=True)
    related_object_type = serializers.SerializerMethodField()
    related_object_id = serializers.UUIDField(read_only=True, allow_null=True)
    prechange_data = serializers.JSONField(read_only=True, allow_null=True)
    postchange_data = serializers.JSONField(read_only=True, allow_null=True)
    object_data = serializers.JSONField(read_only=True, allow_null=True)
    time = serializers.DateTimeField(read_only=True)

    @extend_schema_field(OpenApiTypes.STR)
    def get_changed_object_type(self, change) -> str:
        return change.object_type_label

    @extend_schema_field({"type": "string", "nullable": True})
    def get_related_object_type(self, change) -> str | None:
        if change.related_object_type_id is None:
            return None
        content_type = ContentType.objects.get_for_id(change.related_object_type_id)  # cached: no query
        return f"{content_type.app_label}.{content_type.model}"


class ObjectChangeSerializer(ChangeEntrySerializer, serializers.ModelSerializer):
    """`/api/extras/object-changes/`: read-only."""

    url = ObjectUrlField(view_name="extras-api:objectchange-detail")
    display = DisplayField()
    user = NestedUserSerializer(read_only=True)
    change_context = ChoiceField(choices=ChangeContextChoices.as_choices(), read_only=True)
    changed_object = serializers.SerializerMethodField()
    job_result = serializers.SerializerMethodField(
        help_text="The run that made the change, if you may view it."
    )

    class Meta:
        model = ObjectChange
        fields = [
            "id",
            "url",
            "display",
            "time",
            "user",
            "user_name",
            "request_id",
            "action",
            "change_context",
            "change_context_detail",
            "changed_object_type",
            "changed_object_id",
            "changed_object",
            "related_object_type",
            "related_object_id",
            "object_repr",
            "object_data",
            "prechange_data",
            "postchange_data",
            "job_result",
        ]
        read_only_fields = fields

    @extend_schema_field({"type": "object", "nullable": True})
    def get_changed_object(self, change) -> dict | None:
        return brief_object(shown_in(self.context, change.changed_object))

    @extend_schema_field(NestedJobResultSerializer(allow_null=True))
    def get_job_result(self, change) -> dict | None:
        result = shown_in(self.context, change.job_result)
        return None if result is None else NestedJobResultSerializer(result, context=self.context).data


class RunChangeSerializer(ChangeEntrySerializer):
    """An entry of a run's change set: an ObjectChange (committed) or a DryRunChange (would change)."""

    object_change = serializers.SerializerMethodField(help_text="The change log entry (committed runs only).")

    @extend_schema_field({"type": "string", "format": "uri", "nullable": True})
    def get_object_change(self, change) -> str | None:
        if isinstance(change, DryRunChange):
            return None
        return reverse(
            "extras-api:objectchange-detail", kwargs={"pk": change.pk}, request=self.context.get("request")
        )
