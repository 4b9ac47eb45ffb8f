"""Which files a user may read: a run's files (for its page and its API answer) and one file by id."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db.models import Prefetch
from django.http import Http404

from extras.models import FileProxy, JobResult
from extras.visibility import Visibility


def files_of(result: JobResult) -> list[FileProxy]:
    """The files of a run the caller already may see, without their content (one query)."""
    return list(FileProxy.objects.filter(job_result_id=result.pk).listed())


def files_prefetch() -> Prefetch:
    """`result.files.all()` for a page of results in one query, without the files' content."""
    return Prefetch("files", queryset=FileProxy.objects.listed())


def visible_file(user, pk, *, with_content: bool = False) -> FileProxy:
    """The file `pk` if `user` may see its run (extras/visibility.py), else Http404: a file of a hidden run
    is answered exactly as a file that does not exist."""
    queryset = FileProxy.objects.all() if with_content else FileProxy.objects.listed()
    try:
        found = queryset.filter(pk=pk).first()
    except (ValidationError, ValueError):  # not a UUID: no such file
        found = None
    if found is None or not Visibility(user).may_view(JobResult, found.job_result_id):
        raise Http404("No such file.")
    return found
