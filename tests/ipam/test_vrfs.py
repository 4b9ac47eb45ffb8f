"""VRFs, namespaces and route targets (issue 24): uniqueness per VRF and namespace at model, form and REST
level, containment per VRF (a global container sees every VRF), the Global namespace default, and the names
NetBox and Nautobot 2.x code uses."""

from __future__ import annotations

import netaddr
import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse

from ipam.models import VRF, IPAddress, Namespace, Prefix, RouteTarget, get_default_namespace
from tests.api_errors import assert_error_shape
from tests.factories.dcim import status
from tests.factories.ipam import (
    IPAddressFactory,
    NamespaceFactory,
    PrefixFactory,
    RouteTargetFactory,
    VRFFactory,
)

pytestmark = pytest.mark.django_db


def prefix(text: str, **kwargs) -> Prefix:
    instance = Prefix(prefix=text, status=kwargs.pop("status", status("active")), **kwargs)
    instance.validated_save()
    return instance


def address(text: str, **kwargs) -> IPAddress:
    instance = IPAddress(address=text, status=kwargs.pop("status", status("active")), **kwargs)
    instance.validated_save()
    return instance


# --- The Global namespace ------------------------------------------------------------------------------


def test_prefixes_addresses_and_vrfs_are_in_the_global_namespace_unless_told():
    p, ip, vrf = PrefixFactory(), IPAddressFactory(), VRFFactory()
    assert p.namespace.name == ip.namespace.name == vrf.namespace.name == "Global"
    assert get_default_namespace() == p.namespace
    assert Namespace.objects.filter(name="Global").count() == 1


def test_the_global_namespace_comes_back_when_it_is_missing():
    Namespace.objects.filter(name="Global").delete()
    assert PrefixFactory().namespace.name == "Global"


def test_nautobot_code_imports_the_models_and_the_default_helper():
    from nautobot.ipam.models import VRF as NautobotVRF
    from nautobot.ipam.models import Namespace as NautobotNamespace
    from nautobot.ipam.models import RouteTarget as NautobotRouteTarget
    from nautobot.ipam.models import get_default_namespace as nautobot_default

    assert (NautobotVRF, NautobotNamespace, NautobotRouteTarget) == (VRF, Namespace, RouteTarget)
    assert nautobot_default().name == "Global"


# --- Uniqueness ------------------------------------------------------------------------------------------


def test_the_same_prefix_may_be_in_two_vrfs_and_two_namespaces_but_not_twice_in_a_table():
    red, blue = VRFFactory(name="red"), VRFFactory(name="blue")
    customer = NamespaceFactory(name="Customer-A")
    prefix("10.0.0.0/24")
    prefix("10.0.0.0/24", vrf=red)
    prefix("10.0.0.0/24", vrf=blue)
    prefix("10.0.0.0/24", namespace=customer)

    for kwargs, message in [
        ({}, "Prefix 10.0.0.0/24 already exists."),
        ({"vrf": red}, "Prefix 10.0.0.0/24 already exists in VRF red."),
        ({"namespace": customer}, "Prefix 10.0.0.0/24 already exists in namespace Customer-A."),
    ]:
        with pytest.raises(ValidationError) as excinfo:
            prefix("10.0.0.0/24", **kwargs)
        assert excinfo.value.message_dict == {"prefix": [message]}


def test_a_vrf_without_enforce_unique_takes_duplicates():
    lab = VRFFactory(name="lab", enforce_unique=False)
    prefix("10.0.0.0/24", vrf=lab)
    prefix("10.0.0.0/24", vrf=lab)
    address("10.0.0.1/24", vrf=lab)
    address("10.0.0.1/24", vrf=lab)
    assert lab.prefixes.count() == 2 and lab.ip_addresses.count() == 2


