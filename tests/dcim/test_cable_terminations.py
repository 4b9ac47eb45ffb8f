"""One cable, two ways to see its ends: NetBox 3.3+'s `a_terminations`/`b_terminations` (and CableTermination
rows), and Nautobot's / older NetBox's `termination_a`/`termination_b`. One truth underneath."""

from __future__ import annotations

import pytest
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import DatabaseError, transaction

from dcim.models import Cable, CableTermination, Interface
from tests.factories.dcim import CableFactory, InterfaceFactory

pytestmark = pytest.mark.django_db


def test_a_cable_made_with_terminations_lists_is_the_cable_of_its_ports():
    a, b = InterfaceFactory(), InterfaceFactory()
    cable = Cable(a_terminations=[a], b_terminations=[b], status="connected")
    cable.full_clean()
    cable.save()
    a.refresh_from_db()
    b.refresh_from_db()
    assert (cable.termination_a, cable.termination_b) == (a, b)
    assert (a.cable, b.cable) == (cable, cable)
    assert (a.link_peers, b.link_peers) == ([b], [a])
    assert a.connected_endpoints == [b] and a.link_peer == b
    assert (a.cable_end, b.cable_end) == ("A", "B")


def test_a_cable_made_the_nautobot_way_shows_its_terminations_as_lists():
    a, b = InterfaceFactory(), InterfaceFactory()
    cable = Cable(termination_a=a, termination_b=b)
    cable.validated_save()
    fresh = Cable.objects.get(pk=cable.pk)
    assert (fresh.a_terminations, fresh.b_terminations) == ([a], [b])


def test_cable_terminations_are_read_from_the_cables_themselves():
    cable = CableFactory()
    rows = {row.cable_end: row for row in CableTermination.objects.filter(cable=cable)}
    assert set(rows) == {"A", "B"}
    assert rows["A"].termination == cable.termination_a and rows["B"].termination == cable.termination_b
    interface_type = ContentType.objects.get_for_model(Interface)
    found = CableTermination.objects.get(
        termination_type=interface_type, termination_id=cable.termination_b_id
    )
    assert found.cable == cable and found.cable_end == "B"
    # Re-plugging end B is seen at once: there is nothing to keep in step.
    other = InterfaceFactory()
    cable.b_terminations = [other]
    cable.validated_save()
    assert CableTermination.objects.get(cable=cable, cable_end="B").termination == other


def test_cable_terminations_are_read_only():
    row = CableTermination.objects.get(cable=CableFactory(), cable_end="A")
    with pytest.raises(TypeError, match="a_terminations"):
        row.save()
    with pytest.raises(DatabaseError), transaction.atomic():
        CableTermination.objects.filter(pk=row.pk).update(cable_end="B")


def test_more_than_one_termination_on_an_end_is_a_clear_error():
    cable = Cable(
        a_terminations=[InterfaceFactory(), InterfaceFactory()], b_terminations=[InterfaceFactory()]
    )
    with pytest.raises(ValidationError) as excinfo:
        cable.full_clean()
    assert "one termination" in str(excinfo.value.message_dict["a_terminations"])


def test_an_end_without_terminations_is_a_clear_error():
    cable = Cable(a_terminations=[], b_terminations=[InterfaceFactory()])
    with pytest.raises(ValidationError) as excinfo:
        cable.full_clean()
    assert "a_terminations" in excinfo.value.message_dict


def test_an_unplugged_port_has_no_peers():
    port = InterfaceFactory()
    assert port.link_peers == [] and port.connected_endpoints == [] and port.link_peer is None
    assert port.cable_end == ""


def test_a_cable_records_its_type_length_and_tenant_as_netbox_scripts_set_them():
    from dcim.choices import CableLengthUnitChoices, CableTypeChoices
    from tests.factories.tenancy import TenantFactory

    tenant = TenantFactory()
    cable = Cable(
        a_terminations=[InterfaceFactory()],
        b_terminations=[InterfaceFactory()],
        type=CableTypeChoices.TYPE_CAT6,
        length=2.5,
        length_unit=CableLengthUnitChoices.UNIT_METER,
        tenant=tenant,
        description="Rack A1 to A2",
    )
    cable.validated_save()
    fresh = Cable.objects.get(pk=cable.pk)
    assert (fresh.type, float(fresh.length), fresh.length_unit) == ("cat6", 2.5, "m")
    assert fresh.tenant == tenant and fresh.description == "Rack A1 to A2"


def test_a_length_needs_its_unit():
    cable = Cable(a_terminations=[InterfaceFactory()], b_terminations=[InterfaceFactory()], length=3)
    with pytest.raises(ValidationError) as excinfo:
        cable.full_clean()
    assert "length_unit" in excinfo.value.message_dict


def test_a_wireless_interface_is_refused_a_cable_with_a_reason_that_fits_it():
    from dcim.choices import InterfaceTypeChoices

    radio = InterfaceFactory(type=InterfaceTypeChoices.TYPE_80211AC)
    cable = Cable(a_terminations=[radio], b_terminations=[InterfaceFactory()])
    with pytest.raises(ValidationError) as excinfo:
        cable.full_clean()
    assert excinfo.value.message_dict["termination_a_id"] == [
        f"{radio.display} takes no cable: virtual and wireless interfaces have none."
    ]
