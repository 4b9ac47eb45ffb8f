"""The abstract base every jobsplatform model inherits: UUID key, timestamps, validated_save, restrict."""

from __future__ import annotations

import uuid

from django.db import models
from django.urls import reverse


class RestrictedQuerySet(models.QuerySet):
    """A queryset that can narrow itself to the objects a user may act on."""

    def restrict(self, user, action: str = "view") -> RestrictedQuerySet:
        from users.permissions import restrict_queryset

        return restrict_queryset(self, user, action)


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
