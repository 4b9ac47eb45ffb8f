"""Declarative HTML tables: columns name an attribute path; the table turns objects into rows of cells.

A column's accessor is a dotted path (`site.region.name`). The view is responsible for
`select_related`/`prefetch_related` of the relations the columns walk, so a page renders in a
fixed number of queries however many rows it shows.
"""

from __future__ import annotations

import inspect
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Model, QuerySet
from django.urls import NoReverseMatch


@dataclass(frozen=True)
class Column:
    """One table column.

    `accessor` is an attribute path; choice fields render their label. With `link=True` the cell
    links to the related object the value names (for `site` or `site.name`: the site; for `name`:
    the row itself). `order_by` is the ORM lookup used for sorting ('' disables sorting; None derives
    it from the accessor). `template` names a template rendering the cell (context: `value`, `url`,
    `record`, `column`) for badges and other markup.
    """

    accessor: str
    label: str | None = None
    link: bool = False
    order_by: str | None = None
    template: str | None = None

    @property
    def header(self) -> str:
        if self.label is not None:
            return self.label
        return self.accessor.rsplit(".", 1)[-1].replace("_", " ").capitalize()

    @property
    def sort_key(self) -> str:
        if self.order_by is not None:
            return self.order_by
        return self.accessor.replace(".", "__")

    def resolve(self, record: Model) -> Cell:
        """Walk the accessor from `record`; the owner of the last attribute is what the cell links to."""
        owner: Any = record
        value: Any = record
        for part in self.accessor.split("."):
            if value is None:
                break
            owner = value
            display = getattr(owner, f"get_{part}_display", None)
            value = display() if callable(display) else getattr(owner, part, None)
            if inspect.ismethod(value):
                value = value()
        url = None
        if self.link and value not in (None, ""):
            target = value if isinstance(value, Model) else owner
            url = _url_of(target)
        return Cell(column=self, value=value, url=url, record=record)


@dataclass(frozen=True)
class Cell:
    column: Column
    value: Any
    url: str | None
    record: Model


@dataclass(frozen=True)
class Row:
    record: Model
    cells: list[Cell] = field(default_factory=list)


def _url_of(obj: Any) -> str | None:
    """The object's page, or None when it has none (yet): a missing route must not break a table."""
    get_url = getattr(obj, "get_absolute_url", None)
    if not callable(get_url):
        return None
    try:
        return get_url()
    except NoReverseMatch:
        return None


class Table:
    """A list of columns; subclasses set `columns` (and `default_ordering` if the model's is unwanted)."""

    columns: Sequence[Column] = ()
    default_ordering: str | None = None

    def __init__(self, records: Iterable[Model], *, ordering: str = "") -> None:
        self.records = records
        self.ordering = ordering

    @property
    def rows(self) -> list[Row]:
        return [Row(record, [column.resolve(record) for column in self.columns]) for record in self.records]

    @property
    def headers(self) -> list[dict[str, Any]]:
        """Header cells with the `sort` value a click on them should request (ascending first, then toggle)."""
        current = self.ordering.lstrip("-")
        descending = self.ordering.startswith("-")
        headers = []
        for column in self.columns:
            key = column.sort_key
            direction = ""
            if key and key == current:
                direction = "descending" if descending else "ascending"
            next_sort = f"-{key}" if direction == "ascending" else key
            headers.append({"label": column.header, "sort": next_sort if key else "", "direction": direction})
        return headers

    @classmethod
    def sortable_keys(cls) -> set[str]:
        return {column.sort_key for column in cls.columns if column.sort_key}

    @classmethod
    def order(cls, queryset: QuerySet, sort: str) -> tuple[QuerySet, str]:
        """Apply a `?sort=` value if it names a sortable column; return the queryset and the sort applied."""
        if sort and sort.lstrip("-") in cls.sortable_keys():
            return queryset.order_by(sort, "pk"), sort
        if cls.default_ordering:
            return queryset.order_by(cls.default_ordering), ""
        return queryset, ""
