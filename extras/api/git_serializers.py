"""Serializer of Git repositories: the token is write-only and stored encrypted; sync state is read-only."""

from __future__ import annotations

from django.utils.text import slugify
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from core.api.serializers import BaseModelSerializer
from extras.api.nested_serializers import NestedJobResultSerializer
from extras.choices import GitContentChoices, JobResultStatusChoices
from extras.encryption import encrypt_secret
from extras.models import GitRepository

# A change to any of these makes the repository sync again.
SYNC_FIELDS = frozenset(
    {"remote_url", "branch", "username", "token_encrypted", "token_env", "provided_contents"}
)


class GitRepositorySerializer(BaseModelSerializer):
    """`token` is accepted, never returned (`has_token` says whether one is set); "" removes it."""

    slug = serializers.SlugField(max_length=100, required=False)
    token = serializers.CharField(
        write_only=True,
        required=False,
        allow_blank=True,
        trim_whitespace=True,
        style={"input_type": "password"},
    )
    has_token = serializers.BooleanField(read_only=True)
    provided_contents = serializers.ListField(
        child=serializers.ChoiceField(choices=GitContentChoices.as_choices()), required=False
    )
    sync_status = serializers.SerializerMethodField()
    last_synced = serializers.DateTimeField(read_only=True)
    last_sync_result = NestedJobResultSerializer(read_only=True)

    class Meta:
        model = GitRepository
        fields = [
            "id",
            "display",
            "url",
            "name",
            "slug",
            "remote_url",
            "branch",
            "username",
            "token",
            "token_env",
            "has_token",
            "provided_contents",
            "current_head",
            "sync_status",
            "last_synced",
            "last_sync_result",
            "created",
            "last_updated",
        ]
        read_only_fields = ["current_head"]

    @extend_schema_field(OpenApiTypes.OBJECT)
    def get_sync_status(self, repository) -> dict | None:
        status = repository.sync_status
        if not status:
            return None
        return {"value": status, "label": JobResultStatusChoices.label_of(status)}

    def validate(self, attrs: dict) -> dict:
        if not attrs.get("slug") and self.instance is None and attrs.get("name"):
            attrs["slug"] = slugify(attrs["name"])[:100]
        if "token" in attrs:
            # Encrypted before the model's own validation sees it, so "token or variable" is checked
            # against what will be stored; the clear value goes no further than this method.
            attrs["token_encrypted"] = encrypt_secret(attrs.pop("token"))
        return attrs
