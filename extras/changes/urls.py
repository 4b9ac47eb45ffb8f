"""UI routes of the change log, included under `object-changes/` by extras/urls.py (no app_name here)."""

from django.urls import path

from extras.changes.views import ObjectChangeListView, ObjectChangeView

urlpatterns = [
    path("", ObjectChangeListView.as_view(), name="objectchange_list"),
    path("<uuid:pk>/", ObjectChangeView.as_view(), name="objectchange"),
]
