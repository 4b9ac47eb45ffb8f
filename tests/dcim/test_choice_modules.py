"""The choice and constant modules job code imports: every path it names, NetBox's values, Nautobot's names."""

from __future__ import annotations

import importlib

import pytest
from django.core.exceptions import ValidationError

import dcim.choices
import dcim.constants
import ipam.choices
import ipam.constants
from core.choices import ChoiceSet
from dcim.choices import InterfaceTypeChoices
from dcim.models import Cable
from dcim.models.cables import COMPATIBLE_ENDS
from extras.jobs import ChoiceVar
from tests.factories import dcim as f


def test_the_names_netbox_job_files_import_resolve():
    from dcim.choices import (  # noqa: F401
        CableEndChoices,
        CableLengthUnitChoices,
        CableTypeChoices,
        ConsolePortSpeedChoices,
        ConsolePortTypeChoices,
        DeviceAirflowChoices,
        InterfaceDuplexChoices,
        InterfaceModeChoices,
        InterfaceSpeedChoices,
        InterfaceTypeChoices,
        LinkStatusChoices,
        PowerOutletFeedLegChoices,
        PowerOutletTypeChoices,
        PowerPortTypeChoices,
        WeightUnitChoices,
    )
    from dcim.constants import (  # noqa: F401
        COMPATIBLE_TERMINATION_TYPES,
        INTERFACE_MTU_MAX,
        INTERFACE_MTU_MIN,
        NONCONNECTABLE_IFACE_TYPES,
        RACK_ELEVATION_BORDER_WIDTH,
        RACK_U_HEIGHT_DEFAULT,
        VIRTUAL_IFACE_TYPES,
        WIRELESS_IFACE_TYPES,
    )
    from ipam.choices import (  # noqa: F401
        IPAddressFamilyChoices,
        IPAddressRoleChoices,
        IPAddressStatusChoices,
        IPRangeStatusChoices,
        PrefixStatusChoices,
        ServiceProtocolChoices,
        VLANStatusChoices,
    )
    from ipam.constants import (  # noqa: F401
        BGP_ASN_MAX,
        IPADDRESS_MASK_LENGTH_MAX,
        IPADDRESS_ROLES_NONUNIQUE,
        PREFIX_LENGTH_MAX,
        SERVICE_PORT_MAX,
        VLAN_VID_MAX,
    )


def test_the_names_nautobot_job_files_import_resolve_to_the_same_classes():
    from nautobot.core.choices import ChoiceSet as CoreChoiceSet
    from nautobot.dcim.choices import (
        CableStatusChoices,
        CableTypeChoices,
        InterfaceRedundancyGroupProtocolChoices,
        InterfaceStatusChoices,
        InterfaceTypeChoices,
    )
    from nautobot.dcim.constants import (
        COPPER_TWISTED_PAIR_IFACE_TYPES,
        INTERFACE_MTU_MAX,
        VIRTUAL_IFACE_TYPES,
    )
    from nautobot.ipam.choices import (
        IPAddressRoleChoices,
        IPAddressTypeChoices,
        IPAddressVersionChoices,
        PrefixTypeChoices,
        VRFStatusChoices,
    )
    from nautobot.ipam.constants import PREFIX_ALLOWED_CHILD_TYPES, PREFIX_LENGTH_MAX, VLAN_VID_MAX
    from nautobot.utilities.choices import ChoiceSet as UtilitiesChoiceSet

    assert InterfaceTypeChoices is dcim.choices.InterfaceTypeChoices
    assert CableTypeChoices is dcim.choices.CableTypeChoices
    assert CableStatusChoices is dcim.choices.LinkStatusChoices
    assert IPAddressRoleChoices is ipam.choices.IPAddressRoleChoices
    assert IPAddressVersionChoices.VERSION_6 == 6
    assert CoreChoiceSet is UtilitiesChoiceSet is ChoiceSet
    assert VIRTUAL_IFACE_TYPES is dcim.constants.VIRTUAL_IFACE_TYPES
    assert VLAN_VID_MAX == 4094
    # Nautobot's own values where they differ from NetBox's.
    assert (INTERFACE_MTU_MAX, dcim.constants.INTERFACE_MTU_MAX) == (32767, 65536)
    assert (PREFIX_LENGTH_MAX, ipam.constants.PREFIX_LENGTH_MAX) == (128, 127)
    assert PREFIX_ALLOWED_CHILD_TYPES[PrefixTypeChoices.TYPE_NETWORK] == ["pool"]
    assert InterfaceTypeChoices.TYPE_1GE_FIXED in COPPER_TWISTED_PAIR_IFACE_TYPES
    assert InterfaceStatusChoices.STATUS_MAINTENANCE == "maintenance"
    assert InterfaceRedundancyGroupProtocolChoices.HSRP == "hsrp"
    assert (IPAddressTypeChoices.TYPE_HOST, VRFStatusChoices.STATUS_DOWN) == ("host", "down")


