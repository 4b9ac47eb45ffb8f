"""Cables: compatible ends, one cable per port, and what a port reports about its connection."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError

from dcim.choices import CableStatusChoices, InterfaceTypeChoices
from dcim.models import Cable, ConsolePort, Interface
from tests.factories.dcim import (
    CableFactory,
    ConsolePortFactory,
    ConsoleServerPortFactory,
    DeviceFactory,
    InterfaceFactory,
    PowerOutletFactory,
    PowerPortFactory,
)

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("a_factory", "b_factory"),
    [
        (InterfaceFactory, InterfaceFactory),
        (ConsolePortFactory, ConsoleServerPortFactory),
        (ConsoleServerPortFactory, ConsolePortFactory),
        (PowerPortFactory, PowerOutletFactory),
    ],
)
def test_compatible_ports_connect_both_ways(a_factory, b_factory):
    a, b = a_factory(), b_factory()
    cable = Cable(termination_a=a, termination_b=b)
    cable.validated_save()
    a.refresh_from_db()
    b.refresh_from_db()
    assert (a.cable, b.cable) == (cable, cable)
    assert (a.connected_endpoint, b.connected_endpoint) == (b, a)
    assert a.connection_status is True


@pytest.mark.parametrize(
    ("a_factory", "b_factory"),
    [
        (InterfaceFactory, ConsoleServerPortFactory),
        (ConsolePortFactory, PowerOutletFactory),
        (PowerPortFactory, PowerPortFactory),
    ],
)
def test_incompatible_ports_are_rejected(a_factory, b_factory):
    cable = Cable(termination_a=a_factory(), termination_b=b_factory())
    with pytest.raises(ValidationError) as excinfo:
        cable.full_clean()
    assert "termination_b_type" in excinfo.value.message_dict


def test_a_port_takes_only_one_cable():
    port = InterfaceFactory()
    CableFactory(termination_a=port)
    second = Cable(termination_a=InterfaceFactory(), termination_b=Interface.objects.get(pk=port.pk))
    with pytest.raises(ValidationError) as excinfo:
        second.full_clean()
    assert excinfo.value.message_dict["termination_b_id"] == [f"{port.display} already has a cable."]


def test_a_stale_port_instance_cannot_sneak_a_second_cable_in():
    port = InterfaceFactory()
    stale = Interface.objects.get(pk=port.pk)
    CableFactory(termination_a=port)
    with pytest.raises(ValidationError):
        Cable(termination_a=stale, termination_b=InterfaceFactory()).full_clean()


def test_a_port_cannot_be_cabled_to_itself():
    port = InterfaceFactory()
    with pytest.raises(ValidationError, match="itself"):
        Cable(termination_a=port, termination_b=port).full_clean()


@pytest.mark.parametrize("interface_type", [InterfaceTypeChoices.VIRTUAL, InterfaceTypeChoices.LOOPBACK])
def test_virtual_interfaces_cannot_take_a_cable(interface_type):
    virtual = InterfaceFactory(type=interface_type)
    with pytest.raises(ValidationError) as excinfo:
        Cable(termination_a=virtual, termination_b=InterfaceFactory()).full_clean()
    assert "termination_a_id" in excinfo.value.message_dict


def test_planned_cable_reports_false_and_uncabled_port_none():
    cable = CableFactory(
        termination_a=ConsolePortFactory(),
        termination_b=ConsoleServerPortFactory(),
        status=CableStatusChoices.PLANNED,
    )
    console = ConsolePort.objects.get(pk=cable.termination_a_id)
    assert console.connected_endpoint == cable.termination_b
    assert console.connection_status is False
    lonely = ConsolePortFactory()
    assert lonely.cable is None
    assert lonely.connected_endpoint is None
    assert lonely.connection_status is None


def test_deleting_a_cable_frees_both_ports():
    cable = CableFactory()
    a_pk, b_pk = cable.termination_a_id, cable.termination_b_id
    cable.delete()
    assert Interface.objects.filter(pk__in=[a_pk, b_pk], cable__isnull=True).count() == 2


def test_deleting_a_port_deletes_its_cable_and_frees_the_far_end():
    cable = CableFactory()
    far_end = cable.termination_b
    cable.termination_a.delete()
    assert not Cable.objects.exists()
    far_end.refresh_from_db()
    assert far_end.cable is None


def test_deleting_a_device_deletes_cables_on_its_ports():
    device = DeviceFactory()
    CableFactory(termination_a=InterfaceFactory(device=device))
    CableFactory(termination_b=PowerOutletFactory(device=device), termination_a=PowerPortFactory())
    device.delete()
    assert not Cable.objects.exists()
    assert not Interface.objects.filter(cable__isnull=False).exists()


def test_moving_a_cable_end_releases_the_old_port():
    cable = CableFactory()
    old_b = cable.termination_b
    new_b = InterfaceFactory()
    cable.termination_b = new_b
    cable.validated_save()
    old_b.refresh_from_db()
    new_b.refresh_from_db()
    assert old_b.cable is None
    assert new_b.cable == cable


def test_cable_string_names_both_ends():
    a = InterfaceFactory(name="eth0", device__name="sw1")
    b = InterfaceFactory(name="eth1", device__name="sw2")
    assert str(CableFactory(termination_a=a, termination_b=b)) == "sw1 \u203a eth0 ↔ sw2 \u203a eth1"
    assert str(CableFactory(label="uplink")) == "uplink"


def test_a_non_port_end_is_a_validation_error_not_a_crash():
    from tests.factories.dcim import SiteFactory

    cable = Cable(termination_a=SiteFactory(), termination_b=InterfaceFactory())
    with pytest.raises(ValidationError) as excinfo:
        cable.full_clean()
    assert "termination_a_type" in excinfo.value.message_dict


def test_an_end_that_does_not_exist_is_reported():
    cable = Cable(termination_a=InterfaceFactory(), termination_b=InterfaceFactory())
    Interface.objects.filter(pk=cable.termination_b_id).delete()
    cable = Cable(
        termination_a_type=cable.termination_a_type,
        termination_a_id=cable.termination_a_id,
        termination_b_type=cable.termination_b_type,
        termination_b_id=cable.termination_b_id,
    )
    with pytest.raises(ValidationError) as excinfo:
        cable.full_clean()
    assert excinfo.value.message_dict == {"termination_b_id": ["No port of that type has this id."]}
