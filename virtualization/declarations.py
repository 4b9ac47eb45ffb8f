"""Virtualization's models, each declared once: pages, API, filters, search and menu follow (core/declarations)."""

from __future__ import annotations

from core.declarations import Related, add_related, declare, nested
from core.tables import Column
from dcim import declarations as dcim_declarations  # noqa: F401 - the pages virtualization adds its lists to
from dcim.declarations.ports import SWITCHPORT_API, SWITCHPORT_FIELDS
from dcim.filters import SwitchportFilterSet
from ipam import declarations as ipam_declarations  # noqa: F401 - addresses, shown on VM interfaces
from virtualization.forms import VirtualMachineFormBase
from virtualization.models import Cluster, ClusterGroup, ClusterType, VirtualMachine, VMInterface

NAMED = ("name", "slug", "description")

for model in (ClusterType, ClusterGroup):
    declare(
        model,
        menu="Virtualization",
        columns=NAMED,
        related=(Related("Clusters", "virtualization.cluster", model._meta.model_name[len("cluster") :]),),
        filters=("name", "slug"),
        search_fields=NAMED,
        form_fields=NAMED,
        api_fields=NAMED,
    )

CLUSTER_FIELDS = ("name", "type", "group", "status", "tenant", "site", "location", "comments")
declare(
    Cluster,
    queryset=Cluster.objects.select_related("type", "group", "status", "tenant", "site", "location"),
    menu="Virtualization",
    columns=("name", "type", "group", "status", "tenant", "site"),
    detail=CLUSTER_FIELDS,
    related=(
        # Devices name their cluster (Device.cluster) but dcim declares no filter for it.
        Related("Hosts", "dcim.device", "cluster", filter_param=None),
        Related("Virtual machines", "virtualization.virtualmachine", "cluster"),
    ),
    filters=(
        "name",
        "type",
        "group",
        "cluster_type=type",
        "cluster_group=group",
        "status",
        "tenant",
        "tenant_group=tenant__group",
        "site",
        "region=site__region",
        "location",
    ),
    list_filters=("type", "group", "status", "site"),
    search_fields=("name", "comments"),
    form_fields=CLUSTER_FIELDS,
    api_fields=CLUSTER_FIELDS,
    brief_fields=("name",),
)

VM_FIELDS = (
    "name",
    "cluster",
    "site",
    "status",
    "role",
    "tenant",
    "platform",
    "vcpus",
    "memory",
    "disk",
    "primary_ip4",
    "primary_ip6",
    "comments",
)
declare(
    VirtualMachine,
    queryset=VirtualMachine.objects.select_related(
        "cluster", "site", "status", "role", "tenant", "platform", "primary_ip4", "primary_ip6"
    ),
    menu="Virtualization",
    columns=(
        "name",
        "status",
        "cluster",
        "site",
        "role",
        "tenant",
        "vcpus",
        "memory",
        "disk",
        Column("primary_ip", label="Primary IP", link=True, order_by=""),
    ),
    detail=VM_FIELDS,
    related=(Related("Interfaces", "virtualization.vminterface", "virtual_machine"),),
    filters=(
        "name",
        "cluster",
        "cluster_type=cluster__type",
        "cluster_group=cluster__group",
        "site",
        "region=site__region",
        "status",
        "role",
        "platform",
        "tenant",
        "tenant_group=tenant__group",
        "vcpus",
        "memory",
        "disk",
    ),
    list_filters=("cluster", "status", "site", "role"),
    search_fields=("name", "comments"),
    form_fields=tuple(name for name in VM_FIELDS if name != "site"),
    form_base=VirtualMachineFormBase,
    bulk_edit_fields=("status", "role", "tenant", "platform", "vcpus", "memory", "disk"),
    api_fields=(*VM_FIELDS[:-1], "primary_ip", "comments"),
    api_extra={
        "primary_ip": nested(
            "ipam.ipaddress", read_only=True, allow_null=True, help_text="IPv6 if set, else IPv4."
        ),
    },
    brief_fields=("name",),
)

VM_INTERFACE_FIELDS = (
    "virtual_machine",
    "name",
    "enabled",
    "status",
    "mtu",
    "mac_address",
    "parent",
    "bridge",
    *SWITCHPORT_FIELDS,
    "description",
)
declare(
    VMInterface,
    queryset=VMInterface.objects.select_related(
        "virtual_machine", "status", "parent", "bridge", "untagged_vlan"
    ),
    api_queryset=VMInterface.objects.select_related(
        "virtual_machine", "status", "parent", "bridge", "untagged_vlan"
    ).prefetch_related("tagged_vlans"),
    menu="Virtualization",
    columns=("name", "virtual_machine", "enabled", "mtu", "mac_address", "parent", "mode", "description"),
    detail=tuple(name for name in VM_INTERFACE_FIELDS if name != "tagged_vlans"),  # a panel lists them
    related=(
        Related("IP addresses", "ipam.ipaddress", "assigned_vm_interface", filter_param="vminterface_id"),
        Related("Child interfaces", "virtualization.vminterface", "parent"),
    ),
    filters=(
        "name",
        "virtual_machine",
        "cluster=virtual_machine__cluster",
        "enabled",
        "status",
        "mtu",
        "mac_address",
        "parent",
        "bridge",
        "mode",
        "untagged_vlan",
    ),
    list_filters=("virtual_machine", "enabled"),
    search_fields=("name", "description", "mac_address", "virtual_machine__name"),
    filterset_base=SwitchportFilterSet,
    form_fields=VM_INTERFACE_FIELDS,
    api_fields=VM_INTERFACE_FIELDS,
    api_extra=SWITCHPORT_API,
)

# A device's page lists the cluster it hosts VMs for; a site's the clusters and VMs there.
add_related("dcim.site", Related("Clusters", "virtualization.cluster", "site"))
add_related("dcim.site", Related("Virtual machines", "virtualization.virtualmachine", "site"))
add_related("dcim.platform", Related("Virtual machines", "virtualization.virtualmachine", "platform"))
add_related("virtualization.virtualmachine", Related("Services", "ipam.service", "virtual_machine"))
add_related(
    "virtualization.vminterface",
    Related("Tagged VLANs", "ipam.vlan", "vminterfaces_as_tagged", filter_param=None),
)
