"""REST routes of tenancy under /api/tenancy/, one per declared model."""

from core.declarations.api import build_router
from tenancy import declarations  # noqa: F401 - the models' declarations, before the router reads them

app_name = "tenancy-api"
urlpatterns = build_router("tenancy", "Tenancy API").urls
