"""REST routes of circuits under /api/circuits/, one per declared model."""

from circuits import declarations  # noqa: F401 - the models' declarations, before the router reads them
from core.declarations.api import build_router

app_name = "circuits-api"
urlpatterns = build_router("circuits", "Circuits API").urls
