"""Pages of one run's log lines that continue from the last line seen (`?after=<sequence>`), so the last
page of a million-line run costs what the first does; OFFSET would read every line before it."""

from __future__ import annotations

from rest_framework.exceptions import ValidationError
from rest_framework.utils.urls import remove_query_param, replace_query_param

from core.api.pagination import LimitOffsetPagination

AFTER = "after"


class LogLinePagination(LimitOffsetPagination):
    """Limit/offset as everywhere; with exactly one `job_result`, `next` is an `after=` link.

    `count` stays exact (an index-only count of the run's lines); `previous` is not offered on an
    `after=` page (its position is not known without counting what came before).
    """

    def paginate_queryset(self, queryset, request, view=None):
        self.after = self.read_after(request)
        self.keyset = len(request.query_params.getlist("job_result")) == 1
        if not self.keyset:
            if self.after is not None:
                raise ValidationError({AFTER: ["Paging on with after= needs exactly one job_result."]})
            return super().paginate_queryset(queryset, request, view)
        self.request = request
        self.limit = self.get_limit(request)
        self.count = self.get_count(queryset)
        if self.after is None:
            self.offset = self.get_offset(request)
            window = queryset[self.offset : self.offset + self.limit]
        else:
            self.offset = None
            window = queryset.filter(sequence__gt=self.after)[: self.limit]
        self.page = list(window)
        self.more = bool(self.page) and queryset.filter(sequence__gt=self.page[-1]["sequence"]).exists()
        return self.page

    @staticmethod
    def read_after(request) -> int | None:
        raw = request.query_params.get(AFTER)
        if raw in (None, ""):
            return None
        try:
            value = int(raw)
        except ValueError:
            raise ValidationError({AFTER: ["A line's sequence number (an integer) is expected."]}) from None
        if value < 0:
            raise ValidationError({AFTER: ["A line's sequence number is never negative."]})
        return value

    def get_next_link(self):
        if not self.keyset:
            return super().get_next_link()
        if not self.more:
            return None
        url = remove_query_param(self.request.build_absolute_uri(), self.offset_query_param)
        url = replace_query_param(url, self.limit_query_param, self.limit)
        return replace_query_param(url, AFTER, self.page[-1]["sequence"])

    def get_previous_link(self):
        if self.keyset and self.after is not None:
            return None
        return super().get_previous_link()
