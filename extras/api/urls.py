"""REST routes of the jobs engine under /api/extras/, including the deprecated class-path job routes."""

from django.urls import re_path
from rest_framework.routers import DefaultRouter

from core.api.versioning import versioned_patterns
from core.declarations import declarations
from extras.api import result_views, scripts, views
from extras.api.v2 import views as v2_views
from extras.buttons import api as button_views
from extras.changes import api as change_views
from extras.git import api as git_views
from extras.hooks import api as hook_views
from extras.queues import api as queue_views
from extras.result_files import api as file_views
from extras.schedules import api as schedule_views

app_name = "extras-api"
router = DefaultRouter()
router.APIRootView.__doc__ = "Jobs API"

router.register("jobs", views.JobViewSet)
router.register("job-results", result_views.JobResultViewSet)
router.register("job-logs", result_views.JobLogEntryViewSet)
router.register("file-proxies", file_views.FileProxyViewSet)
router.register("scheduled-jobs", schedule_views.ScheduledJobViewSet)
router.register("git-repositories", git_views.GitRepositoryViewSet)
router.register("object-changes", change_views.ObjectChangeViewSet)
router.register("job-buttons", button_views.JobButtonViewSet)
router.register("job-hooks", hook_views.JobHookViewSet)
router.register("job-queues", queue_views.JobQueueViewSet)
router.register("job-queue-assignments", queue_views.JobQueueAssignmentViewSet)
for declaration in declarations("extras"):  # tags and custom fields (extras/inventory/declarations.py)
    router.register(declaration.path, declaration.viewset)

# The same routes in Nautobot 2.x's shapes, answering requests for a 2.x/3.x API version (core/api/versioning.py).
v2_router = DefaultRouter()
v2_router.register("jobs", v2_views.JobViewSetV2, basename="job")
v2_router.register("job-results", v2_views.JobResultViewSetV2, basename="jobresult")
v2_router.register("job-logs", v2_views.JobLogEntryViewSetV2, basename="joblogentry")

# `<source>/<module>/<ClassName>`, the 1.x identity of a job (API version 1.2 clients such as pynautobot 1.x),
# as three path parameters so the OpenAPI schema can describe it (a parameter cannot hold a slash).
CLASS_PATH = r"(?P<source>[^/]+)/(?P<module>[^/]+)/(?P<job_class>[^/]+)"

urlpatterns = [
    # NetBox's scripts API: POST on a script's own URL runs it.
    re_path(r"^scripts/$", scripts.ScriptViewSet.as_view({"get": "list"}), name="script-list"),
    re_path(
        r"^scripts/(?P<pk>[^/]+)/$",
        scripts.ScriptViewSet.as_view({"get": "retrieve", "post": "run"}),
        name="script-detail",
    ),
    re_path(
        rf"^jobs/{CLASS_PATH}/$",
        views.JobViewSet.as_view({"get": "retrieve_by_class_path"}),
        name="job-class-path-detail",
    ),
    re_path(
        rf"^jobs/{CLASS_PATH}/variables/$",
        views.JobViewSet.as_view({"get": "variables"}),
        name="job-class-path-variables",
    ),
    re_path(
        rf"^jobs/{CLASS_PATH}/run/$",
        views.JobViewSet.as_view({"post": "run_by_class_path"}),
        name="job-class-path-run",
    ),
    *versioned_patterns(router.urls, v2_router.urls),
]
