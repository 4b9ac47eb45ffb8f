"""Through patch panels: a port's connected endpoint is traced across front and rear ports, as in NetBox;
its link peer is what its own cable reaches."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from dcim.choices import CableStatusChoices
from dcim.models import Cable
from tests.factories.dcim import (
    DeviceFactory,
    FrontPortFactory,
    InterfaceFactory,
    PowerPortFactory,
    RearPortFactory,
)

pytestmark = pytest.mark.django_db


def cable(a, b, status=CableStatusChoices.CONNECTED) -> Cable:
    made = Cable(a_terminations=[a], b_terminations=[b], status=status)
    made.validated_save()
    return made


def panel(positions: int = 1):
    """A patch panel: one rear port with `positions` front ports mapped onto it."""
    device = DeviceFactory()
    rear = RearPortFactory(device=device, positions=positions)
    fronts = [
        FrontPortFactory(device=device, rear_port=rear, rear_port_position=position)
        for position in range(1, positions + 1)
    ]
    return rear, fronts


def fresh(port):
    return type(port).objects.get(pk=port.pk)


def test_two_interfaces_meet_across_two_patch_panels():
    (rear_1, [front_1]), (rear_2, [front_2]) = panel(), panel()
    a, b = InterfaceFactory(), InterfaceFactory()
    cable(a, front_1)
    cable(rear_1, rear_2)
    cable(front_2, b)
    a, b = fresh(a), fresh(b)
    assert a.link_peers == [front_1] and a.link_peer == front_1
    assert (a.connected_endpoint, b.connected_endpoint) == (b, a)
    assert a.connected_endpoints == [b] and a.connection_status is True


def test_each_strand_of_a_trunk_reaches_its_own_far_port():
    (rear_1, fronts_1), (rear_2, fronts_2) = panel(positions=2), panel(positions=2)
    a, b, c, d = (InterfaceFactory() for _ in range(4))
    cable(rear_1, rear_2)
    cable(a, fronts_1[1])
    cable(fronts_2[1], b)
    cable(c, fronts_1[0])
    cable(fronts_2[0], d)
    assert (fresh(a).connected_endpoint, fresh(c).connected_endpoint) == (b, d)
    assert (fresh(b).connected_endpoint, fresh(d).connected_endpoint) == (a, c)


def test_a_path_that_stops_at_an_uncabled_panel_reaches_nothing():
    _, [front] = panel()
    a = InterfaceFactory()
    cable(a, front)
    a = fresh(a)
    assert a.link_peers == [front] and a.connected_endpoint is None and a.connected_endpoints == []


def test_a_planned_cable_on_the_path_makes_the_connection_planned():
    (rear_1, [front_1]), (rear_2, [front_2]) = panel(), panel()
    a, b = InterfaceFactory(), InterfaceFactory()
    cable(a, front_1)
    cable(rear_1, rear_2, status=CableStatusChoices.PLANNED)
    cable(front_2, b)
    assert fresh(a).connected_endpoint == b and fresh(a).connection_status is False


def test_pass_through_ports_take_cables_of_data_and_console_ports_but_not_power():
    _, [front] = panel()
    with pytest.raises(ValidationError) as excinfo:
        Cable(a_terminations=[PowerPortFactory()], b_terminations=[front]).full_clean()
    assert "front ports" in str(excinfo.value.message_dict["termination_b_type"])
    rear_a, rear_b = RearPortFactory(), RearPortFactory()
    cable(rear_a, rear_b)
    assert fresh(rear_a).link_peers == [rear_b]


def test_the_api_shows_the_traced_endpoint(admin_client):
    (rear_1, [front_1]), (rear_2, [front_2]) = panel(), panel()
    a, b = InterfaceFactory(), InterfaceFactory()
    cable(a, front_1)
    cable(rear_1, rear_2)
    cable(front_2, b)
    data = admin_client.get(reverse("dcim-api:interface-detail", kwargs={"pk": a.pk})).json()
    assert data["connected_endpoint"]["id"] == str(b.pk) and data["connection_status"] is True


def test_a_power_feed_is_cabled_to_a_devices_power_port():
    from tests.factories.dcim import PowerFeedFactory

    feed, psu = PowerFeedFactory(), PowerPortFactory()
    made = cable(psu, feed)
    feed, psu = fresh(feed), fresh(psu)
    assert feed.cable == made and psu.connected_endpoint == feed and feed.link_peers == [psu]
    assert str(made) == f"{psu.display} \u2194 {feed.power_panel} \u203a {feed.name}"
    with pytest.raises(ValidationError) as excinfo:
        Cable(a_terminations=[InterfaceFactory()], b_terminations=[PowerFeedFactory()]).full_clean()
    assert "power feeds" in str(excinfo.value.message_dict["termination_b_type"])
