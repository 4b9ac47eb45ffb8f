"""UI routes of virtualization, one bundle per declared model."""

from core.declarations.pages import declared_urls
from virtualization import declarations  # noqa: F401 - the models' declarations, before their routes are read

app_name = "virtualization"
urlpatterns = declared_urls("virtualization")
