"""Filter building blocks shared by every filterset: repeatable values, related objects (trees too), search,
date ranges. The declared models' filtersets are generated from them (core/declarations/filtersets.py)."""

from __future__ import annotations

import uuid
from datetime import timedelta

import django_filters
from django import forms
from django.db.models import Q, QuerySet
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field

from core.uuids import is_uuid, split_ids

MAX_UTC_OFFSET = timedelta(hours=14)


class MultiValueField(forms.Field):
    """Every value of a repeated query parameter (`?name=a&name=b`), each cleaned by `item_field`."""

    widget = forms.SelectMultiple  # reads the whole list from a QueryDict

    def __init__(self, *, item_field: forms.Field | None = None, **kwargs):
        kwargs.pop("choices", None)
        self.item_field = item_field or forms.CharField()
        super().__init__(**kwargs)

    def to_python(self, value) -> list:
        if value in (None, ""):
            return []
        values = value if isinstance(value, list | tuple) else [value]
        return [self.item_field.clean(item) for item in values if item not in (None, "")]

    def validate(self, value) -> None:
        if self.required and not value:
            raise forms.ValidationError(self.error_messages["required"], code="required")


class MultiValueUUIDField(MultiValueField):
    def __init__(self, **kwargs):
        super().__init__(item_field=forms.UUIDField(), **kwargs)


class MultiValueIntegerField(MultiValueField):
    def __init__(self, **kwargs):
        super().__init__(item_field=forms.IntegerField(), **kwargs)


class MultiValueDecimalField(MultiValueField):
    def __init__(self, **kwargs):
        super().__init__(item_field=forms.DecimalField(), **kwargs)


@extend_schema_field(OpenApiTypes.STR)
class MultiValueCharFilter(django_filters.MultipleChoiceFilter):
    """Exact match on any of the given values; no fixed list of choices."""

    field_class = MultiValueField

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("distinct", False)
        super().__init__(*args, **kwargs)


