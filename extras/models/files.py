"""Files a run offers for download (`self.create_file()` in a job): kept in the database with the run.

Stored in the database rather than on a filesystem, so every web and worker process reads the same file;
written on the `job_logs` alias (extras/routers.py) as log lines are, so a file created by a dry run or a
failed run is kept exactly as its log is, whatever the job's transaction does afterwards.
"""

from __future__ import annotations

import re
import uuid

from django.conf import settings
from django.db import IntegrityError, models, transaction
from django.utils import timezone

from core.permissions import sees_all

MAX_NAME_LENGTH = 255
SEPARATORS = re.compile(r"[/\\]")
CONTROL_CHARACTERS = re.compile(r"[\x00-\x1f\x7f]")


class ResultFileError(ValueError):
    """A file the job may not store: no run, a name with nothing left, over the size limit, a name used twice.

    A ValueError, as Nautobot 2.x raises for a file over its limit, so jobs written for it catch it alike.
    """


def clean_file_name(name: str) -> str:
    """The name a file is stored and downloaded under: one folder level, no control characters, 255 at most.

    Path separators join the parts with "_" (`reports/q1.csv` → `reports_q1.csv`), "." and ".." parts are
    dropped (`../../etc/passwd` → `etc_passwd`); a long name keeps its extension.
    """
    text = CONTROL_CHARACTERS.sub("", str(name))
    parts = [part.strip() for part in SEPARATORS.split(text)]
    cleaned = "_".join(part for part in parts if part not in ("", ".", ".."))
    if not cleaned:
        raise ResultFileError(f"{name!r} is no file name: give the file a name such as report.csv.")
    if len(cleaned) > MAX_NAME_LENGTH:
        stem, dot, suffix = cleaned.rpartition(".")
        suffix = f".{suffix}" if dot and stem and len(suffix) < 20 else ""
        cleaned = cleaned[: MAX_NAME_LENGTH - len(suffix)] + suffix
    return cleaned


def content_bytes(content: str | bytes) -> bytes:
    """The bytes stored: text is encoded as UTF-8."""
    if isinstance(content, str):
        return content.encode("utf-8")
    if isinstance(content, bytes | bytearray | memoryview):
        return bytes(content)
    raise TypeError(f"A file's content is str or bytes, not {type(content).__name__}.")


class FileProxyQuerySet(models.QuerySet):
    def restrict(self, user, action: str = "view"):
        """A file is visible exactly when its run is (extras/visibility.py); the run ids are read first,
        because these rows are read on the `job_logs` alias, which a subquery on results may not use."""
        from extras.models.git import GitRepository
        from extras.models.jobs import Job
        from extras.models.results import JobResult

        if all(sees_all(user, model, action) for model in (JobResult, Job, GitRepository)):
            return self
        visible = JobResult.objects.restrict(user, action).values_list("pk", flat=True)
        return self.filter(job_result_id__in=list(visible))

    def listed(self):
        """Without their content: lists and links never read the bytes."""
        return self.defer("content").order_by("created", "name")

    def store(self, job_result_id, name: str, content: str | bytes) -> FileProxy:
        """Store one file of a run, refusing one over JOBS_CREATE_FILE_MAX_SIZE or named as another of it.

        Nothing is written before every check has passed, and the row is inserted in one statement.
        """
        cleaned = clean_file_name(name)
        data = content_bytes(content)
        limit = settings.JOBS_CREATE_FILE_MAX_SIZE
        if len(data) > limit:
            raise ResultFileError(
                f'The file "{cleaned}" is {len(data)} bytes, over the limit of {limit} bytes '
                "(JOBS_CREATE_FILE_MAX_SIZE); it was not stored."
            )
        twice = ResultFileError(
            f'A file named "{cleaned}" was already created by this run; give each file its own name.'
        )
        if self.filter(job_result_id=job_result_id, name=cleaned).exists():
            raise twice
        try:
            with transaction.atomic(using=self.db):
                return self.create(job_result_id=job_result_id, name=cleaned, size=len(data), content=data)
        except IntegrityError:
            raise twice from None


class FileProxy(models.Model):
    """One file a run created (Nautobot's FileProxy): its name, size and content, downloaded as an attachment."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    # No database constraint, as for log lines: the file is committed on another connection while the
    # result row may still be locked by the job's transaction. A deleted result takes its files along
    # (extras/signals.py).
    job_result = models.ForeignKey(
        "extras.JobResult", on_delete=models.DO_NOTHING, db_constraint=False, related_name="files"
    )
    name = models.CharField(max_length=MAX_NAME_LENGTH)
    created = models.DateTimeField(default=timezone.now)
    size = models.PositiveBigIntegerField(help_text="Bytes.")
    content = models.BinaryField()

    objects = FileProxyQuerySet.as_manager()

    class Meta:
        ordering = ["created", "name"]
        verbose_name = "file proxy"
        verbose_name_plural = "file proxies"
        constraints = [
            models.UniqueConstraint(fields=["job_result", "name"], name="fileproxy_one_name_per_run"),
        ]

    def __str__(self) -> str:
        return self.name
