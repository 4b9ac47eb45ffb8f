"""UI routes of job hooks (`job-hooks/...`), added to extras/urls.py; names `extras:jobhook[_list|...]`."""

from core.routing import ObjectRoutes
from extras.hooks.filters import JobHookFilterSet
from extras.hooks.forms import JobHookForm
from extras.hooks.views import DETAIL_FIELDS, RELATED, JobHookTable, hooks

ROUTES = ObjectRoutes(
    hooks,
    "job-hooks",
    JobHookTable,
    JobHookForm,
    JobHookFilterSet,
    filter_fields=("q", "content_types", "enabled"),
    detail_fields=DETAIL_FIELDS,
    related=RELATED,
)
