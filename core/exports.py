"""CSV export of list tables: every row the current filters select (not only the page shown), streamed,
with the columns the table shows as plain text."""

from __future__ import annotations

import csv
from collections.abc import Iterable, Iterator
from datetime import date, datetime
from typing import Any

from django.db.models import Model, QuerySet
from django.http import StreamingHttpResponse
from django.utils.timezone import is_aware, localtime

from core.tables import Table

CHUNK_SIZE = 2000


class Echo:
    """A file-like object whose write() returns what it was given: csv.writer then yields the lines."""

    def write(self, value: str) -> str:
        return value


def csv_lines(rows: Iterable[Iterable[Any]]) -> Iterator[str]:
    """Each row as one CSV line, produced as it is asked for (nothing is held in memory)."""
    writer = csv.writer(Echo())
    for row in rows:
        yield writer.writerow([cell_text(value) for value in row])


def cell_text(value: Any) -> str:
    """A cell's value as text: a bool as true/false, a time in ISO form, an object by its name."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, datetime):
        return (localtime(value) if is_aware(value) else value).isoformat()
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, dict):
        return "; ".join(f"{key}={item}" for key, item in value.items())
    if isinstance(value, QuerySet | list | tuple | set):
        return ", ".join(str(item) for item in value)
    if isinstance(value, Model):
        return str(value)
    return str(value)


def table_rows(table: type[Table], queryset: QuerySet) -> Iterator[list[Any]]:
    """The header, then one row per object, read in chunks (select_related stays one query per chunk)."""
    yield [column.header for column in table.columns]
    for record in queryset.iterator(chunk_size=CHUNK_SIZE):
        yield [column.resolve(record).value for column in table.columns]


def csv_response(lines: Iterator[str], filename: str) -> StreamingHttpResponse:
    response = StreamingHttpResponse(lines, content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def table_csv_response(table: type[Table], queryset: QuerySet, filename: str) -> StreamingHttpResponse:
    """A list's rows as a streamed CSV download."""
    return csv_response(csv_lines(table_rows(table, queryset)), filename)
