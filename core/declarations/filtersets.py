"""FilterSets from declared names: each name gives the filters its field calls for.

- text (`name`, `serial`): `name=a&name=b`, exact, repeatable;
- a relation (`site`): `site_id=<uuid>` and `site=<slug>` (or `device=<name>` when the related model has
  no slug), both repeatable; an id or slug the user may not view is refused like an unknown one; to a
  tree model (one with `descendant_ids()`, regions) they match the nodes below too;
- a choice field: any of the values; a boolean: `true`/`false`; a number: repeatable numbers.

`alias=path` filters along a relation under another name (`manufacturer=device_type__manufacturer`).
Every filterset also has `id`, `q` (over the declared search fields) and created/updated ranges; the
declaration's `filterset_base` adds what no rule covers (address containment, say).
"""

from __future__ import annotations

from collections.abc import Iterable

import django_filters
from django.db import models
from django.utils.text import capfirst

from core.declarations import extras
from core.declarations.fields import field_at, has_field, is_foreign_key
from core.filters import (
    BaseFilterSet,
    MultiValueCharFilter,
    MultiValueDecimalFilter,
    MultiValueIntegerFilter,
    RelatedIdFilter,
    RelatedSlugFilter,
    TreeIdFilter,
    TreeSlugFilter,
)


def filters_for(model: type[models.Model], name: str, path: str) -> dict[str, django_filters.Filter]:
    """The filters a declared name stands for (see the module docstring)."""
    field = field_at(model, path)
    if field is None:
        raise ValueError(f"{model._meta.label}: no field {path!r} to filter on.")
    if is_foreign_key(field):
        return relation_filters(field, name, path)
    if field.choices:
        choices = [(value, label) for value, label in field.choices if value != ""]
        return {name: django_filters.MultipleChoiceFilter(field_name=path, choices=choices, distinct=False)}
    if isinstance(field, models.BooleanField):
        return {name: django_filters.BooleanFilter(field_name=path)}
    if isinstance(field, models.IntegerField):
        return {name: MultiValueIntegerFilter(field_name=path)}
    if isinstance(field, models.DecimalField | models.FloatField):
        return {name: MultiValueDecimalFilter(field_name=path)}
    if isinstance(field, models.CharField | models.TextField):
        return {name: MultiValueCharFilter(field_name=path)}
    raise ValueError(f"{model._meta.label}: no filter rule for {type(field).__name__} {path!r}.")


def relation_filters(field: models.Field, name: str, path: str) -> dict[str, django_filters.Filter]:
    target = field.related_model
    verbose = capfirst(target._meta.verbose_name)
    is_tree = callable(getattr(target, "descendant_ids", None)) and target is not field.model
    id_filter, slug_filter = (
        (TreeIdFilter, TreeSlugFilter) if is_tree else (RelatedIdFilter, RelatedSlugFilter)
    )
    below = ", including those below it" if is_tree else ""
    filters = {f"{name}_id": id_filter(target, path, label=f"{verbose} (id){below}")}
    if has_field(target, "slug"):
        filters[name] = slug_filter(target, path, label=f"{verbose} (slug){below}")
    elif has_field(target, "name"):
        filters[name] = MultiValueCharFilter(field_name=f"{path}__name", label=f"{verbose} (name)")
    return filters


def build_filterset(
    model: type[models.Model],
    names: Iterable[str],
    search_fields: Iterable[str] = (),
    base: type[BaseFilterSet] | None = None,
) -> type[BaseFilterSet]:
    """`<Model>FilterSet`: the filters of `names` on top of `base` (whose own filters win on a clash)."""
    base = base or BaseFilterSet
    attrs: dict = extras.filterset_fields(model)
    if attrs:  # `tag` and `cf_<name>` on an inventory model (core/declarations/extras.py)
        base = type(base.__name__, (extras.ExtrasFilterSetMixin, base), {})
    for spec in names:
        name, _, path = spec.partition("=")
        attrs.update(filters_for(model, name, path or name))
    for declared in base.declared_filters:
        attrs.pop(declared, None)
    attrs["search_fields"] = tuple(search_fields) or base.search_fields
    attrs["Meta"] = type("Meta", (), {"model": model, "fields": []})
    return type(f"{model.__name__}FilterSet", (base,), attrs)
