"""REST routes under /api/users/."""

from rest_framework.routers import DefaultRouter

from users.api import views

app_name = "users-api"
router = DefaultRouter()
router.register("users", views.UserViewSet)
urlpatterns = router.urls
