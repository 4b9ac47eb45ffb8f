"""UI routes of the jobs engine."""

from django.urls import include, path

app_name = "extras"
urlpatterns = [
    path("git-repositories/", include("extras.git_urls")),
]
