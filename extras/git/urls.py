"""UI routes of Git repositories, included under `git-repositories/` by extras/urls.py (no app_name here)."""

from django.urls import path

from core.routing import object_tab_urls
from core.search import register_search
from core.views import ObjectDeleteView, ObjectListView
from extras.git.filters import GitRepositoryFilterSet
from extras.git.forms import GitRepositoryForm
from extras.git.views import (
    DETAIL_FIELDS,
    RELATED,
    GitRepositoryDetailView,
    GitRepositoryEditView,
    GitRepositorySyncView,
    GitRepositoryTable,
    repositories,
)

edit = GitRepositoryEditView.as_view(queryset=repositories, form=GitRepositoryForm)

urlpatterns = [
    path(
        "",
        ObjectListView.as_view(
            queryset=repositories, table=GitRepositoryTable, filterset=GitRepositoryFilterSet
        ),
        name="gitrepository_list",
    ),
    path("add/", edit, name="gitrepository_add"),
    path(
        "<uuid:pk>/",
        GitRepositoryDetailView.as_view(queryset=repositories, fields=DETAIL_FIELDS, related=RELATED),
        name="gitrepository",
    ),
    path("<uuid:pk>/edit/", edit, name="gitrepository_edit"),
    path("<uuid:pk>/delete/", ObjectDeleteView.as_view(queryset=repositories), name="gitrepository_delete"),
    path("<uuid:pk>/sync/", GitRepositorySyncView.as_view(queryset=repositories), name="gitrepository_sync"),
    *object_tab_urls(repositories, "gitrepository"),
]

register_search(repositories, GitRepositoryFilterSet)
