"""UI routes of job queues (`job-queues/...`), added to extras/urls.py; names `extras:jobqueue[_list|_add|...]`."""

from core.routing import ObjectRoutes
from extras.queues.filters import JobQueueFilterSet
from extras.queues.forms import JobQueueForm
from extras.queues.views import DETAIL_FIELDS, RELATED, JobQueueDetailView, JobQueueTable, queues

ROUTES = ObjectRoutes(
    queues,
    "job-queues",
    JobQueueTable,
    JobQueueForm,
    JobQueueFilterSet,
    filter_fields=("q", "queue_type"),
    detail_fields=DETAIL_FIELDS,
    related=RELATED,
    detail_view=JobQueueDetailView,
)
