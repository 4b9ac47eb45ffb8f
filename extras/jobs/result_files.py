"""`self.create_file(filename, content)`: a file the run offers for download (Nautobot 2.x's Job API)."""

from __future__ import annotations

from extras.models.files import FileProxy, ResultFileError


class JobResultFiles:
    """Mixed into Job (so Nautobot 1.x jobs and NetBox scripts have it too)."""

    def create_file(self, filename: str, content: str | bytes) -> FileProxy:
        """Store `content` (text is stored as UTF-8) as a file of this run, shown for download on its page and
        in the API; returns the stored file (its `name` is `filename` kept within one folder level).

        Kept even when the run's changes are rolled back (a dry run, a failure), as its log is. Raises
        ResultFileError (a ValueError), storing nothing, when the content is over JOBS_CREATE_FILE_MAX_SIZE
        bytes or the run already has a file of that name.
        """
        result = getattr(self, "job_result", None)
        if result is None or getattr(result, "pk", None) is None:
            raise ResultFileError(
                f'Cannot create "{filename}": files can be created only while the job runs.'
            )
        return FileProxy.objects.store(result.pk, filename, content)
