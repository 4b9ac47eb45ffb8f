"""Devices as a cluster's hosts: set and read through the device's API, filtered on, shown on its page."""

from __future__ import annotations

import pytest
from django.urls import reverse

from dcim.models import Device
from tests.factories.dcim import DeviceFactory
from tests.factories.virtualization import ClusterFactory

pytestmark = pytest.mark.django_db


def test_a_device_joins_a_cluster_through_the_api_and_is_found_by_it(admin_client):
    cluster = ClusterFactory()
    host, other = DeviceFactory(), DeviceFactory()
    url = reverse("dcim-api:device-detail", kwargs={"pk": host.pk})

    response = admin_client.patch(url, {"cluster": str(cluster.pk)}, content_type="application/json")

    assert response.status_code == 200, response.content
    assert response.json()["cluster"]["id"] == str(cluster.pk)
    assert list(cluster.devices.all()) == [Device.objects.get(pk=host.pk)]
    found = admin_client.get(reverse("dcim-api:device-list"), {"cluster_id": str(cluster.pk)}).json()
    assert [row["id"] for row in found["results"]] == [str(host.pk)]
    assert other.cluster is None


def test_a_hosts_page_names_its_cluster(admin_client):
    cluster = ClusterFactory(name="vsphere-par")
    host = DeviceFactory(cluster=cluster)
    assert "vsphere-par" in admin_client.get(host.get_absolute_url()).content.decode()
