"""Ports on a device: interfaces, console and power ports and outlets, front and rear ports; each holds at most
one cable."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models

from core.models import BaseModel, ChangeLoggedMixin, InventoryMixin
from dcim.choices import InterfaceModeChoices, InterfaceTypeChoices, PortTypeChoices
from dcim.constants import NONCONNECTABLE_IFACE_TYPES, VIRTUAL_IFACE_TYPES, WIRELESS_IFACE_TYPES
from dcim.models.cable_ends import CableEnd


class PortBase(CableEnd, ChangeLoggedMixin, InventoryMixin, BaseModel):
    """What every port shares: a name unique on its device, and the cable plugged into it (CableEnd)."""

    changelog_related_field = "device"  # a port's changes show in its device's change log too

    device = models.ForeignKey("dcim.Device", on_delete=models.CASCADE, related_name="%(class)ss")
    # The module of the device that brings this port, if any (NetBox's modular components): it goes with it.
    module = models.ForeignKey(
        "dcim.Module", on_delete=models.CASCADE, null=True, blank=True, related_name="%(class)ss"
    )
    name = models.CharField(max_length=64)
    label = models.CharField(
        max_length=64, blank=True, help_text="Physical label, if it differs from the name."
    )
    description = models.CharField(max_length=200, blank=True)

    class Meta:
        abstract = True
        ordering = ["device__name", "name"]
        constraints = [
            models.UniqueConstraint(fields=["device", "name"], name="dcim_%(class)s_unique_device_name")
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def display(self) -> str:
        """The port named together with its device, e.g. "edge-1 \u203a Gi0/1" (the API's `display`)."""
        return f"{self.device} \u203a {self.name}"

    def clean(self) -> None:
        super().clean()
        if (
            self.module_id is not None
            and self.device_id is not None
            and self.module.device_id != self.device_id
        ):
            raise ValidationError({"module": f"Module {self.module} is installed in another device."})


# The 802.1Q modes an interface may take here (NetBox's and Nautobot's, Q-in-Q aside: no service VLANs here).
SWITCHPORT_MODES = tuple(
    (value, label)
    for value, label in InterfaceModeChoices.CHOICES
    if value != InterfaceModeChoices.MODE_Q_IN_Q
)


def pending_many_to_many(instance: models.Model) -> dict:
    """The many-to-many values a form or serializer validates along with `instance` (set before its full_clean)."""
    return getattr(instance, "_pending_many_to_many", None) or {}


def switchport_mode_choices() -> tuple[tuple[str, str], ...]:
    return SWITCHPORT_MODES


class SwitchportMixin(models.Model):
    """An interface's 802.1Q mode and VLANs (a device's Interface, a VM's VMInterface), with NetBox's rules:
    an untagged VLAN needs a mode, tagged VLANs need "tagged" mode, each VLAN is at the interface's site or
    global; clearing the mode clears the VLANs (save)."""

    mode = models.CharField(
        max_length=50,
        blank=True,
        choices=switchport_mode_choices,
        help_text="802.1Q mode (access, tagged...).",
    )
    untagged_vlan = models.ForeignKey(
        "ipam.VLAN",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="%(class)ss_as_untagged",
        verbose_name="untagged VLAN",
    )
    tagged_vlans = models.ManyToManyField(
        "ipam.VLAN", blank=True, related_name="%(class)ss_as_tagged", verbose_name="tagged VLANs"
    )

    class Meta:
        abstract = True

    def save(self, *args, **kwargs) -> None:
        if not self.mode:
            self.untagged_vlan = None
        super().save(*args, **kwargs)
        # Only tagged mode lists its VLANs ("tagged-all" carries them all).
        if self.mode != InterfaceModeChoices.MODE_TAGGED and self.tagged_vlans.exists():
            self.tagged_vlans.clear()

    def clean(self) -> None:
        super().clean()
        # The tagged VLANs a form or the API is about to set (many-to-many values wait for the save).
        errors = self.vlan_errors(pending_many_to_many(self).get("tagged_vlans"))
        if errors:
            raise ValidationError(errors)

    def switchport_site(self):
        """The site a VLAN of this interface must be at (or be global): its device's or VM's."""
        raise NotImplementedError

    def vlan_errors(self, tagged_vlans=None) -> dict[str, str]:
        """Why the untagged VLAN and the tagged VLANs about to be set (`tagged_vlans`; None: none are being
        set) do not go with the mode and site. VLANs left by a mode change are no error: save() clears them."""
        errors: dict[str, str] = {}
        site = self.switchport_site()
        vlan = self.untagged_vlan if self.mode else None
        if vlan is not None and vlan.available_site not in (None, site):
            errors["untagged_vlan"] = (
                f"The untagged VLAN {vlan} is at site {vlan.available_site}: it must be at the interface's "
                f"site ({site}) or global."
            )
        tagged_vlans = list(tagged_vlans or ())
        if tagged_vlans and self.mode != InterfaceModeChoices.MODE_TAGGED:
            mode = f'"{self.mode}"' if self.mode else "unset"
            errors["tagged_vlans"] = f'Tagged VLANs need the "tagged" mode (the mode is {mode}).'
        elif tagged_vlans:
            foreign = [vlan for vlan in tagged_vlans if vlan.available_site not in (None, site)]
            if foreign:
                names = ", ".join(str(vlan) for vlan in foreign)
                errors["tagged_vlans"] = (
                    f"Tagged VLANs must be at the interface's site ({site}) or global: {names} are not."
                )
        return errors


class AddressableInterfaceMixin:
    """Nautobot 2.x's `interface.add_ip_addresses()` / `remove_ip_addresses()`, for every interface model that
    addresses are assigned to (a device's Interface, a virtual machine's VMInterface): the interface's side of
    `IPAddress.assigned_object`. Each address is saved (and change-logged) on its own."""

    def add_ip_addresses(self, ip_addresses) -> int:
        """Put the address(es) on this interface (moving them from any other); returns how many."""
        return _assign(ip_addresses, self)

    def remove_ip_addresses(self, ip_addresses) -> int:
        """Take the address(es) off this interface; returns how many were on it."""
        # The address's own foreign key to this interface model (`assigned_interface_id`...).
        column = self._meta.get_field("ip_addresses").field.attname
        on_this = [address for address in _as_list(ip_addresses) if getattr(address, column) == self.pk]
        return _assign(on_this, None)


def _assign(ip_addresses, interface) -> int:
    addresses = _as_list(ip_addresses)
    for address in addresses:
        address.assigned_object = interface
        address.validated_save()
    return len(addresses)


def _as_list(items) -> list:
    return list(items) if isinstance(items, list | tuple | set | models.QuerySet) else [items]


class Interface(AddressableInterfaceMixin, PortBase, SwitchportMixin):
    """A network interface, physical or virtual (loopbacks, LAGs and SVIs are interfaces too)."""

    type = models.CharField(max_length=50, choices=InterfaceTypeChoices.as_choices)
    enabled = models.BooleanField(default=True)
    mgmt_only = models.BooleanField(
        default=False, verbose_name="management only", help_text="Used only for out-of-band management."
    )

    def switchport_site(self):
        return self.device.site if self.device_id is not None else None

    @property
    def can_be_cabled(self) -> bool:
        """Virtual and wireless interfaces take no cable (NetBox's NONCONNECTABLE_IFACE_TYPES)."""
        return self.type not in NONCONNECTABLE_IFACE_TYPES

    @property
    def is_virtual(self) -> bool:
        return self.type in VIRTUAL_IFACE_TYPES

    @property
    def is_wireless(self) -> bool:
        return self.type in WIRELESS_IFACE_TYPES

    @property
    def is_wired(self) -> bool:
        return not self.is_virtual and not self.is_wireless

    @property
    def is_lag(self) -> bool:
        return self.type == InterfaceTypeChoices.TYPE_LAG

    @property
    def is_bridge(self) -> bool:
        return self.type == InterfaceTypeChoices.TYPE_BRIDGE


class ConsolePort(PortBase):
    """A console (serial) port on a device, cabled to a console server port."""


class ConsoleServerPort(PortBase):
    """A port on a console server that provides console access to another device."""


class PowerPort(PortBase):
    """A power inlet (power supply) of a device, cabled to a power outlet."""


class PowerOutlet(PortBase):
    """A power outlet (of a PDU, say) that feeds a power port."""


# A rear port carries 1 to 1024 positions (the strands of a trunk), each reached through one front port.
POSITIONS = (MinValueValidator(1), MaxValueValidator(1024))


class RearPort(PortBase):
    """The back of a pass-through port (a patch panel's trunk side): its front ports map onto its positions."""

    type = models.CharField(max_length=50, choices=PortTypeChoices.as_choices)
    positions = models.PositiveSmallIntegerField(
        default=1, validators=POSITIONS, help_text="The number of front ports that may map to this port."
    )

    def clean(self) -> None:
        super().clean()
        if self.pk is None or self.positions is None:
            return
        used = self.frontports.aggregate(models.Max("rear_port_position"))["rear_port_position__max"]
        if used is not None and used > self.positions:
            raise ValidationError(
                {"positions": f"A front port maps to position {used}: at least {used} positions are needed."}
            )


class FrontPort(PortBase):
    """The front of a pass-through port, mapped to one position of a rear port of the same device."""

    type = models.CharField(max_length=50, choices=PortTypeChoices.as_choices)
    rear_port = models.ForeignKey(RearPort, on_delete=models.CASCADE, related_name="frontports")
    rear_port_position = models.PositiveSmallIntegerField(
        default=1, validators=POSITIONS, help_text="The position of the rear port this front port maps to."
    )

    class Meta(PortBase.Meta):
        constraints = [
            *PortBase.Meta.constraints,
            models.UniqueConstraint(
                fields=["rear_port", "rear_port_position"], name="dcim_frontport_unique_rear_port_position"
            ),
        ]

    def clean(self) -> None:
        super().clean()
        check_rear_port_mapping(self, "device")


def check_rear_port_mapping(front, owner: str) -> None:
    """A front port (or its template) maps to a rear port of the same device (or type), within its positions."""
    if front.rear_port_id is None:
        return
    rear = front.rear_port
    if getattr(rear, f"{owner}_id") != getattr(front, f"{owner}_id"):
        raise ValidationError(
            {"rear_port": f"Rear port {rear} belongs to another {rear._meta.get_field(owner).verbose_name}."}
        )
    if front.rear_port_position is not None and front.rear_port_position > rear.positions:
        raise ValidationError(
            {
                "rear_port_position": f"Rear port {rear} has {rear.positions} position(s); "
                f"{front.rear_port_position} is not one of them."
            }
        )
