"""UI routes of job buttons (`job-buttons/...`), added to extras/urls.py; names `extras:jobbutton[_list|...]`."""

from django.urls import path

from core.routing import ObjectRoutes
from extras.buttons.filters import JobButtonFilterSet
from extras.buttons.forms import JobButtonForm
from extras.buttons.views import DETAIL_FIELDS, JobButtonRunView, JobButtonTable, buttons

ROUTES = ObjectRoutes(
    buttons,
    "job-buttons",
    JobButtonTable,
    JobButtonForm,
    JobButtonFilterSet,
    filter_fields=("q", "content_types", "enabled"),
    detail_fields=DETAIL_FIELDS,
    extra_urls=(path("job-buttons/<uuid:pk>/run/", JobButtonRunView.as_view(), name="jobbutton_run"),),
)
