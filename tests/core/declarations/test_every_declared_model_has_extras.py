"""Every declared inventory model has tags and custom fields (core.models.InventoryMixin), tested without
naming it: a model declared later without them fails here. Tags and custom fields themselves are the
only declared models that carry neither (as in NetBox and Nautobot)."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError

from core.models import InventoryMixin
from tests.core.declarations.support import every_declaration, make
from tests.factories.tags import CustomFieldFactory, TagFactory

WITHOUT_EXTRAS = {"extras.tag", "extras.customfield"}

pytestmark = pytest.mark.django_db
every_inventory_model = pytest.mark.parametrize(
    "declaration", [param for param in every_declaration() if param.id not in WITHOUT_EXTRAS]
)


@pytest.mark.parametrize("declaration", every_declaration())
def test_every_declared_model_uses_the_inventory_mixin(declaration):
    if declaration.label in WITHOUT_EXTRAS:
        assert not issubclass(declaration.model, InventoryMixin)
    else:
        assert issubclass(declaration.model, InventoryMixin), (
            f"{declaration.label} lacks core.models.InventoryMixin (tags and custom fields)"
        )


@every_inventory_model
def test_objects_are_tagged_and_found_by_their_tags(declaration):
    model = declaration.model
    tagged, untagged = make(declaration, 2)
    red, blue = TagFactory(), TagFactory()

    tagged.tags.add(red)
    tagged.tags.add(blue)
    untagged.tags.set([blue])

    assert list(tagged.tags.all()) == sorted([red, blue], key=lambda tag: tag.name)
    assert list(model.objects.filter(tags__slug=red.slug)) == [tagged]
    assert set(model.objects.filter(tags__name__in=[blue.name]).distinct()) == {tagged, untagged}
    untagged.tags.remove(blue)
    assert not untagged.tags.exists()


@every_inventory_model
def test_custom_field_values_are_kept_and_checked(declaration):
    model = declaration.model
    field = CustomFieldFactory(type="integer", validation_maximum=10, models=[model])
    obj = make(declaration)[0]

    obj.cf[field.name] = 7
    obj.validated_save()
    obj.refresh_from_db()
    assert obj.cf[field.name] == 7
    assert obj.custom_field_data == {field.name: 7}

    obj.cf[field.name] = 11
    with pytest.raises(ValidationError) as raised:
        obj.full_clean()
    assert raised.value.message_dict == {
        "custom_field_data": [f"Invalid value for custom field '{field.name}': The maximum is 10."]
    }
