"""IP ranges (issue 24): NetBox's start/end addresses with a mask, the computed size, the rules (one version,
one mask, start before end, no overlap) as field errors in the model, the form and the API, available IPs."""

from __future__ import annotations

import netaddr
import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from ipam.models import IPRange
from tests.api_errors import assert_error_shape
from tests.factories.ipam import IPAddressFactory, IPRangeFactory, range_status

pytestmark = pytest.mark.django_db


def new_range(start: str, end: str, **kwargs) -> IPRange:
    return IPRange(start_address=start, end_address=end, status=range_status(), **kwargs)


def test_a_range_reads_back_with_its_mask_and_size():
    ip_range = new_range("10.0.0.100/24", "10.0.0.199/24")
    ip_range.validated_save()
    ip_range = IPRange.objects.get()
    assert ip_range.start_address == netaddr.IPNetwork("10.0.0.100/24")
    assert str(ip_range.end_address) == "10.0.0.199/24"
    assert (ip_range.size, ip_range.family, str(ip_range)) == (100, 4, "10.0.0.100-10.0.0.199/24")
    assert IPRange.objects.get(start_address="10.0.0.100/24") == ip_range
    assert IPRange.objects.containing("10.0.0.150").get() == ip_range
    assert not IPRange.objects.containing("10.0.0.200").exists()


@pytest.mark.parametrize(
    ("start", "end", "field", "message"),
    [
        ("10.0.0.10/24", "2001:db8::1/64", "end_address", "same IP version"),
        ("10.0.0.10/24", "10.0.0.20/25", "end_address", "same mask (/24)"),
        ("10.0.0.20/24", "10.0.0.10/24", "end_address", "at or after the start address (10.0.0.20)"),
        ("10.0.0.150/24", "10.0.0.250/24", "start_address", "overlap the range 10.0.0.100-10.0.0.199/24"),
        ("10.0.0.1/24", "10.0.0.100/24", "start_address", "overlap the range"),
    ],
)
def test_a_bad_range_is_a_field_error(start, end, field, message):
    new_range("10.0.0.100/24", "10.0.0.199/24").validated_save()
    with pytest.raises(ValidationError) as raised:
        new_range(start, end).full_clean()
    assert message in " ".join(raised.value.message_dict[field])


def test_a_range_may_be_saved_again_and_touch_its_neighbour():
    first = new_range("10.0.0.100/24", "10.0.0.199/24")
    first.validated_save()
    first.description = "DHCP"
    first.validated_save()  # no overlap with itself
    new_range("10.0.0.200/24", "10.0.0.210/24").validated_save()
    assert IPRange.objects.count() == 2


def test_available_ips_leave_out_the_used_ones():
    ip_range = IPRangeFactory(start_address="10.0.0.10/24", end_address="10.0.0.13/24")
    IPAddressFactory(address="10.0.0.10/24")
    IPAddressFactory(address="10.0.0.12/24")
    IPAddressFactory(address="10.0.0.14/24")  # outside
    assert list(ip_range.get_available_ips()) == [
        netaddr.IPAddress("10.0.0.11"),
        netaddr.IPAddress("10.0.0.13"),
    ]
    assert ip_range.first_available_ip == "10.0.0.11/24"
    assert [str(a) for a in ip_range.get_child_ips()] == ["10.0.0.10/24", "10.0.0.12/24"]
    assert ip_range.utilization == 50
    ip_range.mark_utilized = True
    assert (ip_range.get_available_ips().size, ip_range.first_available_ip, ip_range.utilization) == (
        0,
        None,
        100,
    )


@pytest.fixture
def admin(db, superuser, token_client):
    return token_client(superuser)


def test_the_api_creates_a_range_and_reads_its_size(admin):
    body = {"start_address": "10.1.0.10/24", "end_address": "10.1.0.19/24", "status": {"slug": "active"}}
    range_status()
    response = admin.post(reverse("ipam-api:iprange-list"), body, format="json")
    assert response.status_code == 201, response.json()
    data = response.json()
    assert (data["start_address"], data["end_address"], data["size"], data["family"]) == (
        "10.1.0.10/24",
        "10.1.0.19/24",
        10,
        4,
    )
    listed = admin.get(reverse("ipam-api:iprange-list"), {"contains": "10.1.0.15"}).json()
    assert [item["size"] for item in listed["results"]] == [10]


@pytest.mark.parametrize(
    ("payload", "field", "message"),
    [
        ({"end_address": "10.1.0.5/24"}, "end_address", "at or after the start address"),
        ({"end_address": "10.1.0.30/16"}, "end_address", "same mask (/24)"),
        ({"start_address": "10.1.0.12/24"}, "start_address", "overlap the range 10.1.0.10-10.1.0.19/24"),
        ({"start_address": "banana"}, "start_address", "has no mask"),
        ({"start_address": "10.1.0.300/24"}, "start_address", "is not a valid IPv4 or IPv6 network"),
    ],
)
def test_a_bad_range_is_a_400_naming_the_field(admin, payload, field, message):
    IPRangeFactory(start_address="10.1.0.10/24", end_address="10.1.0.19/24")
    body = {"start_address": "10.1.0.20/24", "end_address": "10.1.0.30/24", "status": {"slug": "active"}}
    response = admin.post(reverse("ipam-api:iprange-list"), body | payload, format="json")
    assert_error_shape(response, 400)
    assert message in response.json()["errors"][field][0]


def test_the_form_shows_range_errors_on_their_fields(admin_client):
    IPRangeFactory(start_address="10.2.0.10/24", end_address="10.2.0.19/24")
    data = {"start_address": "10.2.0.15/24", "end_address": "10.2.0.30/24", "status": range_status().pk}
    overlap = admin_client.post("/ipam/ip-ranges/add/", data)
    assert "overlap the range 10.2.0.10-10.2.0.19/24" in overlap.context["form"].errors["start_address"][0]
    garbage = admin_client.post("/ipam/ip-ranges/add/", data | {"end_address": "nope"})
    assert garbage.context["form"].errors["end_address"] == [
        "'nope' has no mask; a CIDR mask (e.g. /24) is required."
    ]
    created = admin_client.post("/ipam/ip-ranges/add/", data | {"start_address": "10.2.0.20/24"})
    assert created.status_code == 302
    ip_range = IPRange.objects.get(start_host="10.2.0.20")
    edit = admin_client.get(f"{ip_range.get_absolute_url()}edit/").context["form"]
    assert edit["start_address"].value() == "10.2.0.20/24"


def test_the_range_page_lists_its_addresses(admin_client):
    ip_range = IPRangeFactory(start_address="10.3.0.10/24", end_address="10.3.0.19/24")
    IPAddressFactory(address="10.3.0.10/24")
    IPAddressFactory(address="10.3.0.50/24")
    response = admin_client.get(ip_range.get_absolute_url())
    related = {item["title"]: item for item in response.context["related_lists"]}
    assert [str(row.record) for row in related["IP addresses"]["table"].rows] == ["10.3.0.10/24"]
    assert b"<td>10.3.0.11/24</td>" in response.content  # the first available IP