@extend_schema_field(OpenApiTypes.STR)
class UserFilter(MultiValueCharFilter):
    """`user=<UUID or username>` (repeatable) on the model's `user` foreign key."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("label", "User (UUID or username)")
        super().__init__(*args, **kwargs)

    def filter(self, queryset, value):
        if not value:
            return queryset
        ids, usernames = split_ids(value)
        return queryset.filter(Q(user_id__in=ids) | Q(user__username__in=usernames))


@extend_schema_field(OpenApiTypes.UUID)
class MultiValueUUIDFilter(MultiValueCharFilter):
    field_class = MultiValueUUIDField


@extend_schema_field(OpenApiTypes.INT)
class MultiValueIntegerFilter(MultiValueCharFilter):
    field_class = MultiValueIntegerField


class MultiValueDecimalFilter(MultiValueCharFilter):
    field_class = MultiValueDecimalField


def visible_objects(model):
    """A queryset callable for related filters: the objects the requesting user may view.

    An object the user cannot see is then refused exactly like one that does not exist, so the
    answer (400 or not) never reveals it.
    """

    def queryset(request):
        if request is None:
            return model.objects.all()
        return model.objects.restrict(request.user, "view")

    return queryset


@extend_schema_field(OpenApiTypes.UUID)
class RelatedIdFilter(django_filters.ModelMultipleChoiceFilter):
    """`<fk>_id=<uuid>` (repeatable); an unknown (or invisible) id is a 400, not an empty list."""

    def __init__(self, model, field_name: str, **kwargs):
        kwargs.setdefault("distinct", False)
        self.related_model, self.relation = model, field_name
        super().__init__(field_name=field_name, queryset=visible_objects(model), **kwargs)


@extend_schema_field(OpenApiTypes.STR)
class RelatedSlugFilter(django_filters.ModelMultipleChoiceFilter):
    """`<fk>=<slug>` (repeatable), e.g. `site=branch-1`; `to_field_name` picks another unique field."""

    def __init__(self, model, field_name: str, to_field_name: str = "slug", **kwargs):
        kwargs.setdefault("distinct", False)
        self.related_model, self.relation = model, field_name
        super().__init__(
            field_name=f"{field_name}__{to_field_name}",
            queryset=visible_objects(model),
            to_field_name=to_field_name,
            **kwargs,
        )


class KeyOrIdField(django_filters.fields.ModelMultipleChoiceField):
    """Objects given by id, or by slug or name (those of the two the model has): Nautobot 2.x filters by
    name or id (`?role=leaf`), NetBox and Nautobot 1.x by slug. An unknown value is refused."""

    def _check_values(self, value):
        model = self.queryset.model
        keys = [name for name in ("slug", "name") if any(f.name == name for f in model._meta.fields)]
        ids, texts = split_ids([str(item) for item in value if "\x00" not in str(item)])
        query = Q(pk__in=ids)
        for key in keys:
            query |= Q(**{f"{key}__in": texts})
        found = list(self.queryset.filter(query)) if value else []
        known = {str(obj.pk) for obj in found} | {str(getattr(obj, key)) for obj in found for key in keys}
        for item in value:
            text = str(item)
            if "\x00" in text or (
                text not in known and not (is_uuid(text) and str(uuid.UUID(text)) in known)
            ):
                raise forms.ValidationError(
                    self.error_messages["invalid_choice"], code="invalid_choice", params={"value": text}
                )
        return found


@extend_schema_field(OpenApiTypes.STR)
class RelatedKeyFilter(RelatedIdFilter):
    """`<fk>=<id, slug or name>` (repeatable), e.g. `role=leaf` or `role=<uuid>` (see KeyOrIdField)."""

    field_class = KeyOrIdField


class TreeFilterMixin:
    """Matches objects related to the given nodes of a tree model (a region, say) or to any node below them.

    The tree model answers `descendant_ids(pks)`: the given pks and those of every node below them.
    """

    def filter(self, queryset, value):
        if not value:
            return queryset
        ids = self.related_model.descendant_ids([node.pk for node in value])
        return queryset.filter(**{f"{self.relation}__in": ids})


class TreeIdFilter(TreeFilterMixin, RelatedIdFilter):
    pass


class TreeSlugFilter(TreeFilterMixin, RelatedSlugFilter):
    pass


class TreeKeyFilter(TreeFilterMixin, RelatedKeyFilter):
    pass


class BoundedIsoDateTimeField(django_filters.fields.IsoDateTimeField):
    """An ISO 8601 date-time whose UTC offset is a real one (at most ±14:00), which every database accepts.

    Python parses offsets up to ±23:59; PostgreSQL refuses those beyond ±15:59 with a server error.
    """

    def to_python(self, value):
        parsed = super().to_python(value)
        offset = parsed.utcoffset() if parsed is not None and parsed.tzinfo is not None else None
        if offset is not None and abs(offset) > MAX_UTC_OFFSET:
            raise forms.ValidationError("Enter a valid date/time: UTC offsets range from -14:00 to +14:00.")
        return parsed


class IsoDateTimeFilter(django_filters.IsoDateTimeFilter):
    field_class = BoundedIsoDateTimeField


class BaseFilterSet(django_filters.FilterSet):
    """`id` (repeatable), `q` search over `search_fields`, and created/last-updated ranges on every model."""

    search_fields: tuple[str, ...] = ()

    id = MultiValueUUIDFilter()
    q = django_filters.CharFilter(method="search", label="Search")
    created__gte = IsoDateTimeFilter(field_name="created", lookup_expr="gte")
    created__lte = IsoDateTimeFilter(field_name="created", lookup_expr="lte")
    last_updated__gte = IsoDateTimeFilter(field_name="last_updated", lookup_expr="gte")
    last_updated__lte = IsoDateTimeFilter(field_name="last_updated", lookup_expr="lte")

    def search(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        value = value.strip()
        if not value:
            return queryset
        return queryset.filter(self.search_query(value))

    def search_query(self, value: str) -> Q:
        """OR of icontains over `search_fields`; override to add smarter matches (addresses, say)."""
        query = Q()
        for field in self.search_fields:
            query |= Q(**{f"{field}__icontains": value})
        return query


class DayFilter(django_filters.DateFilter):
    """One end of a range of days on a timestamp (`since` / `until` on list pages), with a date picker."""

    def __init__(self, field_name: str, end: str, label: str, **kwargs):
        lookup = {"from": "date__gte", "until": "date__lte"}[end]
        widget = forms.DateInput(attrs={"type": "date"})
        super().__init__(field_name=field_name, lookup_expr=lookup, label=label, widget=widget, **kwargs)
