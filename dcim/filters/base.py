"""Kept for the modules that import filter building blocks from here; they live in core.filters."""

from core.filters import (
    BaseFilterSet,
    DayFilter,
    IsoDateTimeFilter,
    MultiValueCharFilter,
    MultiValueUUIDFilter,
    RelatedIdFilter,
    RelatedSlugFilter,
)

__all__ = [
    "BaseFilterSet",
    "DayFilter",
    "IsoDateTimeFilter",
    "MultiValueCharFilter",
    "MultiValueUUIDFilter",
    "RelatedIdFilter",
    "RelatedSlugFilter",
]
