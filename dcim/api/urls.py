"""REST routes of the inventory under /api/dcim/."""

from rest_framework.routers import DefaultRouter

from dcim.api import views

app_name = "dcim-api"
router = DefaultRouter()
router.APIRootView.__doc__ = "Inventory API"

router.register("statuses", views.StatusViewSet)
router.register("regions", views.RegionViewSet)
router.register("sites", views.SiteViewSet)
router.register("manufacturers", views.ManufacturerViewSet)
router.register("device-types", views.DeviceTypeViewSet)
router.register("device-roles", views.DeviceRoleViewSet)
router.register("platforms", views.PlatformViewSet)
router.register("devices", views.DeviceViewSet)
router.register("interfaces", views.InterfaceViewSet)
router.register("console-ports", views.ConsolePortViewSet)
router.register("console-server-ports", views.ConsoleServerPortViewSet)
router.register("power-ports", views.PowerPortViewSet)
router.register("power-outlets", views.PowerOutletViewSet)
router.register("cables", views.CableViewSet)
router.register("prefixes", views.PrefixViewSet)
router.register("ip-addresses", views.IPAddressViewSet)

urlpatterns = router.urls
