"""Providers (the carriers) and their networks, which a circuit may end on instead of a site."""

from __future__ import annotations

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models

from core.models import AutoSlugMixin, BaseModel, ChangeLoggedMixin, InventoryMixin


class Provider(AutoSlugMixin, ChangeLoggedMixin, InventoryMixin, BaseModel):
    """A carrier or service provider whose circuits the inventory holds."""

    name = models.CharField(max_length=100, unique=True)
    slug = models.SlugField(max_length=100, unique=True)
    asn = models.PositiveBigIntegerField(
        null=True,
        blank=True,
        verbose_name="ASN",
        validators=[MinValueValidator(1), MaxValueValidator(4294967295)],
        help_text="32-bit autonomous system number.",
    )
    account = models.CharField(max_length=100, blank=True, verbose_name="account number")
    portal_url = models.URLField(blank=True, verbose_name="portal URL")
    noc_contact = models.TextField(blank=True, verbose_name="NOC contact")
    admin_contact = models.TextField(blank=True)
    description = models.CharField(max_length=200, blank=True)
    comments = models.TextField(blank=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    # Nautobot 2.x's name of a provider's networks (NetBox: `provider.networks`).
    @property
    def provider_networks(self):
        return self.networks


class ProviderNetwork(ChangeLoggedMixin, InventoryMixin, BaseModel):
    """A provider's network (an MPLS cloud, say) a circuit may end on, when its far end is not ours."""

    provider = models.ForeignKey(Provider, on_delete=models.PROTECT, related_name="networks")
    name = models.CharField(max_length=100)
    service_id = models.CharField(max_length=100, blank=True, verbose_name="service ID")
    description = models.CharField(max_length=200, blank=True)
    comments = models.TextField(blank=True)

    class Meta:
        ordering = ["provider__name", "name"]
        constraints = [
            models.UniqueConstraint(fields=["provider", "name"], name="circuits_providernetwork_unique_name")
        ]

    def __str__(self) -> str:
        return self.name
