"""Pages of job hooks: list, detail with the runs they started, add/edit, delete."""

from __future__ import annotations

from core.tables import Column, Table
from core.views import RelatedList
from extras.models import JobHook, JobResult

hooks = JobHook.objects.select_related("job").prefetch_related("content_types")

STATUS = "extras/cells/jobresult_status.html"


class JobHookTable(Table):
    columns = (
        Column("name", link=True),
        Column("content_types.all", label="Object types", order_by=""),
        Column("job", link=True, order_by="job__name"),
        Column("type_create", label="Create"),
        Column("type_update", label="Update"),
        Column("type_delete", label="Delete"),
        Column("fields", order_by=""),
        Column("enabled"),
    )


class HookRunTable(Table):
    columns = (
        Column("created", link=True),
        Column("status", template=STATUS),
        Column("object_change", label="Change", link=True),
        Column("user"),
    )


DETAIL_FIELDS = (
    Column("name"),
    Column("content_types.all", label="Object types"),
    Column("job", link=True),
    Column("type_create", label="On create"),
    Column("type_update", label="On update"),
    Column("type_delete", label="On delete"),
    Column("fields", label="Only when these fields change"),
    Column("enabled"),
)

RELATED = (
    RelatedList(
        "Runs it started",
        JobResult.objects.select_related("user", "object_change").order_by("-created"),
        "job_hook",
        HookRunTable,
        limit=25,
    ),
)
