"""django-filter filterset of Git repositories (API and list page)."""

from __future__ import annotations

from dcim.filters.base import BaseFilterSet, MultiValueCharFilter
from extras.models import GitRepository


class GitRepositoryFilterSet(BaseFilterSet):
    search_fields = ("name", "slug", "remote_url", "branch")

    name = MultiValueCharFilter()
    slug = MultiValueCharFilter()
    branch = MultiValueCharFilter()

    class Meta:
        model = GitRepository
        fields = ["current_head"]
