"""A run's log as a download: CSV or plain text, streamed in chunks of lines read by sequence, so a log of
any size costs one chunk of memory and one indexed query per chunk (and honours the page's filters)."""

from __future__ import annotations

from collections.abc import Iterator

from django.http import StreamingHttpResponse
from django.utils.timezone import localtime

from core.exports import csv_lines, csv_response
from extras.models import JobResult
from extras.ui.selectors import LogFilter, log_lines

CHUNK_SIZE = 5000
CSV_HEADER = ["sequence", "time", "level", "method", "object", "object_url", "message"]


def iter_lines(result: JobResult, log_filter: LogFilter) -> Iterator:
    """Every line of the run in order, read by keyset (`sequence > last`): no server-side cursor to hold."""
    last = 0
    while True:
        chunk = list(log_lines(result, log_filter).filter(sequence__gt=last)[:CHUNK_SIZE])
        yield from chunk
        if len(chunk) < CHUNK_SIZE:
            return
        last = chunk[-1].sequence


def csv_rows(result: JobResult, log_filter: LogFilter) -> Iterator[list]:
    yield CSV_HEADER
    for line in iter_lines(result, log_filter):
        yield [
            line.sequence,
            localtime(line.created).isoformat(),
            line.log_level,
            line.grouping,
            line.log_object or "",
            line.absolute_url or "",
            line.message,
        ]


def text_lines(result: JobResult, log_filter: LogFilter) -> Iterator[str]:
    """`2026-01-02 10:00:00.123 INFO    run  [object] message`, one line each (continuations indented)."""
    for line in iter_lines(result, log_filter):
        stamp = localtime(line.created).strftime("%Y-%m-%d %H:%M:%S.%f")[:-3]
        about = f"[{line.log_object}] " if line.log_object else ""
        message = (line.message or "").replace("\n", "\n    ")
        yield f"{stamp} {line.log_level.upper():<8} {line.grouping}  {about}{message}\n"


def export_filename(result: JobResult, extension: str) -> str:
    return f"job-result-{result.pk}-log.{extension}"


def log_export_response(result: JobResult, log_filter: LogFilter, kind: str) -> StreamingHttpResponse:
    """The streamed download: `kind` is "csv" or "txt"."""
    if kind == "csv":
        return csv_response(csv_lines(csv_rows(result, log_filter)), export_filename(result, "csv"))
    response = StreamingHttpResponse(text_lines(result, log_filter), content_type="text/plain; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{export_filename(result, "txt")}"'
    return response
