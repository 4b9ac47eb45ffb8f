"""`nautobot.dcim.filters` and `nautobot.ipam.filters`: the filtersets of declared models by Nautobot's names.

`DeviceFilterSet`, `PrefixFilterSet`... are the filtersets the declarations build (core/declarations), so a
job filtering with `DeviceFilterSet({"status": ["active"]}, queryset).qs` gets the API's own filters.
"""

from __future__ import annotations

from django.apps import apps


def filterset_named(app_label: str, name: str):
    """`<Model>FilterSet` of a declared model of `app_label`; AttributeError for any other name."""
    from core.declarations.registry import declaration_for, is_declared

    if name.endswith("FilterSet"):
        model_name = name[: -len("FilterSet")]
        for model in apps.get_app_config(app_label).get_models():
            if model.__name__ == model_name and is_declared(model):
                return declaration_for(model).filterset
    raise AttributeError(f"module nautobot.{app_label}.filters has no attribute {name!r}")
