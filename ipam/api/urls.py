"""REST routes of IPAM under /api/ipam/, one per declared model."""

from core.declarations.api import build_router
from ipam import declarations  # noqa: F401 - the models' declarations, before the router reads them

app_name = "ipam-api"
urlpatterns = build_router("ipam", "IPAM API").urls
