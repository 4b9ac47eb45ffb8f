"""UI routes of the inventory, generated from the route bundles in dcim/views.py."""

from core.routing import build_urls
from dcim.views import ROUTES

app_name = "dcim"
urlpatterns = build_urls(ROUTES)
