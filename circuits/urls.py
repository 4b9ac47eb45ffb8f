"""UI routes of circuits, one bundle per declared model."""

from circuits import declarations  # noqa: F401 - the models' declarations, before their routes are read
from core.declarations.pages import declared_urls

app_name = "circuits"
urlpatterns = declared_urls("circuits")
