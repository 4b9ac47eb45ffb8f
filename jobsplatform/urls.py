"""Top-level URL map: UI apps, the REST API under /api/, the admin and the login pages."""

from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.http import HttpResponse
from django.templatetags.static import static
from django.urls import include, path
from django.views.generic import RedirectView
from drf_spectacular.views import SpectacularSwaggerView

from core.api.status import StatusView
from core.api.views import APIRootView, BrowsableSchemaView
from core.documentation import documentation
from core.routing import moved
from core.views import HomeView, SearchView

api_patterns = [
    path("", APIRootView.as_view(), name="api-root"),
    path("status/", StatusView.as_view(), name="api-status"),
    path("dcim/", include("dcim.api.urls")),
    path("ipam/", include("ipam.api.urls")),
    path("tenancy/", include("tenancy.api.urls")),
    path("circuits/", include("circuits.api.urls")),
    path("virtualization/", include("virtualization.api.urls")),
    # Prefixes and addresses lived in dcim until the ipam app took them: their old endpoints point on.
    moved("dcim/prefixes/", "/api/ipam/prefixes/"),
    moved("dcim/ip-addresses/", "/api/ipam/ip-addresses/"),
    # Nautobot 2.x serves its one role model under extras; here roles are inventory, beside device roles.
    moved("extras/roles/", "/api/dcim/roles/"),
    path("extras/", include("extras.api.urls")),
    path("users/", include("users.api.urls")),
    path("schema/", BrowsableSchemaView.as_view(), name="schema"),
    path("docs/", SpectacularSwaggerView.as_view(url_name="schema"), name="api-docs"),
]

urlpatterns = [
    path("", HomeView.as_view(), name="home"),
    path("search/", SearchView.as_view(), name="search"),
    path("login/", auth_views.LoginView.as_view(redirect_authenticated_user=True), name="login"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    # Browsers and tools that ask for /favicon.ico without reading the page get the same icon.
    path("favicon.ico", RedirectView.as_view(url=static("jobsplatform/favicon.svg"), permanent=True)),
    path("docs/", documentation, name="docs"),
    path("docs/<path:path>", documentation, name="docs-page"),
    path("healthz/", lambda request: HttpResponse("ok", content_type="text/plain"), name="healthz"),
    path("dcim/", include("dcim.urls")),
    path("ipam/", include("ipam.urls")),
    path("tenancy/", include("tenancy.urls")),
    path("circuits/", include("circuits.urls")),
    path("virtualization/", include("virtualization.urls")),
    moved("dcim/prefixes/", "/ipam/prefixes/"),
    moved("dcim/ip-addresses/", "/ipam/ip-addresses/"),
    moved("extras/roles/", "/dcim/roles/"),
    path("users/", include("users.urls")),
    path("extras/", include("extras.urls")),
    path("admin/", admin.site.urls),
    path("api/", include(api_patterns)),
]

# Under /api/ these answer with the API's error body (see core/api/error_views.py); elsewhere Django's pages.
handler400 = "core.api.error_views.bad_request"
handler403 = "core.api.error_views.permission_denied"
handler404 = "core.api.error_views.page_not_found"
handler500 = "core.api.error_views.server_error"
