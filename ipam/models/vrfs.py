"""Routing domains: Nautobot 2.x's namespaces, NetBox's and Nautobot's VRFs and route targets.

A prefix or address lives in one namespace (the "Global" one unless told) and in at most one VRF of it
(none: the namespace's global table). Uniqueness of prefixes and addresses is judged per namespace and VRF
(see Prefix.clean and IPAddress.clean).
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import models

from core.models import BaseModel, ChangeLoggedMixin, InventoryMixin
from dcim.models.organization import status_field
from tenancy.models import tenant_field

GLOBAL_NAMESPACE = "Global"
RD_MAX_LENGTH = 21  # RFC 4364: "65000:100", "192.0.2.1:100", "4200000000:100"


class Namespace(ChangeLoggedMixin, InventoryMixin, BaseModel):
    """Nautobot 2.x: a boundary of uniqueness for VRFs, prefixes and addresses (one per customer, say)."""

    name = models.CharField(max_length=100, unique=True)
    description = models.CharField(max_length=200, blank=True)
    location = models.ForeignKey(
        "dcim.Location", on_delete=models.PROTECT, null=True, blank=True, related_name="namespaces"
    )
    tenant = tenant_field("namespaces")

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


def get_default_namespace() -> Namespace:
    """The "Global" namespace (Nautobot 2.x's name), created when missing so that it always exists.

    Not for migrations: it uses the current model, not the historical one.
    """
    namespace = Namespace.objects.filter(name=GLOBAL_NAMESPACE).first()
    if namespace is None:
        namespace, _ = Namespace.objects.get_or_create(
            name=GLOBAL_NAMESPACE, defaults={"description": "The default namespace."}
        )
    return namespace


def get_default_namespace_pk():
    """The default of every `namespace` field: the Global namespace's pk (one indexed query, no cache,
    so that a flushed test database or a restored backup is never answered with a stale pk)."""
    pk = Namespace.objects.filter(name=GLOBAL_NAMESPACE).values_list("pk", flat=True).first()
    return pk if pk is not None else get_default_namespace().pk


def namespace_field(related_name: str) -> models.ForeignKey:
    """The `namespace` of a VRF, prefix or address: the Global one unless told."""
    return models.ForeignKey(
        Namespace,
        on_delete=models.PROTECT,
        default=get_default_namespace_pk,
        related_name=related_name,
        help_text="Uniqueness of prefixes and addresses is judged within a namespace (default: Global).",
    )


def vrf_field(related_name: str) -> models.ForeignKey:
    """The `vrf` of a prefix or address (NetBox): none is the namespace's global table."""
    return models.ForeignKey(
        "ipam.VRF",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name=related_name,
        verbose_name="VRF",
        help_text="The routing table; none is the global table.",
    )


class RouteTarget(ChangeLoggedMixin, InventoryMixin, BaseModel):
    """A BGP extended community (RFC 4360) that VRFs import and export routes with."""

    name = models.CharField(
        max_length=RD_MAX_LENGTH, unique=True, help_text='Route target value, e.g. "65000:100".'
    )
    tenant = tenant_field("route_targets")
    description = models.CharField(max_length=200, blank=True)

    class Meta:
        ordering = ["name"]
        verbose_name = "route target"

    def __str__(self) -> str:
        return self.name


class VRF(ChangeLoggedMixin, InventoryMixin, BaseModel):
    """A routing table: its prefixes and addresses are apart from the global table's and other VRFs'."""

    name = models.CharField(max_length=100)
    # Optional, but unique within a namespace (NetBox: unique; Nautobot 2.x: unique per namespace): NULL when
    # unset, so that any number of VRFs may have none.
    rd = models.CharField(
        max_length=RD_MAX_LENGTH,
        null=True,
        blank=True,
        verbose_name="route distinguisher",
        help_text='Route distinguisher (RFC 4364), e.g. "65000:100".',
    )
    namespace = namespace_field("vrfs")
    status = status_field("ipam.vrf", related_name="vrfs", required=False)
    tenant = tenant_field("vrfs")
    enforce_unique = models.BooleanField(
        default=True,
        verbose_name="enforce unique space",
        help_text="Refuse duplicate prefixes and addresses within this VRF.",
    )
    description = models.CharField(max_length=200, blank=True)
    import_targets = models.ManyToManyField(RouteTarget, blank=True, related_name="importing_vrfs")
    export_targets = models.ManyToManyField(RouteTarget, blank=True, related_name="exporting_vrfs")

    class Meta:
        ordering = ["name", "rd"]
        verbose_name = "VRF"
        verbose_name_plural = "VRFs"
        constraints = [
            models.UniqueConstraint(
                fields=["namespace", "rd"],
                name="ipam_vrf_unique_namespace_rd",
                violation_error_message="A VRF with this route distinguisher exists in this namespace.",
            )
        ]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        super().clean()
        if self.rd == "":
            self.rd = None  # unset, not a second VRF with an empty RD

    def validate_constraints(self, exclude=None) -> None:
        # The clash is the route distinguisher's: report it under `rd`.
        try:
            super().validate_constraints(exclude=exclude)
        except ValidationError as error:
            errors = error.update_error_dict({})
            if "__all__" in errors:
                errors.setdefault("rd", []).extend(errors.pop("__all__"))
            raise ValidationError(errors) from None

    # --- Nautobot 2.x: prefixes are added to a VRF (here a prefix is in one VRF at most) ---------------
    def add_prefix(self, prefix) -> None:
        """Put a prefix (of this VRF's namespace) in this VRF."""
        if prefix.vrf_id not in (None, self.pk):
            raise ValidationError({"vrf": f"Prefix {prefix} is in VRF {prefix.vrf} already."})
        prefix.vrf = self
        prefix.validated_save()

    add_prefix.alters_data = True

    def remove_prefix(self, prefix) -> None:
        """Move a prefix of this VRF back to its namespace's global table."""
        if prefix.vrf_id != self.pk:
            raise ValidationError({"vrf": f"Prefix {prefix} is not in VRF {self}."})
        prefix.vrf = None
        prefix.validated_save()

    remove_prefix.alters_data = True
