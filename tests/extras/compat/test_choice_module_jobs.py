"""Job files that name stored values through the choice and constant modules, run through the runner."""

from __future__ import annotations

import pytest

from dcim.choices import InterfaceTypeChoices as Types
from dcim.choices import LinkStatusChoices
from extras.choices import JobResultStatusChoices as Status
from tests.extras.compat.conftest import run_here
from tests.factories import dcim as f

pytestmark = pytest.mark.django_db


@pytest.fixture
def interfaces():
    device = f.DeviceFactory(name="edge-1")
    made = {
        name: f.InterfaceFactory(device=device, name=name, type=kind)
        for name, kind in [
            ("xe-0/0/0", Types.TYPE_10GE_XFP),
            ("xe-0/0/1", Types.TYPE_10GE_XFP),
            ("ge-0/0/0", Types.TYPE_1GE_FIXED),
            ("ae0", Types.TYPE_LAG),
            ("br0", Types.TYPE_BRIDGE),
            ("wlan0", Types.TYPE_80211AX),
        ]
    }
    f.CableFactory(
        termination_a=made["xe-0/0/1"],
        termination_b=f.InterfaceFactory(name="peer", type=Types.TYPE_10GE_XFP),
        status=LinkStatusChoices.STATUS_PLANNED,
    )
    return made


def test_a_netbox_audit_script_filters_by_a_choice_of_its_choiceset(fixture_jobs, interfaces):
    result, lines = run_here(fixture_jobs["UncabledInterfaces"], {"interface_type": Types.TYPE_10GE_XFP})

    assert result.status == Status.STATUS_COMPLETED, lines
    messages = [message for _, _, message in lines]
    assert "edge-1 xe-0/0/0 (XFP (10GE)) has no cable" in messages
    assert not any("xe-0/0/1" in message or "ge-0/0/0" in message for message in messages)
    assert "1 planned cable(s)" in messages


def test_a_netbox_audit_script_leaves_virtual_and_wireless_interfaces_out(fixture_jobs, interfaces):
    result, lines = run_here(fixture_jobs["UncabledInterfaces"], {"interface_type": ""})

    messages = " ".join(message for _, _, message in lines)
    assert result.status == Status.STATUS_COMPLETED, lines
    assert "ge-0/0/0" in messages and "xe-0/0/0" in messages
    assert not any(name in messages for name in ("ae0", "br0", "wlan0"))


def test_a_netbox_report_checks_the_virtual_interfaces(fixture_jobs, interfaces):
    result, lines = run_here(fixture_jobs["VirtualInterfacesUncabled"])

    assert result.status == Status.STATUS_COMPLETED, lines
    assert sum(1 for _, level, _ in lines if level == "success") == 2  # ae0 and br0


def test_a_nautobot_job_counts_interfaces_by_kind(fixture_jobs, interfaces):
    result, lines = run_here(fixture_jobs["InterfaceKinds"], {"types": []})

    assert result.status == Status.STATUS_COMPLETED, lines
    assert "virtual=2 wireless=1 wired=4 connected cables=0" in [message for _, _, message in lines]