# A sample of NetBox's (class, constant, value, label), read from NetBox 4.x's dcim/choices.py and ipam/choices.py.
NETBOX_SAMPLE = [
    ("dcim", "InterfaceTypeChoices", "TYPE_VIRTUAL", "virtual", "Virtual"),
    ("dcim", "InterfaceTypeChoices", "TYPE_BRIDGE", "bridge", "Bridge"),
    ("dcim", "InterfaceTypeChoices", "TYPE_10GE_XFP", "10gbase-x-xfp", "XFP (10GE)"),
    ("dcim", "InterfaceTypeChoices", "TYPE_100GE_QSFP_DD", "100gbase-x-qsfpdd", "QSFP-DD (100GE)"),
    ("dcim", "InterfaceTypeChoices", "TYPE_400GE_OSFP", "400gbase-x-osfp", "OSFP (400GE)"),
    ("dcim", "InterfaceTypeChoices", "TYPE_80211AX", "ieee802.11ax", "IEEE 802.11ax (Wi-Fi 6)"),
    ("dcim", "InterfaceTypeChoices", "TYPE_SONET_OC48", "sonet-oc48", "OC-48/STM-16"),
    ("dcim", "InterfaceTypeChoices", "TYPE_STACKWISE_PLUS", "cisco-stackwise-plus", "Cisco StackWise Plus"),
    ("dcim", "InterfaceTypeChoices", "TYPE_OTHER_WIRELESS", "other-wireless", "Other (Wireless)"),
    ("dcim", "InterfaceModeChoices", "MODE_TAGGED_ALL", "tagged-all", "Tagged (All)"),
    ("dcim", "InterfaceDuplexChoices", "DUPLEX_AUTO", "auto", "Auto"),
    ("dcim", "ConsolePortTypeChoices", "TYPE_RJ45", "rj-45", "RJ-45"),
    ("dcim", "ConsolePortSpeedChoices", "SPEED_9600", 9600, "9600 bps"),
    ("dcim", "PowerPortTypeChoices", "TYPE_IEC_C14", "iec-60320-c14", "C14"),
    ("dcim", "PowerPortTypeChoices", "TYPE_NEMA_L1430P", "nema-l14-30p", "NEMA L14-30P"),
    ("dcim", "PowerOutletTypeChoices", "TYPE_IEC_C13", "iec-60320-c13", "C13"),
    ("dcim", "PowerOutletTypeChoices", "TYPE_CS6360C", "CS6360C", "CS6360C"),
    ("dcim", "PowerOutletFeedLegChoices", "FEED_LEG_B", "B", "B"),
    ("dcim", "CableTypeChoices", "TYPE_CAT6", "cat6", "CAT6"),
    ("dcim", "CableTypeChoices", "TYPE_SMF_OS2", "smf-os2", "Single-mode Fiber (OS2)"),
    ("dcim", "CableTypeChoices", "TYPE_DAC_PASSIVE", "dac-passive", "Direct Attach Copper (Passive)"),
    ("dcim", "LinkStatusChoices", "STATUS_DECOMMISSIONING", "decommissioning", "Decommissioning"),
    ("dcim", "CableLengthUnitChoices", "UNIT_METER", "m", "Meters"),
    ("dcim", "CableEndChoices", "SIDE_A", "A", "A"),
    ("dcim", "WeightUnitChoices", "UNIT_POUND", "lb", "Pounds"),
    ("dcim", "DeviceAirflowChoices", "AIRFLOW_FRONT_TO_REAR", "front-to-rear", "Front to rear"),
    ("ipam", "IPAddressRoleChoices", "ROLE_VIP", "vip", "VIP"),
    ("ipam", "IPAddressRoleChoices", "ROLE_CARP", "carp", "CARP"),
    ("ipam", "IPAddressFamilyChoices", "FAMILY_6", 6, "IPv6"),
    ("ipam", "IPRangeStatusChoices", "STATUS_RESERVED", "reserved", "Reserved"),
    ("ipam", "VLANStatusChoices", "STATUS_DEPRECATED", "deprecated", "Deprecated"),
    ("ipam", "ServiceProtocolChoices", "PROTOCOL_SCTP", "sctp", "SCTP"),
]


