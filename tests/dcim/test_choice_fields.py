"""Model fields take their choices from a choice set when asked, so a choice set can grow without a migration."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command

from dcim.choices import CableStatusChoices, InterfaceTypeChoices, LinkStatusChoices, PortTypeChoices
from dcim.models import (
    Cable,
    FrontPort,
    FrontPortTemplate,
    Interface,
    InterfaceTemplate,
    RearPort,
    RearPortTemplate,
)

FIELDS = [
    (Interface, "type", InterfaceTypeChoices),
    (InterfaceTemplate, "type", InterfaceTypeChoices),
    (Cable, "status", LinkStatusChoices),
    (FrontPort, "type", PortTypeChoices),
    (RearPort, "type", PortTypeChoices),
    (FrontPortTemplate, "type", PortTypeChoices),
    (RearPortTemplate, "type", PortTypeChoices),
]


@pytest.mark.parametrize(("model", "name", "choice_set"), FIELDS)
def test_a_value_added_to_the_choice_set_is_valid_at_once(monkeypatch, model, name, choice_set):
    field = model._meta.get_field(name)
    with pytest.raises(ValidationError):
        field.clean("brand-new-value", None)
    monkeypatch.setattr(choice_set, "CHOICES", (*choice_set.CHOICES, ("brand-new-value", "Brand new")))
    assert field.clean("brand-new-value", None) == "brand-new-value"


@pytest.mark.parametrize(("model", "name", "choice_set"), FIELDS)
def test_the_migration_names_the_choice_set_not_its_values(model, name, choice_set):
    _, _, _, kwargs = model._meta.get_field(name).deconstruct()
    assert kwargs["choices"] == choice_set.as_choices


@pytest.mark.django_db
def test_growing_a_choice_set_needs_no_migration(monkeypatch):
    for choice_set in {choice_set for _, _, choice_set in FIELDS}:
        monkeypatch.setattr(choice_set, "CHOICES", (*choice_set.CHOICES, ("brand-new-value", "Brand new")))
    call_command("makemigrations", "dcim", check=True, dry_run=True, verbosity=0)


def test_nautobot_cable_status_names_are_netbox_link_statuses():
    assert CableStatusChoices.as_choices() == LinkStatusChoices.as_choices()
    assert LinkStatusChoices.values() == ["connected", "planned", "decommissioning"]
    assert CableStatusChoices.STATUS_DECOMMISSIONING == "decommissioning"
