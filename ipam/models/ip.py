"""IP address management: Prefix and IPAddress, with containment answered by indexed range queries."""

from __future__ import annotations

import netaddr
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import models
from django.db.models import Exists, OuterRef, Q, Subquery
from django.db.models.query import ModelIterable

from core.models import BaseModel, ChangeLoggedMixin, InventoryMixin, RestrictedQuerySet
from dcim.models.organization import status_field
from ipam import allocation
from ipam.addressing import host_bits_error, network_bounds, parse_interface_address, parse_network
from ipam.choices import IPVersionChoices
from ipam.fields import AddressField, AddressRoleField, role_field
from tenancy.models import tenant_field


class PrefixQuerySet(RestrictedQuerySet):
    """Adds containment helpers, and accepts `prefix="10.0.0.0/24"` in filter(), exclude() and get()."""

    def filter(self, *args, **kwargs):
        return super().filter(*args, **_expand_prefix_lookup(kwargs))

    def exclude(self, *args, **kwargs):
        return super().exclude(*args, **_expand_prefix_lookup(kwargs))

    def containing(self, value) -> PrefixQuerySet:
        """Prefixes that contain (or equal) the given address or network."""
        first, last = network_bounds(value)
        return self.filter(network__lte=first, broadcast__gte=last)

    def within(self, value, include_self: bool = False) -> PrefixQuerySet:
        """Prefixes inside the given network; with `include_self`, the network itself too."""
        network = parse_network(value)
        first, last = network_bounds(network)
        length = {"prefix_length__gte" if include_self else "prefix_length__gt": network.prefixlen}
        return self.filter(network__gte=first, broadcast__lte=last, **length)


def _expand_prefix_lookup(kwargs: dict) -> dict:
    if "prefix" not in kwargs:
        return kwargs
    kwargs = dict(kwargs)
    network = parse_network(kwargs.pop("prefix")).cidr
    kwargs.update(network=network.network, prefix_length=network.prefixlen)
    return kwargs


class Prefix(ChangeLoggedMixin, InventoryMixin, BaseModel):
    """An IPv4 or IPv6 network. Set it with `prefix = "10.0.0.0/24"`; read it back as a netaddr.IPNetwork."""

    network = AddressField(editable=False, blank=True, help_text="First address of the prefix.")
    broadcast = AddressField(editable=False, blank=True, help_text="Last address of the prefix.")
    prefix_length = models.PositiveSmallIntegerField(editable=False, blank=True)
    ip_version = models.PositiveSmallIntegerField(
        editable=False, blank=True, choices=IPVersionChoices.CHOICES
    )
    status = status_field("ipam.prefix", related_name="prefixes")
    role = role_field("ipam.prefix", "prefixes")
    tenant = tenant_field("prefixes")
    site = models.ForeignKey(
        "dcim.Site", on_delete=models.SET_NULL, null=True, blank=True, related_name="prefixes"
    )
    # The VLAN the prefix is on (NetBox and Nautobot alike).
    vlan = models.ForeignKey(
        "ipam.VLAN",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="prefixes",
        verbose_name="VLAN",
    )
    description = models.CharField(max_length=200, blank=True)

    objects = PrefixQuerySet.as_manager()

    class Meta:
        ordering = ["network", "prefix_length"]
        verbose_name_plural = "prefixes"
        # Named while the model lived in dcim; kept so that moved databases need no index rebuilt.
        constraints = [
            models.UniqueConstraint(
                fields=["network", "prefix_length"], name="dcim_prefix_unique_network_length"
            )
        ]
        indexes = [models.Index(fields=["network", "broadcast"], name="dcim_prefix_range")]

    def __str__(self) -> str:
        prefix = self.prefix
        return "(no prefix)" if prefix is None else str(prefix)

    @property
    def prefix(self) -> netaddr.IPNetwork | None:
        if self.network in (None, "") or self.prefix_length is None:
            return None
        return netaddr.IPNetwork(f"{self.network}/{self.prefix_length}")

    @prefix.setter
    def prefix(self, value) -> None:
        # Stored canonically; the value as given is kept so that clean() can reject host bits.
        network = parse_network(value)
        self._prefix_as_given = network
        self.network = netaddr.IPAddress(network.first, network.version)
        self.broadcast = netaddr.IPAddress(network.last, network.version)
        self.prefix_length = network.prefixlen
        self.ip_version = network.version

    def clean(self) -> None:
        super().clean()
        given = getattr(self, "_prefix_as_given", None)
        if given is not None and host_bits_error(given):
            raise ValidationError({"prefix": host_bits_error(given)})
        if self.prefix is None:
            raise ValidationError({"prefix": "This field is required."})

    def unique_error_message(self, model_class, unique_check):
        if tuple(unique_check) == ("network", "prefix_length"):
            return ValidationError(f"Prefix {self.prefix} already exists.", code="unique")
        return super().unique_error_message(model_class, unique_check)

    def validate_constraints(self, exclude=None) -> None:
        # (network, prefix_length) is what users know as `prefix`: forms never have those two fields
        # (so they would exclude them), and a clash is reported under `prefix`.
        exclude = set(exclude or ())
        if "prefix" not in exclude:
            exclude -= {"network", "prefix_length"}
        try:
            super().validate_constraints(exclude=exclude)
        except ValidationError as error:
            errors = error.update_error_dict({})
            if NON_FIELD_ERRORS in errors:
                errors.setdefault("prefix", []).extend(errors.pop(NON_FIELD_ERRORS))
            raise ValidationError(errors) from None

    def get_parent(self) -> Prefix | None:
        """The most specific prefix that contains this one."""
        candidates = Prefix.objects.containing(self.prefix).filter(prefix_length__lt=self.prefix_length)
        return candidates.order_by("-prefix_length").first()

    def get_children(self) -> PrefixQuerySet:
        """Every prefix inside this one, at any depth."""
        return Prefix.objects.within(self.prefix)

    def get_child_ips(self) -> IPAddressQuerySet:
        """Every IP address whose host falls inside this prefix."""
        return IPAddress.objects.filter(host__gte=self.network, host__lte=self.broadcast)

    # Allocation (ipam/allocation.py): `ipam.allocation.allocate_ip()`/`allocate_prefix()` create the next free
    # one race-free; these reads, inside a transaction (a job), take the allocation lock until it ends.
    def get_available_prefixes(self) -> netaddr.IPSet:
        """The parts of this prefix not covered by any child prefix."""
        return allocation.available_prefixes(self)

    def get_first_available_prefix(self, prefix_length: int | None = None) -> netaddr.IPNetwork | None:
        """The lowest free block of `prefix_length` (default: the first free block), or None when full."""
        return allocation.first_available_prefix(self, prefix_length)

    def get_available_ips(self) -> netaddr.IPSet:
        """Addresses of this prefix that no IP address uses (IPv4 network/broadcast excluded below /31)."""
        return allocation.available_ips(self)

    def get_first_available_ip(self) -> netaddr.IPNetwork | None:
        """The lowest free address with this prefix's mask (e.g. 10.0.0.1/24), or None when full."""
        return allocation.first_available_ip(self)

    def get_utilization(self) -> allocation.Utilization:
        """Nautobot's (numerator, denominator), which also compares and formats as NetBox's percentage."""
        return allocation.Utilization(*allocation.utilization(self))


