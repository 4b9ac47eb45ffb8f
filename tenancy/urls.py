"""UI routes of tenancy, one bundle per declared model."""

from core.declarations.pages import declared_urls
from tenancy import declarations  # noqa: F401 - the models' declarations, before their routes are read

app_name = "tenancy"
urlpatterns = declared_urls("tenancy")
