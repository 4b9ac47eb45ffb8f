"""Limit/offset pagination in the Nautobot shape: {count, next, previous, results}; limit=0 means the maximum."""

from __future__ import annotations

from django.conf import settings
from rest_framework import pagination


class LimitOffsetPagination(pagination.LimitOffsetPagination):
    default_limit = settings.PAGINATE_COUNT
    max_limit = settings.MAX_PAGE_SIZE

    def get_limit(self, request):
        raw = request.query_params.get(self.limit_query_param)
        if raw is not None:
            try:
                limit = int(raw)
            except ValueError:
                return self.default_limit
            if limit <= 0:
                return self.max_limit
            return min(limit, self.max_limit)
        return self.default_limit
