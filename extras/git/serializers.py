"""Serializer of Git repositories: the token is write-only and stored encrypted; sync state is read-only.

What an edit does to the credentials (a remote moved to another host drops them) and whether it syncs is
decided by extras.git.changes.plan_change, as for the UI form; the view reads `serializer.change`.
"""

from __future__ import annotations

from django.utils.text import slugify
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from core.api.serializers import BaseModelSerializer
from extras.api.nested_serializers import NestedJobResultSerializer
from extras.choices import GitContentChoices, JobResultStatusChoices
from extras.git.changes import RepositoryChange, plan_change
from extras.models import GitRepository
from extras.models.git import TOKEN_ENV_PREFIX
from extras.visibility import shown_in


class GitRepositorySerializer(BaseModelSerializer):
    """`token` is accepted, never returned (`has_token` says whether one is set); "" removes it.

    A change of the remote's host removes the stored token, token variable and username unless the same
    request gives them: the response then shows `has_token: false`.
    """

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
    last_sync_result = serializers.SerializerMethodField(help_text="The newest sync, if you may view it.")

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
        extra_kwargs = {
            "token_env": {
                "help_text": f"Instead of a stored token: {TOKEN_ENV_PREFIX}<SLUG> (the slug in capitals, - as _), "
                "set in every process that syncs or resolves the repository's jobs (web, worker, beat)."
            }
        }

    @extend_schema_field(OpenApiTypes.OBJECT)
    def get_sync_status(self, repository) -> dict | None:
        status = repository.sync_status
        if not status:
            return None
        return {"value": status, "label": JobResultStatusChoices.label_of(status)}

    @extend_schema_field(NestedJobResultSerializer(allow_null=True))
    def get_last_sync_result(self, repository) -> dict | None:
        result = shown_in(self.context, repository.last_sync_result)
        return None if result is None else NestedJobResultSerializer(result, context=self.context).data

    def validate(self, attrs: dict) -> dict:
        if not attrs.get("slug") and self.instance is None and attrs.get("name"):
            attrs["slug"] = slugify(attrs["name"])[:100]
        # Applied before the model's own validation sees it, so "token or variable" is checked against
        # what will be stored; the clear token goes no further than plan_change().
        self.change: RepositoryChange = plan_change(self.instance, attrs, token=attrs.pop("token", None))
        attrs.update(self.change.values)
        return attrs