@pytest.mark.parametrize(("app", "class_name", "constant", "value", "label"), NETBOX_SAMPLE)
def test_values_and_labels_are_netboxs(app, class_name, constant, value, label):
    choice_set = getattr(importlib.import_module(f"{app}.choices"), class_name)
    assert getattr(choice_set, constant) == value
    assert choice_set.label_of(value) == label


def test_interface_speeds_are_in_kbps_as_netbox_stores_them():
    speeds = dcim.choices.InterfaceSpeedChoices
    assert speeds.SPEED_10G == 10_000_000
    assert (10_000, "10 Mbps") in speeds.CHOICES and (1_600_000_000, "1.6 Tbps") in speeds.CHOICES


def test_the_names_this_project_used_first_keep_their_values():
    t = InterfaceTypeChoices
    assert (t.VIRTUAL, t.LOOPBACK, t.LAG, t.OTHER) == ("virtual", "loopback", "lag", "other")
    assert (t.BASE_T_100M, t.BASE_T_1G, t.SFP_1G, t.BASE_T_10G) == (
        "100base-tx",
        "1000base-t",
        "1000base-x-sfp",
        "10gbase-t",
    )
    assert (t.SFP_PLUS_10G, t.SFP28_25G, t.QSFP_PLUS_40G, t.QSFP28_100G) == (
        "10gbase-x-sfpp",
        "25gbase-x-sfp28",
        "40gbase-x-qsfpp",
        "100gbase-x-qsfp28",
    )
    assert dcim.choices.CableStatusChoices.CONNECTED == "connected"
    assert ipam.choices.IPVersionChoices.V4 == 4


@pytest.mark.parametrize(
    "choice_set",
    [
        dcim.choices.InterfaceTypeChoices,
        dcim.choices.CableTypeChoices,
        dcim.choices.ConsolePortTypeChoices,
        dcim.choices.PowerPortTypeChoices,
        dcim.choices.PowerOutletTypeChoices,
        ipam.choices.IPAddressRoleChoices,
    ],
)
def test_every_value_is_offered_once(choice_set):
    values = choice_set.values()
    assert len(values) == len(set(values))


def test_every_interface_type_constant_is_a_choice():
    constants = {value for name, value in vars(InterfaceTypeChoices).items() if name.startswith("TYPE_")}
    assert constants == set(InterfaceTypeChoices.values())


