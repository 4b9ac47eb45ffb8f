"""REST routes of virtualization under /api/virtualization/, one per declared model."""

from core.declarations.api import build_router
from virtualization import declarations  # noqa: F401 - the models' declarations, before the router reads them

app_name = "virtualization-api"
urlpatterns = build_router("virtualization", "Virtualization API").urls
