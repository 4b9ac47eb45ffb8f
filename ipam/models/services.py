"""Service: a TCP/UDP/SCTP service (ssh, https…) a device or a virtual machine offers, on which ports and
addresses, named as NetBox and Nautobot 2.x name it."""

from __future__ import annotations

from django.contrib.postgres.fields import ArrayField
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models

from core.models import BaseModel, ChangeLoggedMixin, InventoryMixin, RestrictedQuerySet
from ipam.choices import ServiceProtocolChoices

PORT_MIN, PORT_MAX = 1, 65535


def _netbox_names(kwargs: dict) -> dict:
    """Nautobot 2.x's `ip_addresses` lookups (`ip_addresses=ip`, `ip_addresses__host=...`) as `ipaddresses`."""
    return {
        ("ipaddresses" + key[len("ip_addresses") :] if key.split("__")[0] == "ip_addresses" else key): value
        for key, value in kwargs.items()
    }


class ServiceQuerySet(RestrictedQuerySet):
    def filter(self, *args, **kwargs):
        return super().filter(*args, **_netbox_names(kwargs))

    def exclude(self, *args, **kwargs):
        return super().exclude(*args, **_netbox_names(kwargs))


class Service(ChangeLoggedMixin, InventoryMixin, BaseModel):
    """A service on a device or on a virtual machine (one of the two), listening on `ports`."""

    device = models.ForeignKey(
        "dcim.Device", on_delete=models.CASCADE, null=True, blank=True, related_name="services"
    )
    virtual_machine = models.ForeignKey(
        "virtualization.VirtualMachine",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="services",
    )
    name = models.CharField(max_length=100)
    protocol = models.CharField(max_length=50, choices=ServiceProtocolChoices.as_choices)
    ports = ArrayField(
        base_field=models.PositiveIntegerField(
            validators=[MinValueValidator(PORT_MIN), MaxValueValidator(PORT_MAX)]
        ),
        help_text="Port numbers, 1-65535.",
        verbose_name="port numbers",
    )
    ipaddresses = models.ManyToManyField(
        "ipam.IPAddress",
        related_name="services",
        blank=True,
        verbose_name="IP addresses",
        help_text="The addresses the service listens on (none: all of its host's).",
    )
    description = models.CharField(max_length=200, blank=True)

    objects = ServiceQuerySet.as_manager()

    class Meta:
        ordering = ["protocol", "ports", "name"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(device__isnull=True) | models.Q(virtual_machine__isnull=True),
                name="ipam_service_one_parent",
                violation_error_message="A service belongs to a device or to a virtual machine, not both.",
            )
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.get_protocol_display()}/{self.port_list})"

    @property
    def parent(self):
        """The device or virtual machine (NetBox's name)."""
        return self.device or self.virtual_machine

    @property
    def port_list(self) -> str:
        """The ports as ranges, e.g. "80, 443, 8000-8002"."""
        ports = sorted(set(self.ports or ()))
        spans: list[list[int]] = []
        for port in ports:
            if spans and port == spans[-1][1] + 1:
                spans[-1][1] = port
            else:
                spans.append([port, port])
        return ", ".join(str(a) if a == b else f"{a}-{b}" for a, b in spans)

    @property
    def ip_addresses(self):
        """Nautobot 2.x's name of `ipaddresses`."""
        return self.ipaddresses

    def clean(self) -> None:
        super().clean()
        if self.device_id and self.virtual_machine_id:
            raise ValidationError(
                {"virtual_machine": "A service belongs to a device or to a virtual machine, not both."}
            )
        if not self.device_id and not self.virtual_machine_id:
            raise ValidationError({"device": "A service must belong to a device or to a virtual machine."})
