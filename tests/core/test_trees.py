"""core.trees: every model nesting through `parent` finds what is below a node and never goes below itself."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError

from tests.factories.dcim import LocationFactory, LocationTypeFactory, RegionFactory

pytestmark = pytest.mark.django_db


def chain(factory, **fields):
    top = factory(**fields)
    middle = factory(parent=top, **fields)
    bottom = factory(parent=middle, **fields)
    return top, middle, bottom


@pytest.mark.parametrize(
    ("make", "name"),
    [
        (lambda: chain(RegionFactory), "region"),
        (lambda: chain(LocationTypeFactory), "location type"),
        (
            lambda: chain(LocationFactory, location_type=LocationTypeFactory(name="Area", nestable=True)),
            "location",
        ),
    ],
)
def test_a_node_is_never_put_below_itself_or_what_is_below_it(make, name):
    top, middle, bottom = make()

    assert type(top).descendant_ids([top.pk]) == {top.pk, middle.pk, bottom.pk}
    assert middle.get_descendant_ids(include_self=False) == {bottom.pk}
    for new_parent in (top, bottom):
        top.parent = new_parent
        with pytest.raises(ValidationError) as refused:
            top.full_clean()
        assert refused.value.message_dict["parent"] == [
            f"A {name} cannot be placed below itself or one of its descendants."
        ]
