"""REST views of result files: `/api/extras/file-proxies/` (list, detail, `download/`) as in Nautobot 2.x,
and the `files` of a job result."""

from __future__ import annotations

import django_filters
from django.db.models import Q, QuerySet
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema, extend_schema_field
from rest_framework import serializers
from rest_framework.decorators import action
from rest_framework.permissions import IsAuthenticated
from rest_framework.reverse import reverse
from rest_framework.viewsets import ReadOnlyModelViewSet

from core.api.links import ObjectUrlField
from core.api.serializers import DisplayField
from core.permissions import user_has_perm
from dcim.filters.base import MultiValueCharFilter, MultiValueUUIDFilter
from extras.models import FileProxy, JobResult
from extras.result_files.downloads import download_response
from extras.result_files.selectors import visible_file


def download_url(stored: FileProxy, request) -> str:
    return reverse("extras-api:fileproxy-download", kwargs={"pk": stored.pk}, request=request)


class FileProxySerializer(serializers.ModelSerializer):
    """A file's description (never its content): `download_url` answers the bytes."""

    url = ObjectUrlField(view_name="extras-api:fileproxy-detail")
    display = DisplayField()
    job_result = serializers.SerializerMethodField()
    uploaded_at = serializers.DateTimeField(source="created", read_only=True, help_text="Nautobot's name.")
    download_url = serializers.SerializerMethodField()

    class Meta:
        model = FileProxy
        fields = [
            "id",
            "display",
            "url",
            "name",
            "size",
            "created",
            "uploaded_at",
            "job_result",
            "download_url",
        ]
        read_only_fields = fields

    @extend_schema_field(
        {"type": "object", "properties": {"id": {"type": "string"}, "url": {"type": "string"}}}
    )
    def get_job_result(self, stored) -> dict:
        request = self.context.get("request")
        url = reverse("extras-api:jobresult-detail", kwargs={"pk": stored.job_result_id}, request=request)
        return {"id": str(stored.job_result_id), "url": url}

    @extend_schema_field(OpenApiTypes.URI)
    def get_download_url(self, stored) -> str:
        return download_url(stored, self.context.get("request"))


@extend_schema_field(
    {
        "type": "array",
        "items": {
            "type": "object",
            "properties": {
                "id": {"type": "string"},
                "name": {"type": "string"},
                "size": {"type": "integer"},
                "download_url": {"type": "string", "format": "uri"},
            },
        },
    }
)
class ResultFilesField(serializers.Field):
    """A job result's `files`: id, name, size and download_url of each (prefetched for lists)."""

    def __init__(self, **kwargs):
        super().__init__(source="*", read_only=True, **kwargs)

    def to_representation(self, result: JobResult) -> list[dict]:
        request = self.context.get("request")
        return [
            {
                "id": str(item.pk),
                "name": item.name,
                "size": item.size,
                "download_url": download_url(item, request),
            }
            for item in result.files.all()
        ]


class FileProxyFilterSet(django_filters.FilterSet):
    """No cross-database joins: `job_result` filters by the stored id only."""

    job_result = MultiValueUUIDFilter(field_name="job_result_id")
    name = MultiValueCharFilter()
    q = django_filters.CharFilter(method="search", label="Search")

    class Meta:
        model = FileProxy
        fields = ["job_result", "name"]

    def search(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        return queryset.filter(Q(name__icontains=value.strip())) if value.strip() else queryset


class FileProxyPermissions(IsAuthenticated):
    """The list takes `extras.view_jobresult`, as the results' own list does; one file (its description or its
    download) answers 404 to anyone who may not see its run, as if it did not exist (selectors.visible_file)."""

    def has_permission(self, request, view) -> bool:
        if not super().has_permission(request, view):
            return False
        return view.action != "list" or user_has_perm(request.user, "extras.view_jobresult")


class FileProxyViewSet(ReadOnlyModelViewSet):
    """Files of the runs the user may see, oldest first."""

    queryset = FileProxy.objects.listed()
    serializer_class = FileProxySerializer
    filterset_class = FileProxyFilterSet
    permission_classes = [FileProxyPermissions]

    def get_queryset(self):
        return FileProxy.objects.listed().restrict(self.request.user, "view")

    def get_object(self) -> FileProxy:
        return visible_file(self.request.user, self.kwargs["pk"])

    @extend_schema(responses={(200, "application/octet-stream"): OpenApiTypes.BINARY})
    @action(detail=True, methods=["get"])
    def download(self, request, pk=None):
        """The file's bytes as an attachment (`Content-Disposition: attachment`, never rendered)."""
        return download_response(visible_file(request.user, pk, with_content=True))