def test_the_database_refuses_a_duplicate_in_the_global_table_without_validation():
    PrefixFactory(prefix="10.0.0.0/24")
    with pytest.raises(IntegrityError), transaction.atomic():
        PrefixFactory(prefix="10.0.0.0/24")
    PrefixFactory(prefix="10.0.0.0/24", vrf=VRFFactory())  # another table: allowed


def test_duplicate_addresses_are_refused_per_vrf_and_in_the_global_table():
    red = VRFFactory(name="red")
    address("10.0.0.1/24")
    address("10.0.0.1/24", vrf=red)
    with pytest.raises(ValidationError) as excinfo:
        address("10.0.0.1/16", vrf=red)  # another mask, the same host
    assert excinfo.value.message_dict == {"address": ["Address 10.0.0.1/24 already exists in VRF red."]}
    with pytest.raises(ValidationError) as excinfo:
        address("10.0.0.1/24")
    assert excinfo.value.message_dict == {"address": ["Address 10.0.0.1/24 already exists."]}


def test_enforce_global_unique_off_allows_duplicate_global_addresses(settings):
    settings.ENFORCE_GLOBAL_UNIQUE = False
    address("10.0.0.1/24")
    address("10.0.0.1/24")
    assert IPAddress.objects.filter(address="10.0.0.1/24").count() == 2


def test_route_distinguishers_are_unique_in_a_namespace():
    VRFFactory(name="red", rd="65000:1")
    VRF(name="no-rd-1").validated_save()
    VRF(name="no-rd-2", rd="").validated_save()  # an empty RD is none, not a clash
    VRF(name="elsewhere", rd="65000:1", namespace=NamespaceFactory()).validated_save()
    with pytest.raises(ValidationError) as excinfo:
        VRF(name="blue", rd="65000:1").validated_save()
    assert list(excinfo.value.message_dict) == ["rd"]


def test_a_prefix_follows_its_vrfs_namespace_and_refuses_another():
    customer, other = NamespaceFactory(name="Customer-A"), NamespaceFactory(name="Other")
    vrf = VRFFactory(namespace=customer)
    assert prefix("10.0.0.0/24", vrf=vrf).namespace == customer
    assert address("10.0.0.1/24", vrf=vrf).namespace == customer
    with pytest.raises(ValidationError) as excinfo:
        prefix("10.9.0.0/24", vrf=vrf, namespace=other)
    assert list(excinfo.value.message_dict) == ["vrf"]


# --- Containment per VRF -------------------------------------------------------------------------------


@pytest.fixture
def tables():
    """10.0.0.0/8 global container; 10.1.0.0/16 global; the same /24 in red and blue with an address each."""
    red, blue = VRFFactory(name="red"), VRFFactory(name="blue")
    container = prefix("10.0.0.0/8", status=status("container"))
    global_16 = prefix("10.1.0.0/16")
    red_24 = prefix("10.1.1.0/24", vrf=red)
    blue_24 = prefix("10.1.1.0/24", vrf=blue)
    red_ip = address("10.1.1.5/24", vrf=red)
    blue_ip = address("10.1.1.5/24", vrf=blue)
    global_ip = address("10.1.2.5/24")
    return locals()


def test_children_and_child_ips_stay_in_the_prefixs_vrf(tables):
    t = tables
    assert list(t["red_24"].get_child_ips()) == [t["red_ip"]]
    assert list(t["blue_24"].get_child_ips()) == [t["blue_ip"]]
    assert list(t["global_16"].get_children()) == []  # the /24s are in VRFs
    assert list(t["global_16"].get_child_ips()) == [t["global_ip"]]
    assert t["red_24"].get_parent() is None  # no red container


def test_a_global_container_sees_every_vrf(tables):
    t = tables
    assert set(t["container"].get_children()) == {t["global_16"], t["red_24"], t["blue_24"]}
    assert set(t["container"].get_child_ips()) == {t["red_ip"], t["blue_ip"], t["global_ip"]}
    assert t["global_16"].get_parent() == t["container"]
    assert netaddr.IPAddress("10.1.1.5") not in t["red_24"].get_available_ips()
    assert netaddr.IPAddress("10.1.1.5") not in t["container"].get_available_ips()
    assert netaddr.IPAddress("10.1.1.5") in t["global_16"].get_available_ips()


