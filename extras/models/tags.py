"""Tag: a label any inventory object may carry (core.models.InventoryMixin gives every one `tags`).

Built on django-taggit, as NetBox and Nautobot build theirs, so `obj.tags.add()`, `set()`, `remove()`,
`all()` and `filter(tags__slug=...)` behave as job code written for them expects; TaggedItem links a tag
to an object of any model by content type and UUID.
"""

from __future__ import annotations

from django.contrib.contenttypes.models import ContentType
from django.core.validators import RegexValidator
from django.db import models
from taggit.models import GenericUUIDTaggedItemBase, TagBase

from core.models import BaseModel, ChangeLoggedMixin, RestrictedQuerySet

color_validator = RegexValidator(
    r"^[0-9a-f]{6}$", "Enter a colour as six lower-case hex digits, e.g. 4caf50."
)


class TagQuerySet(RestrictedQuerySet):
    def get_for_model(self, model: type[models.Model] | models.Model) -> TagQuerySet:
        """The tags that may be given to `model`: those scoped to it and those scoped to no model (Nautobot 2.x)."""
        content_type = ContentType.objects.get_for_model(model)
        return self.filter(
            models.Q(content_types=content_type) | models.Q(content_types__isnull=True)
        ).distinct()


class Tag(ChangeLoggedMixin, BaseModel, TagBase):
    """A named, coloured label; `content_types` limits the models it applies to (none: every model)."""

    name = models.CharField(max_length=100, unique=True)
    slug = models.SlugField(max_length=100, unique=True, allow_unicode=True, blank=True)
    color = models.CharField(
        max_length=6, default="9e9e9e", validators=[color_validator], verbose_name="colour"
    )
    description = models.CharField(max_length=200, blank=True)
    content_types = models.ManyToManyField(
        ContentType,
        related_name="tags",
        blank=True,
        help_text="The models this tag may be given to; none: every model.",
    )

    objects = TagQuerySet.as_manager()

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    def full_clean(self, *args, **kwargs) -> None:
        if not self.slug:
            self.slug = self.slugify(self.name)
        super().full_clean(*args, **kwargs)


class TaggedItem(GenericUUIDTaggedItemBase):
    """One tag on one object (of any model, by content type and UUID)."""

    id = models.BigAutoField(primary_key=True)
    tag = models.ForeignKey(Tag, on_delete=models.CASCADE, related_name="%(app_label)s_%(class)s_items")

    class Meta:
        indexes = [models.Index(fields=["content_type", "object_id"])]
        constraints = [
            models.UniqueConstraint(
                fields=["tag", "content_type", "object_id"], name="extras_taggeditem_unique"
            )
        ]
