"""Prefixes and IP addresses, declared once: pages, API, filters, search and menu follow (core/declarations)."""

from __future__ import annotations

from core.declarations import Related, add_related, declare, nested
from core.tables import Column
from dcim import declarations as dcim_declarations  # noqa: F401 - the pages IPAM adds its lists to
from ipam.api.fields import AddressRoleField, IPAddressWithMaskField, IPNetworkField
from ipam.api.views import PrefixViewSet
from ipam.filters import IPAddressFilterSetBase, PrefixFilterSetBase
from ipam.forms import IPAddressFormBase, PrefixFormBase
from ipam.models import IPAddress, Prefix

prefixes = Prefix.objects.select_related("status", "role", "site", "tenant", "vlan", "vrf", "namespace")
ip_addresses = IPAddress.objects.select_related(
    "status",
    "role",
    "tenant",
    "vrf",
    "namespace",
    "assigned_interface__device",
    "assigned_vm_interface__virtual_machine",
)
# A VRF and namespace of a prefix or address (ipam/models/vrfs.py); a namespace left out is the Global one.
VRF_API_EXTRA = {"namespace": nested("ipam.namespace", required=False)}

declare(
    Prefix,
    queryset=prefixes,
    menu="IPAM",
    columns=(
        Column("prefix", link=True, order_by="network"),
        "status",
        "vrf",
        "site",
        "tenant",
        "description",
    ),
    detail=(
        "prefix",
        Column("ip_version", label="IP version"),
        "status",
        "role",
        "vrf",
        "namespace",
        "site",
        "vlan",
        "tenant",
        Column("get_parent", label="Parent prefix", link=True),
        "description",
    ),
    related=(
        Related(
            "Child prefixes",
            "ipam.prefix",
            lambda prefix: {
                "network__gte": prefix.network,
                "broadcast__lte": prefix.broadcast,
                "prefix_length__gt": prefix.prefix_length,
                **prefix.child_scope(),
            },
            filter_param="within",
            filter_value=lambda prefix: prefix.prefix,
        ),
        Related(
            "IP addresses",
            "ipam.ipaddress",
            lambda prefix: {
                "host__gte": prefix.network,
                "host__lte": prefix.broadcast,
                **prefix.child_scope(),
            },
            filter_param="parent",
            filter_value=lambda prefix: prefix.prefix,
        ),
    ),
    filters=(
        "ip_version",
        "prefix_length",
        "site",
        "vlan",
        "status",
        "role",
        "vrf",
        "namespace",
        "tenant",
        "tenant_group=tenant__group",
    ),
    list_filters=("status", "vrf", "site", "tenant"),
    search_fields=("description",),
    filterset_base=PrefixFilterSetBase,
    form_fields=("prefix", "status", "role", "vrf", "namespace", "site", "vlan", "tenant", "description"),
    form_base=PrefixFormBase,
    api_fields=(
        "prefix",
        "ip_version",
        "prefix_length",
        "status",
        "role",
        "vrf",
        "namespace",
        "site",
        "vlan",
        "tenant",
        "description",
    ),
    api_extra={
        "prefix": IPNetworkField(help_text='The network, e.g. "10.0.0.0/24" (host bits must be zero).'),
        **VRF_API_EXTRA,
    },
    brief_fields=("prefix",),
    viewset_base=PrefixViewSet,  # adds available-ips and available-prefixes
)

declare(
    IPAddress,
    queryset=ip_addresses,
    api_queryset=ip_addresses.with_parent_annotations(),
    menu="IPAM",
    columns=(
        Column("address", label="Address", link=True, order_by="host"),
        "status",
        "vrf",
        "dns_name",
        Column(
            "assigned_interface.device",
            label="Device",
            link=True,
            order_by="assigned_interface__device__name",
        ),
        Column("assigned_interface", label="Interface", link=True, order_by="assigned_interface__name"),
        Column(
            "assigned_vm_interface.virtual_machine",
            label="Virtual machine",
            link=True,
            order_by="assigned_vm_interface__virtual_machine__name",
        ),
        "description",
    ),
    detail=(
        "address",
        Column("ip_version", label="IP version"),
        "status",
        "role",
        "vrf",
        "namespace",
        "tenant",
        "dns_name",
        Column("assigned_interface.device", label="Device", link=True),
        Column("assigned_interface", label="Interface", link=True),
        Column("assigned_vm_interface.virtual_machine", label="Virtual machine", link=True),
        Column("assigned_vm_interface", label="VM interface", link=True),
        Column("parent", label="Parent prefix", link=True),
        "description",
    ),
    filters=(
        "ip_version",
        "mask_length",
        "dns_name",
        "status",
        "role",
        "vrf",
        "namespace",
        "assigned_interface",
        "assigned_vm_interface",
        # NetBox's names of the VM side (virtualization names the relation; ipam imports none of it).
        "vminterface=assigned_vm_interface",
        "virtual_machine=assigned_vm_interface__virtual_machine",
        "tenant",
        "tenant_group=tenant__group",
    ),
    list_filters=("status", "vrf", "tenant"),
    search_fields=("dns_name", "description"),
    filterset_base=IPAddressFilterSetBase,
    form_fields=(
        "address",
        "status",
        "role",
        "vrf",
        "namespace",
        "tenant",
        "dns_name",
        "assigned_interface",
        "assigned_vm_interface",
        "description",
    ),
    form_base=IPAddressFormBase,
    api_fields=(
        "address",
        "ip_version",
        "mask_length",
        "status",
        "role",
        "vrf",
        "namespace",
        "tenant",
        "dns_name",
        "assigned_interface",
        "assigned_vm_interface",
        "parent",
        "description",
    ),
    api_extra={
        "address": IPAddressWithMaskField(help_text='The address with its mask, e.g. "10.0.0.1/24".'),
        "role": AddressRoleField(help_text='A role, as its value ("loopback"), name or id.'),
        "parent": nested(
            "ipam.prefix", read_only=True, allow_null=True, help_text="Most specific containing prefix."
        ),
        **VRF_API_EXTRA,
    },
    brief_fields=("address",),
)

# Addresses and prefixes on the inventory's pages: the inventory (dcim) knows nothing of IPAM.
add_related("dcim.site", Related("Prefixes", "ipam.prefix", "site"))
add_related(
    "dcim.device",
    Related("IP addresses", "ipam.ipaddress", "assigned_interface__device", filter_param="device_id"),
)
add_related("dcim.interface", Related("IP addresses", "ipam.ipaddress", "assigned_interface"))
