"""Virtual machines and their interfaces: a VM runs in a cluster (whose site it is at) and its interfaces take
addresses as a device's do (`vminterface.add_ip_addresses()`, `IPAddress.assigned_object`)."""

from __future__ import annotations

from decimal import Decimal

import netaddr
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q

from core.models import BaseModel, ChangeLoggedMixin, DefaultStatusMixin, InventoryMixin
from dcim.models.devices import RelatedAlias
from dcim.models.organization import status_field
from dcim.models.ports import AddressableInterfaceMixin, SwitchportMixin
from tenancy.models import tenant_field
from virtualization.models.clusters import Cluster

VIRTUAL_MACHINE_MODEL = {
    "content_types__app_label": "virtualization",
    "content_types__model": "virtualmachine",
}


class VirtualMachine(DefaultStatusMixin, ChangeLoggedMixin, InventoryMixin, BaseModel):
    """A virtual machine running in a cluster; its site is the cluster's (NetBox 3.x), its location read through
    the cluster (Nautobot 2.x)."""

    name = models.CharField(max_length=64)
    cluster = models.ForeignKey(Cluster, on_delete=models.PROTECT, related_name="virtual_machines")
    # Filled from the cluster when left out; one that differs from the cluster's is refused.
    site = models.ForeignKey(
        "dcim.Site", on_delete=models.PROTECT, null=True, blank=True, related_name="virtual_machines"
    )
    role = models.ForeignKey(
        "dcim.Role",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="virtual_machines",
        limit_choices_to=VIRTUAL_MACHINE_MODEL,
        error_messages={
            "invalid": "This role does not apply to virtual machines "
            "(virtualization.virtualmachine is not among its content types)."
        },
    )
    platform = models.ForeignKey(
        "dcim.Platform", on_delete=models.SET_NULL, null=True, blank=True, related_name="virtual_machines"
    )
    tenant = tenant_field("virtual_machines")
    status = status_field("virtualization.virtualmachine", related_name="virtual_machines")
    vcpus = models.DecimalField(
        max_digits=6,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal("0.01"))],
        verbose_name="vCPUs",
    )
    memory = models.PositiveIntegerField(null=True, blank=True, verbose_name="memory (MB)")
    disk = models.PositiveIntegerField(null=True, blank=True, verbose_name="disk (GB)")
    primary_ip4 = models.ForeignKey(
        "ipam.IPAddress",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="primary IPv4",
    )
    primary_ip6 = models.ForeignKey(
        "ipam.IPAddress",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="primary IPv6",
    )
    comments = models.TextField(blank=True)

    class Meta:
        ordering = ["name"]
        verbose_name = "virtual machine"
        constraints = [
            models.UniqueConstraint(
                fields=["cluster", "tenant", "name"],
                name="virtualization_virtualmachine_unique_cluster_tenant_name",
                violation_error_message="A virtual machine with this name already exists in the cluster.",
            ),
            # NULL tenants never clash in the constraint above: VMs without a tenant need their own.
            models.UniqueConstraint(
                fields=["cluster", "name"],
                condition=Q(tenant__isnull=True),
                name="virtualization_virtualmachine_unique_cluster_name",
                violation_error_message="A virtual machine with this name already exists in the cluster.",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    vm_interfaces = RelatedAlias("interfaces")

    @property
    def location(self):
        """Nautobot 2.x: the cluster's location."""
        return self.cluster.location if self.cluster_id else None

    @property
    def primary_ip(self):
        """The primary address, IPv6 preferred when both are set."""
        return self.primary_ip6 or self.primary_ip4

    def fill_site(self) -> None:
        if self.site_id is None and self.cluster_id is not None:
            self.site_id = self.cluster.site_id

    def full_clean(self, *args, **kwargs) -> None:
        self.fill_site()
        super().full_clean(*args, **kwargs)

    def save(self, *args, **kwargs) -> None:
        self.fill_site()
        super().save(*args, **kwargs)

    def clean(self) -> None:
        super().clean()
        errors = {}
        if self.cluster_id is not None and self.site_id is not None and self.cluster.site_id != self.site_id:
            errors["site"] = (
                f"The cluster {self.cluster} is at {self.cluster.site or 'no site'}, not at {self.site}."
            )
        for field_name, version in (("primary_ip4", 4), ("primary_ip6", 6)):
            address = getattr(self, field_name)
            if address is None:
                continue
            if address.ip_version != version:
                errors[field_name] = f"{address} is not an IPv{version} address."
            elif (
                address.assigned_vm_interface_id is None
                or address.assigned_vm_interface.virtual_machine_id != self.pk
            ):
                errors[field_name] = f"{address} is not assigned to an interface of this virtual machine."
        if errors:
            raise ValidationError(errors)


def mac_address_validator(value: str) -> None:
    if not netaddr.valid_mac(value):
        raise ValidationError(f"{value!r} is not a MAC address.")


class VMInterface(
    DefaultStatusMixin,
    AddressableInterfaceMixin,
    ChangeLoggedMixin,
    InventoryMixin,
    BaseModel,
    SwitchportMixin,
):
    """A virtual machine's network interface; addresses are assigned to it as to a device's interface."""

    changelog_related_field = "virtual_machine"  # its changes show in its VM's change log too

    virtual_machine = models.ForeignKey(VirtualMachine, on_delete=models.CASCADE, related_name="interfaces")
    name = models.CharField(max_length=64)
    enabled = models.BooleanField(default=True)
    # Nautobot 2.x gives interfaces a status; NetBox none (optional here, "active" when left out).
    status = status_field("virtualization.vminterface", related_name="vm_interfaces", required=False)
    mtu = models.PositiveIntegerField(
        null=True, blank=True, validators=[MinValueValidator(1), MaxValueValidator(65536)], verbose_name="MTU"
    )
    mac_address = models.CharField(
        max_length=18, blank=True, validators=[mac_address_validator], verbose_name="MAC address"
    )
    # NetBox names it `parent`; Nautobot 2.x `parent_interface` (a property below).
    parent = models.ForeignKey(
        "self", on_delete=models.SET_NULL, null=True, blank=True, related_name="child_interfaces"
    )
    bridge = models.ForeignKey(
        "self", on_delete=models.SET_NULL, null=True, blank=True, related_name="bridge_interfaces"
    )
    description = models.CharField(max_length=200, blank=True)

    class Meta:
        ordering = ["virtual_machine__name", "name"]
        verbose_name = "VM interface"
        constraints = [
            models.UniqueConstraint(
                fields=["virtual_machine", "name"], name="virtualization_vminterface_unique_vm_name"
            )
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def display(self) -> str:
        """The interface named together with its VM, e.g. "web-01 \u203a eth0" (the API's `display`)."""
        return f"{self.virtual_machine} \u203a {self.name}"

    bridged_interfaces = RelatedAlias("bridge_interfaces")  # Nautobot 2.x's name

    def switchport_site(self):
        """The VM's site (its cluster's when the VM names none)."""
        machine = self.virtual_machine if self.virtual_machine_id is not None else None
        if machine is None:
            return None
        return machine.site or (machine.cluster.site if machine.cluster_id is not None else None)

    @property
    def parent_interface(self) -> VMInterface | None:
        return self.parent

    @parent_interface.setter
    def parent_interface(self, value: VMInterface | None) -> None:
        self.parent = value

    def save(self, *args, **kwargs) -> None:
        if self.mac_address and netaddr.valid_mac(self.mac_address):
            self.mac_address = str(netaddr.EUI(self.mac_address, dialect=netaddr.mac_unix_expanded)).upper()
        super().save(*args, **kwargs)

    def clean(self) -> None:
        super().clean()
        errors = {}
        for field_name in ("parent", "bridge"):
            other = getattr(self, field_name)
            if other is None:
                continue
            if other.pk == self.pk:
                errors[field_name] = "An interface cannot be its own " + field_name + "."
            elif other.virtual_machine_id != self.virtual_machine_id:
                errors[field_name] = f"The {field_name} interface {other} belongs to another virtual machine."
        if errors:
            raise ValidationError(errors)
