"""UI routes of the inventory."""

app_name = "dcim"
urlpatterns = []
