"""load_demo_data builds an inventory the example jobs can use, and a second run creates nothing."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import call_command

from dcim.models import ConsolePort, Device, DeviceRole, Interface, PowerPort, Region
from ipam.models import IPAddress, Prefix

pytestmark = pytest.mark.django_db


def load() -> str:
    out = StringIO()
    call_command("load_demo_data", stdout=out)
    return out.getvalue()


def test_second_run_creates_nothing():
    first = load()
    counts = {model: model.objects.count() for model in (Device, Interface, IPAddress, Prefix, Region)}
    second = load()
    assert "0 objects created" not in first
    assert second.startswith("Demo inventory: 0 objects created")
    assert len(second.strip().splitlines()) == 1
    assert counts == {model: model.objects.count() for model in counts}


def test_demo_data_has_what_the_example_jobs_look_for():
    load()
    assert DeviceRole.objects.filter(name="Access Switch").exists()
    assert Region.objects.filter(parent__isnull=False).exists()
    assert Interface.objects.filter(type="loopback", ip_addresses__isnull=False).exists()
    assert IPAddress.objects.without_parent().exists()
    statuses = {port.connection_status for port in ConsolePort.objects.all()}
    assert statuses == {True, False, None}  # connected, planned and missing console cables
    assert {port.connection_status for port in PowerPort.objects.all()} == {True, False, None}
    assert Device.objects.filter(primary_ip4__isnull=False).count() == 2
