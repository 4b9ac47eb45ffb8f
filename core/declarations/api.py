"""The REST side of a declaration: its viewset, the app's router, and its serializers found by class name."""

from __future__ import annotations

from collections.abc import Callable

from rest_framework.routers import DefaultRouter

from core.api.views import ModelViewSet
from core.declarations.registry import Declaration, declarations


def build_viewset(declaration: Declaration) -> type[ModelViewSet]:
    """`<Model>ViewSet`: CRUD under object permissions, the declared filters, `?brief=1` for the brief form."""
    attrs = {
        "queryset": declaration.api_queryset,
        "serializer_class": declaration.serializer,
        "brief_serializer_class": declaration.nested_serializer,
        "filterset_class": declaration.filterset,
        "__doc__": declaration.model.__doc__,
    }
    return type(f"{declaration.model.__name__}ViewSet", (declaration.viewset_base or ModelViewSet,), attrs)


def build_router(app_label: str, title: str) -> DefaultRouter:
    """The routes of every declared model of the app, `/api/<app_label>/<path>/`, with a root titled `title`."""
    router = DefaultRouter()
    # A subclass, not DefaultRouter's shared root view: setting its __doc__ would retitle every app's root.
    router.APIRootView = type(f"{app_label.capitalize()}RootView", (router.APIRootView,), {"__doc__": title})
    for declaration in declarations(app_label):
        router.register(declaration.path, declaration.viewset)
    return router


def declared_serializers(app_label: str) -> Callable[[str], type]:
    """A module `__getattr__` serving `<Model>Serializer` and `Nested<Model>Serializer` of the app's models.

    The change log finds a model's serializer at `<app_label>.api.serializers.<Model>Serializer`; this
    keeps that path true for generated serializers.
    """

    def __getattr__(name: str) -> type:
        for declaration in declarations(app_label):
            model_name = declaration.model.__name__
            if name == f"{model_name}Serializer":
                return declaration.serializer
            if name == f"Nested{model_name}Serializer":
                return declaration.nested_serializer
        raise AttributeError(name)

    return __getattr__