class IPAddressQuerySet(RestrictedQuerySet):
    """Adds parent-prefix queries, and accepts `address="10.0.0.1/24"` in filter(), exclude() and get()."""

    _with_parents = False

    def filter(self, *args, **kwargs):
        return super().filter(*args, **_expand_address_lookup(kwargs))

    def exclude(self, *args, **kwargs):
        return super().exclude(*args, **_expand_address_lookup(kwargs))

    def within(self, value) -> IPAddressQuerySet:
        """Addresses whose host falls inside the given network."""
        first, last = network_bounds(value)
        return self.filter(host__gte=first, host__lte=last)

    def without_parent(self) -> IPAddressQuerySet:
        """Addresses that no prefix contains."""
        return self.filter(~Exists(_containing_prefixes()))

    def with_parent(self) -> IPAddressQuerySet:
        """Addresses that some prefix contains."""
        return self.filter(Exists(_containing_prefixes()))

    def with_parent_annotations(self) -> IPAddressQuerySet:
        """Annotate `parent_id` (most specific containing prefix) and load those prefixes in one more query.

        After evaluation each address's `parent` is answered without a query of its own.
        """
        most_specific = _containing_prefixes().order_by("-prefix_length").values("pk")[:1]
        clone = self.annotate(parent_id=Subquery(most_specific))
        clone._with_parents = True
        return clone

    def _clone(self):
        clone = super()._clone()
        clone._with_parents = self._with_parents
        return clone

    def _fetch_all(self):
        already_fetched = self._result_cache is not None
        super()._fetch_all()
        if self._with_parents and not already_fetched and self._iterable_class is ModelIterable:
            parent_ids = {address.parent_id for address in self._result_cache if address.parent_id}
            parents = Prefix.objects.in_bulk(parent_ids) if parent_ids else {}
            for address in self._result_cache:
                address._parent_cache = parents.get(address.parent_id)


def _containing_prefixes():
    return Prefix.objects.filter(network__lte=OuterRef("host"), broadcast__gte=OuterRef("host"))


def _expand_address_lookup(kwargs: dict) -> dict:
    if "address" not in kwargs:
        return kwargs
    kwargs = dict(kwargs)
    address = parse_interface_address(kwargs.pop("address"))
    kwargs.update(host=address.ip, mask_length=address.prefixlen)
    return kwargs


_UNSET = object()