def test_virtual_and_wireless_types_as_netbox_has_them():
    t = InterfaceTypeChoices
    assert {t.TYPE_VIRTUAL, t.TYPE_BRIDGE, t.TYPE_LAG} <= set(dcim.constants.VIRTUAL_IFACE_TYPES)
    assert set(InterfaceTypeChoices.NON_PHYSICAL) == set(dcim.constants.VIRTUAL_IFACE_TYPES)
    assert {t.TYPE_80211AC, t.TYPE_LTE, t.TYPE_5G} <= set(dcim.constants.WIRELESS_IFACE_TYPES)
    assert not set(dcim.constants.WIRELESS_IFACE_TYPES) & set(t.NON_PHYSICAL)  # wireless is physical
    assert set(dcim.constants.NONCONNECTABLE_IFACE_TYPES) == set(dcim.constants.VIRTUAL_IFACE_TYPES) | set(
        dcim.constants.WIRELESS_IFACE_TYPES
    )


def test_the_cable_rules_job_code_reads_are_those_cable_clean_applies():
    rules = dcim.constants.COMPATIBLE_TERMINATION_TYPES
    assert COMPATIBLE_ENDS["interface"] == tuple(
        rules["interface"]
    )  # Cable.clean() reads the constants' table
    assert rules["interface"] == ["interface", "circuittermination", "frontport", "rearport"]  # NetBox's
    assert rules["powerfeed"] == ["powerport"]


def test_constants_have_netboxs_values():
    assert (dcim.constants.RACK_U_HEIGHT_DEFAULT, dcim.constants.RACK_U_HEIGHT_MAX) == (42, 100)
    assert (dcim.constants.INTERFACE_MTU_MIN, dcim.constants.INTERFACE_MTU_MAX) == (1, 65536)
    assert (dcim.constants.REARPORT_POSITIONS_MIN, dcim.constants.REARPORT_POSITIONS_MAX) == (1, 1024)
    assert (ipam.constants.VLAN_VID_MIN, ipam.constants.VLAN_VID_MAX) == (1, 4094)
    assert (ipam.constants.SERVICE_PORT_MIN, ipam.constants.SERVICE_PORT_MAX) == (1, 65535)
    assert (ipam.constants.IPADDRESS_MASK_LENGTH_MIN, ipam.constants.IPADDRESS_MASK_LENGTH_MAX) == (1, 128)
    assert (ipam.constants.BGP_ASN_MIN, ipam.constants.BGP_ASN_MAX) == (1, 4294967295)
    assert (
        "vip" in ipam.constants.IPADDRESS_ROLES_NONUNIQUE
        and "loopback" not in ipam.constants.IPADDRESS_ROLES_NONUNIQUE
    )


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("type_", "virtual", "wireless", "cabled"),
    [
        (InterfaceTypeChoices.TYPE_BRIDGE, True, False, False),
        (InterfaceTypeChoices.TYPE_LAG, True, False, False),
        (InterfaceTypeChoices.TYPE_80211AX, False, True, False),
        (InterfaceTypeChoices.TYPE_10GE_XFP, False, False, True),
    ],
)
def test_an_interface_knows_whether_it_is_virtual_wireless_or_takes_a_cable(type_, virtual, wireless, cabled):
    interface = f.InterfaceFactory(type=type_)
    assert (interface.is_virtual, interface.is_wireless, interface.can_be_cabled) == (
        virtual,
        wireless,
        cabled,
    )
    assert interface.is_wired is cabled
    assert interface.is_lag is (type_ == InterfaceTypeChoices.TYPE_LAG)


@pytest.mark.django_db
def test_a_wireless_interface_takes_no_cable():
    radio = f.InterfaceFactory(type=InterfaceTypeChoices.TYPE_80211AC)
    cable = Cable(termination_a=radio, termination_b=f.InterfaceFactory())
    with pytest.raises(ValidationError) as raised:
        cable.full_clean()
    assert "termination_a_id" in raised.value.message_dict


@pytest.mark.django_db
def test_the_api_takes_a_newly_added_interface_type(admin_api):
    device = f.DeviceFactory()
    response = admin_api.post(
        "/api/dcim/interfaces/",
        {"device": str(device.pk), "name": "xe-0/0/0", "type": InterfaceTypeChoices.TYPE_10GE_XFP},
        format="json",
    )
    assert response.status_code == 201, response.json()
    assert response.json()["type"] == {"value": "10gbase-x-xfp", "label": "XFP (10GE)"}
    listed = admin_api.get("/api/dcim/interfaces/", {"type": InterfaceTypeChoices.TYPE_10GE_XFP}).json()
    assert [row["name"] for row in listed["results"]] == ["xe-0/0/0"]


