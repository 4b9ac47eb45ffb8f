"""REST routes of the inventory under /api/dcim/, one per declared model."""

from core.declarations.api import build_router
from dcim import declarations  # noqa: F401 - the models' declarations, before the router reads them

app_name = "dcim-api"
urlpatterns = build_router("dcim", "Inventory API").urls