def test_an_address_parent_is_in_its_vrf_or_a_global_container(tables):
    t = tables
    assert IPAddress.objects.get(pk=t["red_ip"].pk).parent == t["red_24"]
    assert IPAddress.objects.get(pk=t["blue_ip"].pk).parent == t["blue_24"]
    assert IPAddress.objects.get(pk=t["global_ip"].pk).parent == t["global_16"]
    annotated = {ip.pk: ip.parent for ip in IPAddress.objects.with_parent_annotations()}
    assert annotated == {
        t["red_ip"].pk: t["red_24"],
        t["blue_ip"].pk: t["blue_24"],
        t["global_ip"].pk: t["global_16"],
    }
    lonely = address("10.1.1.5/24", vrf=VRFFactory(name="green"))
    assert IPAddress.objects.get(pk=lonely.pk).parent == t["container"]
    t["container"].delete()
    assert set(IPAddress.objects.without_parent()) == {lonely}


# --- Nautobot 2.x -----------------------------------------------------------------------------------------


def test_nautobot_style_addresses_join_their_parent_prefixs_vrf_in_the_namespace():
    customer = NamespaceFactory(name="Customer-A")
    vrf = VRFFactory(name="cust-a", namespace=customer)
    network = Prefix(prefix="192.168.0.0/24", namespace=customer, status=status("active"))
    network.validated_save()
    vrf.add_prefix(network)
    assert list(network.vrfs) == [vrf] and list(vrf.prefixes.all()) == [network]

    ip = IPAddress(address="192.168.0.1/24", namespace=customer, status=status("active"))
    ip.validated_save()
    assert (ip.vrf, ip.namespace, ip.parent) == (vrf, customer, network)

    orphan = IPAddress(address="172.16.0.1/24", namespace=customer, status=status("active"))
    with pytest.raises(ValidationError) as excinfo:
        orphan.validated_save()
    assert list(excinfo.value.message_dict) == ["namespace"]

    vrf.remove_prefix(network)
    assert Prefix.objects.get(pk=network.pk).vrf is None


# --- REST and forms ---------------------------------------------------------------------------------------


@pytest.fixture
def admin(db, superuser, token_client):
    return token_client(superuser)


def url(name: str, **kwargs) -> str:
    return reverse(f"ipam-api:{name}", kwargs=kwargs or None)


def test_rest_duplicates_in_a_vrf_are_400s_naming_the_field(admin):
    red = VRFFactory(name="red")
    PrefixFactory(prefix="10.0.0.0/24", vrf=red)
    IPAddressFactory(address="10.0.0.1/24", vrf=red)
    active = {"slug": "active"}
    status("active")

    other_table = admin.post(url("prefix-list"), {"prefix": "10.0.0.0/24", "status": active}, format="json")
    assert other_table.status_code == 201, other_table.json()
    assert other_table.json()["namespace"]["name"] == "Global" and other_table.json()["vrf"] is None

    response = admin.post(
        url("prefix-list"), {"prefix": "10.0.0.0/24", "vrf": str(red.pk), "status": active}, format="json"
    )
    assert_error_shape(response, 400)
    assert response.json()["errors"] == {"prefix": ["Prefix 10.0.0.0/24 already exists in VRF red."]}

    response = admin.post(
        url("ipaddress-list"),
        {"address": "10.0.0.1/24", "vrf": {"name": "red"}, "status": active},
        format="json",
    )
    assert_error_shape(response, 400)
    assert response.json()["errors"] == {"address": ["Address 10.0.0.1/24 already exists in VRF red."]}