@pytest.mark.django_db
def test_the_add_form_takes_a_newly_added_interface_type(admin_client):
    device = f.DeviceFactory()
    response = admin_client.post(
        "/dcim/interfaces/add/",
        {
            "device": device.pk,
            "name": "xe-0/0/1",
            "type": InterfaceTypeChoices.TYPE_10GE_XFP,
            "enabled": "on",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    assert device.interfaces.get(name="xe-0/0/1").type == "10gbase-x-xfp"


def test_a_choice_set_serves_as_choices_as_netbox_and_nautobot_sets_do():
    variable = ChoiceVar(choices=InterfaceTypeChoices)
    assert ("10gbase-x-xfp", "XFP (10GE)") in variable.choices

    class ConnectorChoices(ChoiceSet):  # a job's own set, grouped as Nautobot's docs show
        CHOICES = (("Copper", (("rj45", "RJ-45"),)), ("Fibre", (("lc", "LC"), ("sc", "SC"))))

    assert ConnectorChoices.values() == ["rj45", "lc", "sc"]
    assert ConnectorChoices.as_dict() == {"rj45": "RJ-45", "lc": "LC", "sc": "SC"}
    assert ConnectorChoices.label_of("sc") == "SC"


def test_a_netbox_scripts_own_choice_set_with_colours_works():
    from utilities.choices import ChoiceSet as NetBoxChoiceSet

    class RackHealthChoices(NetBoxChoiceSet):
        HEALTHY = "healthy"
        DEGRADED = "degraded"
        CHOICES = [(HEALTHY, "Healthy", "green"), (DEGRADED, "Degraded", "orange")]

    assert list(RackHealthChoices) == [("healthy", "Healthy"), ("degraded", "Degraded")]
    assert RackHealthChoices.as_choices() == [("healthy", "Healthy"), ("degraded", "Degraded")]
    assert RackHealthChoices.values() == ["healthy", "degraded"]
    assert ChoiceVar(choices=RackHealthChoices).choices == [("healthy", "Healthy"), ("degraded", "Degraded")]


@pytest.mark.parametrize(
    ("module", "expected"),
    [
        ("dcim.constants", {"VIRTUAL_IFACE_TYPES", "RACK_U_HEIGHT_DEFAULT", "LOCATION_SCOPE_TYPES"}),
        ("ipam.constants", {"VLAN_VID_MAX", "IPADDRESS_ROLES_NONUNIQUE"}),
        ("nautobot.dcim.constants", {"VIRTUAL_IFACE_TYPES", "COPPER_TWISTED_PAIR_IFACE_TYPES"}),
        ("nautobot.ipam.constants", {"PREFIX_ALLOWED_PARENT_TYPES", "BGP_ASN_MAX"}),
        ("nautobot.dcim.choices", {"InterfaceTypeChoices", "InterfaceStatusChoices", "CableStatusChoices"}),
    ],
)
def test_a_star_import_brings_the_constants_and_no_names_of_this_projects_own(module, expected):
    namespace: dict = {}
    exec(f"from {module} import *", namespace)  # as `from dcim.constants import *` in a NetBox script
    assert expected <= set(namespace)
    assert not {"Types", "Roles", "PrefixTypes"} & set(namespace)


@pytest.mark.django_db
def test_the_list_and_detail_pages_show_a_newly_added_types_label(admin_client):
    interface = f.InterfaceFactory(name="xe-0/0/2", type=InterfaceTypeChoices.TYPE_10GE_XFP)
    assert "XFP (10GE)" in admin_client.get("/dcim/interfaces/").content.decode()
    assert "XFP (10GE)" in admin_client.get(interface.get_absolute_url()).content.decode()
