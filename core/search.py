"""Global search: the registry of searchable models and the function that queries them for one user.

Apps register a queryset and the FilterSet whose `q` filter defines what "matches" means for that
model, so the search box and each list page's quick search agree. All sources are counted in one query,
and only the sources that matched cost one more each (their first rows).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db.models import Count, IntegerField, Model, QuerySet, Value
from django.urls import reverse

from core.permissions import permission_name, restrict_as_own_endpoint, user_has_perm

RESULTS_PER_SOURCE = 10


@dataclass(frozen=True)
class SearchSource:
    queryset: QuerySet
    filterset: type

    @property
    def model(self) -> type[Model]:
        return self.queryset.model

    @property
    def list_url(self) -> str:
        meta = self.model._meta
        return reverse(f"{meta.app_label}:{meta.model_name}_list")


@dataclass
class SearchResult:
    """Matches of one model: how many there are and the first few."""

    source: SearchSource
    count: int
    objects: list[Model] = field(default_factory=list)

    @property
    def label(self) -> str:
        return str(self.source.model._meta.verbose_name_plural).capitalize()

    @property
    def all_url(self) -> str:
        return self.source.list_url


_sources: dict[str, SearchSource] = {}


def register_search(queryset: QuerySet, filterset: type) -> None:
    """Make a model searchable from the global search box (registering it again replaces the entry)."""
    _sources[queryset.model._meta.label_lower] = SearchSource(queryset=queryset, filterset=filterset)


def search_sources() -> list[SearchSource]:
    """Every searchable model's source, in the order they were registered."""
    return list(_sources.values())


def search(user, query: str, limit: int = RESULTS_PER_SOURCE) -> list[SearchResult]:
    """Matches of `query` in every source the user may view, skipping sources with none.

    Every source is counted in one query (a UNION of one count per source); then the first rows of each
    source that matched are read, one query each. The cost follows what matched, not how many models exist.
    """
    candidates: list[tuple[SearchSource, QuerySet]] = []
    for source in search_sources():
        if not user_has_perm(user, permission_name(source.model, "view")):
            continue
        queryset = restrict_as_own_endpoint(source.queryset.all(), user, "view")
        filterset = source.filterset({"q": query}, queryset=queryset)
        if filterset.is_valid():
            candidates.append((source, filterset.qs))
    counts = count_each([matches for _, matches in candidates])
    return [
        SearchResult(source=source, count=counts[index], objects=list(matches[:limit]))
        for index, (source, matches) in enumerate(candidates)
        if counts.get(index)
    ]


def count_each(querysets: list[QuerySet]) -> dict[int, int]:
    """{position: row count} of each queryset, in a single query."""
    if not querysets:
        return {}
    counts = [
        queryset.order_by()
        .annotate(search_source=Value(index, output_field=IntegerField()))
        .values("search_source")
        .annotate(matches=Count("pk", distinct=True))
        .values_list("search_source", "matches")
        for index, queryset in enumerate(querysets)
    ]
    first, *rest = counts
    return dict(first.union(*rest, all=True) if rest else first)
