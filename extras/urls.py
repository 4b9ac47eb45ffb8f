"""Web routes of the jobs engine: jobs, their run forms and edit pages, job results, Git repositories."""

from django.urls import include, path

from extras.views import jobs, results

app_name = "extras"

urlpatterns = [
    path("jobs/", jobs.JobListView.as_view(), name="job_list"),
    path("jobs/<uuid:pk>/", jobs.JobView.as_view(), name="job"),
    path("jobs/<uuid:pk>/edit/", jobs.JobEditView.as_view(), name="job_edit"),
    path("job-results/", results.JobResultListView.as_view(), name="jobresult_list"),
    path("job-results/<uuid:pk>/", results.JobResultView.as_view(), name="jobresult"),
    path("job-results/<uuid:pk>/live/", results.JobResultLiveView.as_view(), name="jobresult_live"),
    path("job-results/<uuid:pk>/delete/", results.JobResultDeleteView.as_view(), name="jobresult_delete"),
    path("git-repositories/", include("extras.git_urls")),
]
