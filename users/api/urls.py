"""REST routes under /api/users/."""

from rest_framework.routers import DefaultRouter

app_name = "users-api"
router = DefaultRouter()
urlpatterns = router.urls
