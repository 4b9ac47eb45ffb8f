"""Clusters of hosts (a vSphere cluster, a Proxmox pool), their types and groups."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import models

from core.models import (
    AutoSlugMixin,
    BaseModel,
    ChangeLoggedMixin,
    DefaultStatusMixin,  # also named here by virtualization's first migration
    InventoryMixin,
    RestrictedQuerySet,
    renamed_lookups,
)
from dcim.locations import nearest, site_location
from dcim.models.organization import status_field
from tenancy.models import tenant_field


class ClusterQuerySet(RestrictedQuerySet):
    """Takes Nautobot 2.x's `cluster_type` and `cluster_group` in filter(), exclude() and get()."""

    NAMES = {"cluster_type": "type", "cluster_group": "group"}

    def filter(self, *args, **kwargs):
        return super().filter(*args, **renamed_lookups(kwargs, self.NAMES))

    def exclude(self, *args, **kwargs):
        return super().exclude(*args, **renamed_lookups(kwargs, self.NAMES))


class ClusterType(AutoSlugMixin, ChangeLoggedMixin, InventoryMixin, BaseModel):
    """A kind of cluster: the virtualization technology it runs ("VMware vSphere", "Proxmox VE")."""

    name = models.CharField(max_length=100, unique=True)
    slug = models.SlugField(max_length=100, unique=True)
    description = models.CharField(max_length=200, blank=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class ClusterGroup(AutoSlugMixin, ChangeLoggedMixin, InventoryMixin, BaseModel):
    """A grouping of clusters (by purpose, region, owner)."""

    name = models.CharField(max_length=100, unique=True)
    slug = models.SlugField(max_length=100, unique=True)
    description = models.CharField(max_length=200, blank=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Cluster(DefaultStatusMixin, ChangeLoggedMixin, InventoryMixin, BaseModel):
    """A pool of hosts (devices, the cluster's `devices`) running virtual machines; placed at a site and location
    kept in step as a device's are (dcim/locations.py)."""

    name = models.CharField(max_length=100, unique=True)
    # NetBox names them `type` and `group`; Nautobot 2.x `cluster_type` and `cluster_group` (properties below).
    type = models.ForeignKey(ClusterType, on_delete=models.PROTECT, related_name="clusters")
    group = models.ForeignKey(
        ClusterGroup, on_delete=models.PROTECT, null=True, blank=True, related_name="clusters"
    )
    # NetBox 3.x's; Nautobot 2.x clusters have none, so it is filled with "active" when left out.
    status = status_field("virtualization.cluster", related_name="clusters", required=False)
    tenant = tenant_field("clusters")
    site = models.ForeignKey(
        "dcim.Site", on_delete=models.PROTECT, null=True, blank=True, related_name="clusters"
    )
    location = models.ForeignKey(
        "dcim.Location", on_delete=models.PROTECT, null=True, blank=True, related_name="clusters"
    )
    comments = models.TextField(blank=True)

    objects = ClusterQuerySet.as_manager()

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    def place(self) -> dict[str, str]:
        """Make site (NetBox) and location (Nautobot 2.x) agree, from whichever the code gave or changed, as a
        device's do; the errors of a cluster that cannot be placed, by field. Neither is required."""
        old = None
        if not self._state.adding:
            old = Cluster.objects.filter(pk=self.pk).values("site_id", "location_id").first()
        location_changed = old is None or old["location_id"] != self.location_id
        site_changed = old is None or old["site_id"] != self.site_id
        if self.location_id is not None and (location_changed or self.site_id is None):
            site = nearest(self.location, "site")
            if site is not None and self.site_id is not None and site_changed and self.site_id != site.pk:
                return {"location": f"{self.location} is not at site {self.site} (it is at {site})."}
            self.site = site
        elif self.site_id is not None and (
            self.location_id is None or nearest(self.location, "site") != self.site
        ):
            self.location = site_location(self.site)
        return {}

    def clean_fields(self, exclude=None) -> None:
        self._place_errors = self.place()
        super().clean_fields(exclude=exclude)

    def clean(self) -> None:
        super().clean()
        if getattr(self, "_place_errors", None):
            raise ValidationError(self._place_errors)

    def save(self, *args, **kwargs) -> None:
        errors = self.place()
        if errors:
            raise ValidationError(errors)
        super().save(*args, **kwargs)

    @property
    def cluster_type(self) -> ClusterType:
        return self.type

    @cluster_type.setter
    def cluster_type(self, value: ClusterType) -> None:
        self.type = value

    @property
    def cluster_group(self) -> ClusterGroup | None:
        return self.group

    @cluster_group.setter
    def cluster_group(self, value: ClusterGroup | None) -> None:
        self.group = value