def test_rest_vrf_with_route_targets_and_a_duplicate_rd(admin):
    RouteTargetFactory(name="65000:100")
    RouteTargetFactory(name="65000:1")
    payload = {
        "name": "red",
        "rd": "65000:100",
        "import_targets": [{"name": "65000:100"}, {"name": "65000:1"}],
        "export_targets": [{"name": "65000:100"}],
    }
    response = admin.post(url("vrf-list"), payload, format="json")
    assert response.status_code == 201, response.json()
    body = response.json()
    assert sorted(target["name"] for target in body["import_targets"]) == ["65000:1", "65000:100"]
    assert body["namespace"]["name"] == "Global" and body["enforce_unique"] is True

    duplicate = admin.post(url("vrf-list"), {"name": "blue", "rd": "65000:100"}, format="json")
    assert_error_shape(duplicate, 400)
    assert list(duplicate.json()["errors"]) == ["rd"]
    unknown = admin.post(
        url("vrf-list"), {"name": "green", "import_targets": [{"name": "1:1"}]}, format="json"
    )
    assert_error_shape(unknown, 400)


def test_rest_filters_by_vrf_present_in_vrf_and_namespace(admin):
    shared = RouteTargetFactory(name="65000:1")
    red, services = VRFFactory(name="red"), VRFFactory(name="services")
    red.import_targets.add(shared)
    services.export_targets.add(shared)
    in_red = PrefixFactory(prefix="10.0.0.0/24", vrf=red)
    in_services = PrefixFactory(prefix="10.9.0.0/24", vrf=services)
    customer = NamespaceFactory(name="Customer-A")
    elsewhere = PrefixFactory(prefix="10.0.0.0/24", namespace=customer)

    def ids(params):
        response = admin.get(url("prefix-list"), params)
        assert response.status_code == 200, response.json()
        return {row["id"] for row in response.json()["results"]}

    assert ids({"vrf_id": str(red.pk)}) == {str(in_red.pk)}
    assert ids({"vrf": "services"}) == {str(in_services.pk)}
    assert ids({"present_in_vrf_id": str(red.pk)}) == {str(in_red.pk), str(in_services.pk)}
    assert ids({"present_in_vrf": red.rd}) == {str(in_red.pk), str(in_services.pk)}
    assert ids({"namespace": "Customer-A"}) == {str(elsewhere.pk)}
    assert_error_shape(admin.get(url("prefix-list"), {"vrf_id": str(customer.pk)}), 400)

    vrfs = admin.get(url("vrf-list"), {"import_target": "65000:1"}).json()["results"]
    assert [row["name"] for row in vrfs] == ["red"]
    targets = admin.get(url("routetarget-list"), {"exporting_vrf_id": str(services.pk)}).json()["results"]
    assert [row["name"] for row in targets] == ["65000:1"]


def test_the_prefix_form_judges_duplicates_in_the_chosen_vrf(admin_client):
    red = VRFFactory(name="red")
    PrefixFactory(prefix="10.1.0.0/16", vrf=red)
    data = {"prefix": "10.1.0.0/16", "status": status("active").pk}
    response = admin_client.post("/ipam/prefixes/add/", data)
    assert response.status_code == 302  # the global table is another table
    duplicate = admin_client.post("/ipam/prefixes/add/", data | {"vrf": red.pk})
    assert duplicate.context["form"].errors["prefix"] == ["Prefix 10.1.0.0/16 already exists in VRF red."]


def test_vrf_and_route_target_pages_show_what_belongs_to_them(admin_client):
    target = RouteTargetFactory(name="65000:7")
    red = VRFFactory(name="red")
    red.import_targets.add(target)
    PrefixFactory(prefix="10.7.0.0/24", vrf=red)
    IPAddressFactory(address="10.7.0.1/24", vrf=red)
    page = admin_client.get(red.get_absolute_url()).content.decode()
    assert "10.7.0.0/24" in page, page
    assert "10.7.0.1/24" in page and "65000:7" in page
    page = admin_client.get(target.get_absolute_url()).content.decode()
    assert "Importing VRFs" in page and ">red<" in page
