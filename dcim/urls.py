"""UI routes of the inventory, one bundle per declared model."""

from core.declarations.pages import declared_urls
from dcim import declarations  # noqa: F401 - the models' declarations, before their routes are read

app_name = "dcim"
urlpatterns = declared_urls("dcim")
