"""The abstract base every jobsplatform model inherits: UUID key, timestamps, validated_save, restrict."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from typing import Any

from django.core.exceptions import ImproperlyConfigured
from django.db import models
from django.urls import reverse

Restriction = Callable[[models.QuerySet, Any, str], models.QuerySet]
_restriction: Restriction | None = None


def set_restriction(restriction: Restriction) -> None:
    """The users app says how a queryset narrows to what a user may act on (core sits below users)."""
    global _restriction
    _restriction = restriction


class RestrictedQuerySet(models.QuerySet):
    """A queryset that can narrow itself to the objects a user may act on (users.permissions decides)."""

    def restrict(self, user, action: str = "view") -> RestrictedQuerySet:
        if _restriction is None:
            raise ImproperlyConfigured("No restriction is set: the users app is not installed or not ready.")
        return _restriction(self, user, action)


class BaseModel(models.Model):
    """UUID primary key, created/last-updated timestamps and a save that validates first."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    created = models.DateTimeField(auto_now_add=True)
    last_updated = models.DateTimeField(auto_now=True)

    objects = RestrictedQuerySet.as_manager()

    class Meta:
        abstract = True

    def get_absolute_url(self) -> str:
        meta = self._meta
        return reverse(f"{meta.app_label}:{meta.model_name}", kwargs={"pk": self.pk})

    def validated_save(self, *args, **kwargs) -> None:
        """Run full model validation, then save: what job authors should call instead of save()."""
        self.full_clean()
        self.save(*args, **kwargs)

    def snapshot(self) -> None:
        """Remember the object's field values before it is edited (NetBox scripts call this first).

        The values are kept in `_prechange_snapshot` as text, keyed by column (`status_id`), for the
        change log to use as the "before" of the next save.
        """
        self._prechange_snapshot = {
            field.attname: field.value_to_string(self) for field in self._meta.concrete_fields
        }
