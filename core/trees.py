"""Models in a tree through a `parent` foreign key to themselves (regions, locations and their types, and the
groups to come): the ids below a node, the nodes above it, and the rule that a node is never put below itself.

Tree filters (core.filters: "this region and those below it") read `descendant_ids()`.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import models

from core.models import AutoSlugMixin, BaseModel, ChangeLoggedMixin, InventoryMixin


def descendant_ids_of(model: type[models.Model], ids, include_self: bool = True) -> set:
    """The given rows' ids and those of every row below them, one query per level (cycle-safe)."""
    found = set(ids) if include_self else set()
    frontier = set(ids)
    while frontier:
        frontier = (
            set(model._base_manager.filter(parent_id__in=frontier).values_list("pk", flat=True)) - found
        )
        found |= frontier
    return found


def ancestors_of(node: models.Model) -> list:
    """The rows above `node`, nearest first (cycle-safe)."""
    ancestors, current = [], node.parent
    while current is not None and current not in ancestors and current != node:
        ancestors.append(current)
        current = current.parent
    return ancestors


class TreeMixin:
    """A model whose rows nest through `parent`. Its clean() refuses a parent below the row itself."""

    @classmethod
    def descendant_ids(cls, ids, include_self: bool = True) -> set:
        """The given rows' ids and those below them: what a filter by this model matches."""
        return descendant_ids_of(cls, ids, include_self=include_self)

    def get_descendant_ids(self, include_self: bool = True) -> set:
        return descendant_ids_of(type(self), [self.pk], include_self=include_self)

    def clean(self) -> None:
        super().clean()
        if self.parent_id is not None and self.parent_id in self.get_descendant_ids():
            name = self._meta.verbose_name
            raise ValidationError(
                {"parent": f"A {name} cannot be placed below itself or one of its descendants."}
            )


class NestedGroup(TreeMixin, AutoSlugMixin, ChangeLoggedMixin, InventoryMixin, BaseModel):
    """A named group that nests (regions, tenant groups, and the site, rack and contact groups of NetBox):
    a unique name and slug, an optional parent of its own kind, a description."""

    name = models.CharField(max_length=100, unique=True)
    slug = models.SlugField(max_length=100, unique=True)
    parent = models.ForeignKey(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="children"
    )
    description = models.CharField(max_length=200, blank=True)

    class Meta:
        abstract = True
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name
