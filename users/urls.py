"""UI routes for the signed-in user's profile and API tokens."""

from django.urls import path

from users import views

app_name = "users"
urlpatterns = [
    path("profile/", views.ProfileView.as_view(), name="profile"),
    path("tokens/", views.TokenListView.as_view(), name="token_list"),
    path("tokens/add/", views.TokenCreateView.as_view(), name="token_add"),
    path("tokens/<uuid:pk>/delete/", views.TokenDeleteView.as_view(), name="token_delete"),
]
