"""UI routes for the signed-in user's profile and API tokens."""

app_name = "users"
urlpatterns = []
