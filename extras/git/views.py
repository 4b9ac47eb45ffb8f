"""UI of Git repositories: list, detail (with the latest sync's log), add/edit (which sync), delete, Sync."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.views import View

from core.tables import Column, Table
from core.views import ObjectDetailView, ObjectEditView, ObjectPermissionMixin, RelatedList
from extras.engine.services import BrokerUnavailable, NoWorkerAvailable
from extras.git.sync import enqueue_sync
from extras.models import GitRepository, Job, JobLogEntry, JobResult
from extras.visibility import Visibility

STATUS_BADGE = "extras/gitrepository_status_badge.html"
COMMIT = "extras/gitrepository_commit.html"
LOG_LINES_SHOWN = 200

repositories = GitRepository.objects.select_related("last_sync_result")


class GitRepositoryTable(Table):
    columns = (
        Column("name", link=True),
        Column("remote_url", label="Remote URL"),
        Column("branch"),
        Column("current_head", label="Commit", template=COMMIT),
        Column("sync_status", label="Last sync", template=STATUS_BADGE, order_by="last_sync_result__status"),
        Column("last_synced", label="Synced", order_by="last_sync_result__created"),
    )


class RepositoryJobTable(Table):
    columns = (
        Column("name", link=True),
        Column("module_name", label="Module"),
        Column("job_class_name", label="Class"),
        Column("installed"),
        Column("enabled"),
    )


class SyncResultTable(Table):
    columns = (
        Column("created", link=True),
        Column("status", template=STATUS_BADGE),
        Column("source_commit", label="Commit", template=COMMIT),
        Column("user"),
    )


DETAIL_FIELDS = (
    Column("name"),
    Column("slug"),
    Column("remote_url", label="Remote URL"),
    Column("branch"),
    Column("username"),
    Column("has_token", label="Token set"),
    Column("token_env", label="Token variable"),
    Column("provided_contents_labels", label="Provides"),
    Column("current_head", label="Current commit", template=COMMIT),
    Column("sync_status", label="Last sync", template=STATUS_BADGE),
    Column("last_synced", label="Synced"),
)

RELATED = (
    RelatedList(
        "Jobs",
        Job.objects.all(),
        lambda repository: {"source_name": repository.source_name},
        RepositoryJobTable,
        limit=100,
    ),
    RelatedList(
        "Syncs",
        JobResult.objects.select_related("user").order_by("-created"),
        "git_repository",
        SyncResultTable,
        limit=10,
    ),
)


class GitRepositoryDetailView(ObjectDetailView):
    template_name = "extras/gitrepository.html"

    def get_extra_context(self, repository: GitRepository) -> dict:
        result = Visibility(self.request.user).shown(repository.last_sync_result)
        lines = []
        if result is not None:
            lines = list(
                JobLogEntry.objects.filter(job_result_id=result.pk).order_by("sequence")[:LOG_LINES_SHOWN]
            )
        return {"sync_result": result, "sync_lines": lines}


class GitRepositoryEditView(ObjectEditView):
    """Saving a new repository, or a change of where its code comes from, queues a sync.

    When the edit moved the remote to another host, the stored credentials were dropped (see
    extras.git.changes) and a message says so.
    """

    def save_within_permission(self, form, action: str):
        needs_sync = form.needs_sync
        repository = super().save_within_permission(form, action)
        if repository is not None:
            if form.change is not None and form.change.dropped:
                messages.warning(self.request, form.change.message)
            if needs_sync:
                queue_sync(self.request, repository)
        return repository


class GitRepositorySyncView(ObjectPermissionMixin, View):
    """POST only (CSRF-protected): queue a sync; needs the change permission on this repository."""

    def post(self, request: HttpRequest, pk) -> HttpResponse:
        self.require_permission("change")
        repository = get_object_or_404(self.restricted("change"), pk=pk)
        queue_sync(request, repository)
        return HttpResponseRedirect(repository.get_absolute_url())


def queue_sync(request: HttpRequest, repository: GitRepository) -> None:
    """Send a sync at once (outside a transaction), so a refusal by the broker is shown, not a false success."""
    try:
        enqueue_sync(repository, user=request.user)
    except (NoWorkerAvailable, BrokerUnavailable) as error:
        messages.error(request, f"{repository} was not synced. {error.message}")
    else:
        messages.success(request, f"Repository {repository} sync job added to queue.")
