"""Nautobot 2.x's names of fields NetBox names otherwise (`circuit_type` for `type`), in queries."""

from __future__ import annotations

from core.models import RestrictedQuerySet


def aliased_queryset(aliases: dict[str, str]) -> type[RestrictedQuerySet]:
    """A queryset class whose filter()/exclude()/get() keyword lookups, order_by(), select_related() and
    prefetch_related() may start with an alias: `Circuit.objects.filter(circuit_type=t)` is `filter(type=t)`.
    (Lookups inside Q objects and expressions are not renamed.)"""

    def rename(key):
        if not isinstance(key, str) or not key:
            return key
        sign, name = ("-", key[1:]) if key.startswith("-") else ("", key)
        first, separator, rest = name.partition("__")
        return f"{sign}{aliases.get(first, first)}{separator}{rest}"

    class AliasedQuerySet(RestrictedQuerySet):
        def _filter_or_exclude(self, negate, args, kwargs):
            return super()._filter_or_exclude(
                negate, args, {rename(key): value for key, value in kwargs.items()}
            )

        def order_by(self, *fields):
            return super().order_by(*map(rename, fields))

        def select_related(self, *fields):
            return super().select_related(*map(rename, fields))

        def prefetch_related(self, *lookups):
            return super().prefetch_related(*map(rename, lookups))

    return AliasedQuerySet
