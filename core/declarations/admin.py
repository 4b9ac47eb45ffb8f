"""Django admin pages (the fallback editor) of declared models, from their declarations.

The list shows the list page's columns that are fields of the model, searches the declared search
fields and filters by the list page's filters; a form picks related objects with a slug (sites,
roles) from a dropdown and others (devices, addresses, which can be many) by id; a slug is filled in
from the name as it is typed.
"""

from __future__ import annotations

from typing import Any

from django.contrib import admin

from core.declarations.fields import field_at, has_field, is_foreign_key
from core.declarations.forms import slug_source
from core.declarations.registry import Declaration, declarations


def build_admin(declaration: Declaration) -> type[admin.ModelAdmin]:
    model = declaration.model
    shown = [column.accessor for column in declaration.table.columns if "." not in column.accessor]
    fields = [
        name for name in shown if (field := field_at(model, name)) is not None and not field.many_to_many
    ]
    if not shown or shown[0] not in fields:
        fields.insert(0, "__str__")
    attrs: dict[str, Any] = {
        "list_display": fields,
        "list_select_related": [name for name in fields if is_foreign_key(field_at(model, name))],
        "list_filter": [name for name in declaration.list_filters if field_at(model, name) is not None],
        "search_fields": list(declaration.search_fields),
        "raw_id_fields": [
            name
            for name in declaration.form_fields
            if is_foreign_key(field := field_at(model, name)) and not has_field(field.related_model, "slug")
        ],
    }
    if "slug" in declaration.form_fields:
        attrs["prepopulated_fields"] = {"slug": (slug_source(model, declaration.form_fields),)}
    return type(f"{model.__name__}Admin", (admin.ModelAdmin,), attrs)


def register_admins(app_label: str, site: admin.AdminSite = admin.site, **overrides: dict[str, Any]) -> None:
    """Register the admin of every declared model of the app; `<model_name>={...}` overrides attributes."""
    for declaration in declarations(app_label):
        model = declaration.model
        extra = overrides.get(model._meta.model_name)
        model_admin = declaration.admin
        if extra:
            model_admin = type(model_admin.__name__, (model_admin,), extra)
        site.register(model, model_admin)
