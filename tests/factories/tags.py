"""Factories for the extras of every inventory model: tags and custom fields."""

from __future__ import annotations

import factory

from extras.models import CustomField, Tag
from tests.factories.dcim import NamedFactory


class TagFactory(NamedFactory):
    class Meta:
        model = Tag

    name = factory.Sequence(lambda n: f"Tag {n}")
    color = "2196f3"


class CustomFieldFactory(factory.django.DjangoModelFactory):
    """A text field; give `models=[Device, ...]` for the models it applies to."""

    class Meta:
        model = CustomField
        skip_postgeneration_save = True

    name = factory.Sequence(lambda n: f"field_{n}")
    label = factory.Sequence(lambda n: f"Field {n}")
    type = "text"

    @factory.post_generation
    def models(self, create: bool, extracted, **kwargs) -> None:
        from django.contrib.contenttypes.models import ContentType

        if create and extracted:
            self.content_types.set([ContentType.objects.get_for_model(model) for model in extracted])
