"""API view bases: viewsets whose queryset is restricted to what the user may do for the request's action."""

from __future__ import annotations

from django.apps import apps
from django.db import transaction
from django.urls import NoReverseMatch
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema
from drf_spectacular.views import SCHEMA_KWARGS, SpectacularAPIView
from rest_framework import viewsets
from rest_framework.permissions import SAFE_METHODS
from rest_framework.response import Response
from rest_framework.reverse import reverse
from rest_framework.views import APIView

from core.api.permissions import METHOD_ACTIONS


class ModelViewSet(viewsets.ModelViewSet):
    """CRUD viewset: the queryset is narrowed by object permissions for the HTTP method's action.

    Create and update re-check the saved object against the user's constraints inside the same
    transaction, so a constrained user can never write an object they could not see.
    """

    # The model's brief form (id, url, display and what names the object), for reads with `?brief=1`.
    brief_serializer_class = None

    @property
    def brief(self) -> bool:
        request = getattr(self, "request", None)
        params = getattr(request, "query_params", None)
        if params is None or request.method not in SAFE_METHODS:
            return False
        return params.get("brief", "").lower() in ("1", "true", "yes")

    def get_serializer_class(self):
        if self.brief_serializer_class is not None and self.brief:
            return self.brief_serializer_class
        return super().get_serializer_class()

    def get_queryset(self):
        action = METHOD_ACTIONS.get(self.request.method, "view")
        return super().get_queryset().restrict(self.request.user, action)

    def _check_constraints(self, instance, action: str) -> None:
        from rest_framework.exceptions import PermissionDenied

        model = type(instance)
        if not model.objects.filter(pk=instance.pk).restrict(self.request.user, action).exists():
            raise PermissionDenied("The object would fall outside the objects you are permitted to change.")

    def perform_create(self, serializer):
        with transaction.atomic():
            instance = serializer.save()
            self._check_constraints(instance, "add")

    def perform_update(self, serializer):
        with transaction.atomic():
            instance = serializer.save()
            self._check_constraints(instance, "change")


class ReadOnlyModelViewSet(viewsets.ReadOnlyModelViewSet):
    def get_queryset(self):
        return super().get_queryset().restrict(self.request.user, "view")


class APIRootView(APIView):
    """The API root: links to each application's API."""

    permission_classes = []

    def get_view_name(self):
        return "API Root"

    @extend_schema(responses={200: OpenApiTypes.OBJECT})
    def get(self, request, format=None):
        from rest_framework.exceptions import NotAuthenticated

        if not request.user.is_authenticated:
            raise NotAuthenticated()
        roots = {}  # every app serving `<app_label>-api`, in INSTALLED_APPS order
        for app_config in apps.get_app_configs():
            try:
                roots[app_config.label] = reverse(
                    f"{app_config.label}-api:api-root", request=request, format=format
                )
            except NoReverseMatch:
                continue
        return Response({**roots, "status": reverse("api-status", request=request, format=format)})


class BrowsableSchemaView(SpectacularAPIView):
    """The OpenAPI schema; a browser gets it as plain text, shown in the tab instead of downloaded
    (YAML's media type `application/vnd.oai.openapi` is not one a browser displays)."""

    @extend_schema(**SCHEMA_KWARGS)  # described as drf-spectacular's own view is
    def get(self, request, *args, **kwargs):
        response = super().get(request, *args, **kwargs)
        asks_html = "text/html" in request.headers.get("Accept", "")
        if asks_html and "format" not in request.GET and response.status_code == 200:
            response.content_type = "text/plain; charset=utf-8"
        return response
