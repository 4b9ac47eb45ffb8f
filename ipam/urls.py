"""UI routes of IPAM, one bundle per declared model."""

from core.declarations.pages import declared_urls
from ipam import declarations  # noqa: F401 - the models' declarations, before their routes are read

app_name = "ipam"
urlpatterns = declared_urls("ipam")
