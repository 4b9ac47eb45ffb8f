"""REST routes of the inventory under /api/dcim/."""

from rest_framework.routers import DefaultRouter

app_name = "dcim-api"
router = DefaultRouter()
router.APIRootView.__doc__ = "Inventory API"
urlpatterns = router.urls