class IPAddress(ChangeLoggedMixin, InventoryMixin, BaseModel):
    """One address with its subnet mask (e.g. 10.0.0.1/24), optionally assigned to an interface."""

    changelog_related_field = "assigned_interface"

    host = AddressField(editable=False, blank=True)
    mask_length = models.PositiveSmallIntegerField(editable=False, blank=True)
    ip_version = models.PositiveSmallIntegerField(
        editable=False, blank=True, choices=IPVersionChoices.CHOICES
    )
    status = status_field("ipam.ipaddress", related_name="ip_addresses")
    # A Role (Nautobot 2.x) that takes NetBox's IPAddressRoleChoices values too: `ip.role = "loopback"`,
    # `ip.role == "vip"`, `filter(role="anycast")` (see ipam.fields.AddressRoleField).
    role = role_field("ipam.ipaddress", "ip_addresses", AddressRoleField)
    tenant = tenant_field("ip_addresses")
    dns_name = models.CharField(max_length=255, blank=True, verbose_name="DNS name")
    assigned_interface = models.ForeignKey(
        "dcim.Interface", on_delete=models.SET_NULL, null=True, blank=True, related_name="ip_addresses"
    )
    # A virtual machine's interface (virtualization): an address is on one interface of either kind at most.
    assigned_vm_interface = models.ForeignKey(
        "virtualization.VMInterface",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="ip_addresses",
        verbose_name="assigned VM interface",
    )
    description = models.CharField(max_length=200, blank=True)

    objects = IPAddressQuerySet.as_manager()

    class Meta:
        ordering = ["host", "mask_length"]
        verbose_name = "IP address"
        verbose_name_plural = "IP addresses"
        # Named while the model lived in dcim (see Prefix).
        indexes = [models.Index(fields=["host", "mask_length"], name="dcim_ipaddress_host")]
        constraints = [
            models.CheckConstraint(
                condition=Q(assigned_interface__isnull=True) | Q(assigned_vm_interface__isnull=True),
                name="ipam_ipaddress_one_assigned_interface",
                violation_error_message="An address is assigned to one interface at most.",
            )
        ]

    def __str__(self) -> str:
        address = self.address
        return "(no address)" if address is None else str(address)

    @property
    def address(self) -> netaddr.IPNetwork | None:
        if self.host in (None, "") or self.mask_length is None:
            return None
        return netaddr.IPNetwork(f"{self.host}/{self.mask_length}")

    @address.setter
    def address(self, value) -> None:
        address = parse_interface_address(value)
        self.host = address.ip
        self.mask_length = address.prefixlen
        self.ip_version = address.version

    # --- The interface as NetBox and Nautobot 1.x name it: a generic "assigned object" ---------------
    # A device's interface (`assigned_interface`) or a virtual machine's (`assigned_vm_interface`); the names
    # serve code written for either product.
    ASSIGNED_FIELDS = {
        "dcim.interface": "assigned_interface",
        "virtualization.vminterface": "assigned_vm_interface",
    }

    @property
    def assigned_object(self):
        return self.assigned_interface or self.assigned_vm_interface

    @assigned_object.setter
    def assigned_object(self, value) -> None:
        field_name = None if value is None else self.ASSIGNED_FIELDS.get(value._meta.label_lower)
        if value is not None and field_name is None:
            raise ValidationError(
                {
                    "assigned_object": f"An address is assigned to an interface, not to a {value._meta.verbose_name}."
                }
            )
        for name in self.ASSIGNED_FIELDS.values():
            setattr(self, name, value if name == field_name else None)

    def _assigned_field(self) -> str | None:
        return next((name for name in self.ASSIGNED_FIELDS.values() if getattr(self, f"{name}_id")), None)

    @property
    def assigned_object_type(self) -> ContentType | None:
        field_name = self._assigned_field()
        if field_name is None:
            return None
        return ContentType.objects.get_for_model(self._meta.get_field(field_name).related_model)

    @property
    def assigned_object_id(self):
        field_name = self._assigned_field()
        return None if field_name is None else getattr(self, f"{field_name}_id")

    @property
    def interfaces(self) -> models.QuerySet:
        """Nautobot 2.x: the device interfaces the address is on (here at most one)."""
        interface_model = self._meta.get_field("assigned_interface").related_model
        return interface_model.objects.filter(pk=self.assigned_interface_id)

    @property
    def vm_interfaces(self) -> models.QuerySet:
        """Nautobot 2.x: the VM interfaces the address is on (here at most one)."""
        interface_model = self._meta.get_field("assigned_vm_interface").related_model
        return interface_model.objects.filter(pk=self.assigned_vm_interface_id)

    @property
    def parent(self) -> Prefix | None:
        """The most specific prefix containing this address (computed; cached once read)."""
        cached = self.__dict__.get("_parent_cache", _UNSET)
        if cached is _UNSET:
            address = self.address
            cached = (
                None
                if address is None
                else Prefix.objects.containing(address.ip).order_by("-prefix_length").first()
            )
            self._parent_cache = cached
        return cached

    def clean(self) -> None:
        super().clean()
        if self.address is None:
            raise ValidationError({"address": "This field is required."})
