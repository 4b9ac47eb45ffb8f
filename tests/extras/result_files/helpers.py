"""Reading result files back in tests: what a download answered, and the files a run stored."""

from __future__ import annotations

from extras.models import FileProxy


def body_of(response) -> bytes:
    """The bytes a download answered (streamed or not)."""
    if getattr(response, "streaming", False):
        return b"".join(response.streaming_content)
    return response.content


def stored_files(result) -> dict[str, bytes]:
    """The run's files: name → content."""
    rows = FileProxy.objects.filter(job_result_id=result.pk).values_list("name", "content")
    return {name: bytes(content) for name, content in rows}


def make_file(result, name: str = "report.csv", content: bytes = b"a,b\r\n") -> FileProxy:
    """A stored file of `result`, as create_file() stores one."""
    return FileProxy.objects.create(job_result_id=result.pk, name=name, size=len(content), content=content)
