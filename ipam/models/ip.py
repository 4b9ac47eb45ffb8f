"""IP address management: Prefix and IPAddress, with containment answered by indexed range queries."""

from __future__ import annotations

import netaddr
from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import IntegrityError, connection, models, transaction
from django.db.models import Exists, OuterRef, Q, Subquery
from django.db.models.lookups import IsNull
from django.db.models.query import ModelIterable

from core.models import BaseModel, ChangeLoggedMixin, InventoryMixin, RestrictedQuerySet
from dcim.models.organization import status_field
from ipam import allocation
from ipam.addressing import host_bits_error, network_bounds, parse_interface_address, parse_network
from ipam.choices import IPVersionChoices, PrefixStatusChoices
from ipam.fields import AddressField, AddressRoleField, role_field
from ipam.models.vrfs import (
    GLOBAL_NAMESPACE,
    VRF,
    get_default_namespace_pk,
    namespace_field,
    vrf_field,
)
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
    vrf = vrf_field("prefixes")
    namespace = namespace_field("prefixes")
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
        # A prefix is unique in its namespace's global table; within a VRF, clean() judges (enforce_unique).
        constraints = [
            models.UniqueConstraint(
                fields=["namespace", "network", "prefix_length"],
                condition=Q(vrf__isnull=True),
                name="ipam_prefix_unique_in_global_table",
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
        follow_vrf_namespace(self)
        if unique_in_table(self):
            duplicate = self.get_duplicates().first()
            if duplicate is not None:
                raise ValidationError(
                    {"prefix": f"Prefix {self.prefix} already exists{table_name(self)}."}, code="unique"
                )

    def save(self, *args, **kwargs) -> None:
        follow_vrf_namespace(self)
        with transaction.atomic(using=kwargs.get("using")):
            guard_unique(self, f"{self.network}/{self.prefix_length}")
            super().save(*args, **kwargs)

    def get_duplicates(self) -> PrefixQuerySet:
        """The same prefix in this prefix's table (its namespace and VRF)."""
        return Prefix.objects.filter(
            network=self.network, prefix_length=self.prefix_length, **table_of(self)
        ).exclude(pk=self.pk)

    @property
    def vrfs(self) -> models.QuerySet:
        """Nautobot 2.x: the VRFs the prefix is in (here one at most)."""
        return VRF.objects.filter(pk=self.vrf_id)

    def validate_constraints(self, exclude=None) -> None:
        # Duplicates in the global table are judged by clean() with the prefix in the message; the constraint
        # is the database's guard against a race. Other clashes are reported under `prefix`.
        exclude = set(exclude or ()) | {"network"}
        try:
            super().validate_constraints(exclude=exclude)
        except ValidationError as error:
            errors = error.update_error_dict({})
            if NON_FIELD_ERRORS in errors:
                errors.setdefault("prefix", []).extend(errors.pop(NON_FIELD_ERRORS))
            raise ValidationError(errors) from None

    def get_parent(self) -> Prefix | None:
        """The most specific prefix of the same namespace and VRF that contains this one (NetBox's rule)."""
        candidates = Prefix.objects.containing(self.prefix).filter(
            prefix_length__lt=self.prefix_length, **table_of(self)
        )
        return candidates.order_by("-prefix_length").first()

    def get_children(self) -> PrefixQuerySet:
        """Every prefix inside this one, at any depth, in its table (a global container's: every VRF's)."""
        return Prefix.objects.within(self.prefix).filter(**self.child_scope())

    def get_child_ips(self) -> IPAddressQuerySet:
        """Every IP address inside this prefix, in its table (a global container's: every VRF's)."""
        return IPAddress.objects.filter(
            host__gte=self.network, host__lte=self.broadcast, **self.child_scope()
        )

    def child_scope(self) -> dict:
        """The filter of this prefix's children: its namespace and VRF, or (a global container) the namespace."""
        if (
            self.vrf_id is None
            and self.status_id is not None
            and self.status.slug == PrefixStatusChoices.STATUS_CONTAINER
        ):
            return {"namespace_id": self.namespace_id}
        return table_of(self)

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
    """The prefixes an outer address is a child of: its namespace's, of its VRF or global containers."""
    same_vrf = Q(vrf=OuterRef("vrf")) | Q(IsNull(OuterRef("vrf"), True), vrf__isnull=True)
    global_container = Q(vrf__isnull=True, status__slug=PrefixStatusChoices.STATUS_CONTAINER)
    return Prefix.objects.filter(
        same_vrf | global_container,
        namespace=OuterRef("namespace"),
        network__lte=OuterRef("host"),
        broadcast__gte=OuterRef("host"),
    )


def child_query(address: IPAddress) -> Q:
    """The prefixes a given address is a child of (see _containing_prefixes)."""
    same_vrf = Q(vrf_id=address.vrf_id) if address.vrf_id else Q(vrf__isnull=True)
    global_container = Q(vrf__isnull=True, status__slug=PrefixStatusChoices.STATUS_CONTAINER)
    return Q(namespace_id=address.namespace_id) & (same_vrf | global_container)


def table_of(instance) -> dict:
    """The filter of a prefix's or address's table: its namespace, and its VRF (none: the global table)."""
    return {"namespace_id": instance.namespace_id, "vrf_id": instance.vrf_id}


def table_name(instance) -> str:
    """ " in VRF blue", " in namespace Customer-A", "" for the Global namespace's global table."""
    if instance.vrf_id is not None:
        return f" in VRF {instance.vrf}"
    if instance.namespace_id is not None and instance.namespace.name != GLOBAL_NAMESPACE:
        return f" in namespace {instance.namespace}"
    return ""


def unique_in_table(instance) -> bool:
    """Whether duplicates are refused in the table of a prefix or address (NetBox's rule)."""
    if instance.vrf_id is not None:
        return instance.vrf.enforce_unique
    return isinstance(instance, Prefix) or settings.ENFORCE_GLOBAL_UNIQUE


def guard_unique(instance, value: str) -> None:
    """In save()'s transaction: where the table refuses duplicates, wait for any other writer of the same value
    to finish, then refuse a duplicate it stored.

    clean() names a duplicate with a clear message, but two writers can both pass it before either commits;
    a VRF's enforce_unique and ENFORCE_GLOBAL_UNIQUE are rules no database constraint can state. The lock is
    a transaction-level advisory lock per value and table, held until the writer commits or rolls back.
    """
    if not unique_in_table(instance):
        return
    key = f"{instance._meta.label_lower}:{instance.namespace_id}:{instance.vrf_id}:{value}"
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_advisory_xact_lock(hashtext(%s))", [key])
    if instance.get_duplicates().exists():
        raise IntegrityError(f"{instance._meta.verbose_name} {value} already exists{table_name(instance)}.")


def follow_vrf_namespace(instance) -> None:
    """A prefix or address in a VRF is in the VRF's namespace: the default namespace follows the VRF, any
    other namespace must be the VRF's."""
    if instance.vrf_id is None or instance.vrf.namespace_id == instance.namespace_id:
        return
    if instance.namespace_id in (None, get_default_namespace_pk()):
        instance.namespace_id = instance.vrf.namespace_id
        return
    raise ValidationError(
        {"vrf": f"VRF {instance.vrf} is in namespace {instance.vrf.namespace}, not in {instance.namespace}."}
    )


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
    vrf = vrf_field("ip_addresses")
    namespace = namespace_field("ip_addresses")
    description = models.CharField(max_length=200, blank=True)

    objects = IPAddressQuerySet.as_manager()

    def __init__(self, *args, **kwargs) -> None:
        # Nautobot 2.x code names a namespace and no VRF: the address joins its parent prefix's VRF.
        self._vrf_from_parent = "namespace" in kwargs and not {"vrf", "vrf_id"} & kwargs.keys()
        super().__init__(*args, **kwargs)

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
                None if address is None else self._closest_prefix(Prefix.objects.filter(child_query(self)))
            )
            self._parent_cache = cached
        return cached

    def _closest_prefix(self, prefixes: PrefixQuerySet) -> Prefix | None:
        return prefixes.containing(self.address.ip).order_by("-prefix_length").first()

    def clean(self) -> None:
        super().clean()
        if self.address is None:
            raise ValidationError({"address": "This field is required."})
        if self._vrf_from_parent and self._state.adding:
            parent = self._closest_prefix(Prefix.objects.filter(namespace_id=self.namespace_id))
            if parent is None:
                raise ValidationError(
                    {"namespace": f"No prefix containing {self.host} exists in namespace {self.namespace}."}
                )
        self._join_parent_vrf()
        follow_vrf_namespace(self)
        if unique_in_table(self):
            duplicate = self.get_duplicates().first()
            if duplicate is not None:
                raise ValidationError(
                    {"address": f"Address {duplicate.address} already exists{table_name(self)}."},
                    code="unique",
                )

    def save(self, *args, **kwargs) -> None:
        self._join_parent_vrf()
        follow_vrf_namespace(self)
        with transaction.atomic(using=kwargs.get("using")):
            guard_unique(self, str(self.host))
            super().save(*args, **kwargs)

    def _join_parent_vrf(self) -> None:
        if self._vrf_from_parent and self._state.adding and self.vrf_id is None and self.address is not None:
            parent = self._closest_prefix(Prefix.objects.filter(namespace_id=self.namespace_id))
            if parent is not None and parent.vrf_id is not None:
                self.vrf_id = parent.vrf_id
            self._parent_cache = _UNSET

    def get_duplicates(self) -> IPAddressQuerySet:
        """The same host (any mask) in this address's table (its namespace and VRF)."""
        return IPAddress.objects.filter(host=self.host, **table_of(self)).exclude(pk=self.pk)
