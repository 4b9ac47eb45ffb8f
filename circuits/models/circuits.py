"""Circuit types, circuits and their terminations: a circuit has an A and a Z side, each ending at a site
(Nautobot 2.x: a location) or on a provider network, and a termination at a site takes a cable to our port."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import models

from circuits.choices import CircuitTerminationSideChoices
from circuits.models.aliases import aliased_queryset
from circuits.models.providers import Provider, ProviderNetwork
from core.models import AutoSlugMixin, BaseModel, ChangeLoggedMixin, InventoryMixin
from dcim.models.cable_ends import CableEnd
from dcim.models.organization import status_field
from tenancy.models import tenant_field

SIDES = CircuitTerminationSideChoices


class CircuitType(AutoSlugMixin, ChangeLoggedMixin, InventoryMixin, BaseModel):
    """What a circuit is (internet transit, MPLS, dark fibre…). Nautobot 2.x has no slug; one is made."""

    name = models.CharField(max_length=100, unique=True)
    slug = models.SlugField(max_length=100, unique=True)
    description = models.CharField(max_length=200, blank=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


# Nautobot 2.x's names: `circuit_type` (NetBox: `type`), `circuit_terminations` (NetBox: `terminations`).
CircuitQuerySet = aliased_queryset({"circuit_type": "type", "circuit_terminations": "terminations"})


class Circuit(ChangeLoggedMixin, InventoryMixin, BaseModel):
    """A link bought from a provider, known by the provider's circuit id (`cid`), unique per provider."""

    cid = models.CharField(max_length=100, verbose_name="circuit ID")
    provider = models.ForeignKey(Provider, on_delete=models.PROTECT, related_name="circuits")
    type = models.ForeignKey(CircuitType, on_delete=models.PROTECT, related_name="circuits")
    status = status_field("circuits.circuit", related_name="circuits")
    tenant = tenant_field("circuits")
    install_date = models.DateField(null=True, blank=True, verbose_name="installed")
    termination_date = models.DateField(null=True, blank=True, verbose_name="terminates")
    commit_rate = models.PositiveIntegerField(null=True, blank=True, verbose_name="commit rate (Kbps)")
    description = models.CharField(max_length=200, blank=True)
    comments = models.TextField(blank=True)

    objects = CircuitQuerySet.as_manager()

    class Meta:
        ordering = ["provider__name", "cid"]
        constraints = [
            models.UniqueConstraint(fields=["provider", "cid"], name="circuits_circuit_unique_provider_cid")
        ]

    def __str__(self) -> str:
        return self.cid

    @property
    def circuit_type(self) -> CircuitType:
        return self.type

    @circuit_type.setter
    def circuit_type(self, value: CircuitType) -> None:
        self.type = value

    @property
    def circuit_terminations(self):
        return self.terminations

    def _termination(self, side: str) -> CircuitTermination | None:
        # Read from the prefetched terminations when a list loaded them (no query per circuit).
        return next((t for t in self.terminations.all() if t.term_side == side), None)

    # NetBox's `termination_a`/`termination_z`, Nautobot 2.x's `circuit_termination_a`/`_z`.
    @property
    def termination_a(self) -> CircuitTermination | None:
        return self._termination(SIDES.SIDE_A)

    @property
    def termination_z(self) -> CircuitTermination | None:
        return self._termination(SIDES.SIDE_Z)

    circuit_termination_a = termination_a
    circuit_termination_z = termination_z


class CircuitTermination(CableEnd, ChangeLoggedMixin, InventoryMixin, BaseModel):
    """One side (A or Z) of a circuit: at a site or location, or on a provider network.

    A cable end like a port (CableEnd): it holds at most one cable (`cable`, kept by Cable.save()), so a
    router's interface is cabled to it; the path of that interface goes on through the circuit (dcim/paths.py).
    """

    changelog_related_field = "circuit"

    circuit = models.ForeignKey(Circuit, on_delete=models.CASCADE, related_name="terminations")
    term_side = models.CharField(
        max_length=1, choices=CircuitTerminationSideChoices.as_choices, verbose_name="termination side"
    )
    # NetBox's place (`site`) and Nautobot 2.x's (`location`), kept in step as a device's are.
    site = models.ForeignKey(
        "dcim.Site", on_delete=models.PROTECT, null=True, blank=True, related_name="circuit_terminations"
    )
    location = models.ForeignKey(
        "dcim.Location", on_delete=models.PROTECT, null=True, blank=True, related_name="circuit_terminations"
    )
    provider_network = models.ForeignKey(
        ProviderNetwork,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="circuit_terminations",
    )
    port_speed = models.PositiveIntegerField(null=True, blank=True, verbose_name="port speed (Kbps)")
    upstream_speed = models.PositiveIntegerField(
        null=True,
        blank=True,
        verbose_name="upstream speed (Kbps)",
        help_text="Upstream speed, if it differs.",
    )
    xconnect_id = models.CharField(max_length=50, blank=True, verbose_name="cross-connect ID")
    pp_info = models.CharField(max_length=100, blank=True, verbose_name="patch panel / port(s)")
    description = models.CharField(max_length=200, blank=True)

    class Meta:
        ordering = ["circuit__provider__name", "circuit__cid", "term_side"]
        constraints = [
            models.UniqueConstraint(fields=["circuit", "term_side"], name="circuits_termination_unique_side")
        ]

    def __str__(self) -> str:
        """Named with its circuit, as NetBox names it: "CID-1001: Termination A" (also the API's `display`)."""
        return (
            f"{self.circuit}: Termination {self.term_side}"
            if self.circuit_id
            else f"Termination {self.term_side}"
        )

    def place(self) -> dict[str, str]:
        """Make `site` and `location` agree, from whichever is given; errors by field."""
        from dcim.locations import nearest, site_location

        old = None
        if not self._state.adding:
            old = type(self).objects.filter(pk=self.pk).values("site_id", "location_id").first()
        site_changed = old is None or old["site_id"] != self.site_id
        location_changed = old is None or old["location_id"] != self.location_id
        if site_changed and not location_changed:  # the site was changed: the location follows it
            self.location = site_location(self.site) if self.site_id is not None else None
        elif self.location_id is not None:
            site = nearest(self.location, "site")
            if self.site_id is not None and site is not None and self.site_id != site.pk:
                return {"location": f"{self.location} is not at site {self.site} (it is at {site})."}
            self.site = site
        elif self.site_id is not None:
            self.location = site_location(self.site)
        return {}

    def clean(self) -> None:
        super().clean()
        errors = self.place()
        placed = self.site_id is not None or self.location_id is not None
        if not errors and placed == (self.provider_network_id is not None):
            errors["provider_network" if placed else "site"] = (
                "A termination is at a site (or location) or on a provider network, not both."
                if placed
                else "A termination needs a site, a location or a provider network."
            )
        if errors:
            raise ValidationError(errors)

    def save(self, *args, **kwargs) -> None:
        errors = self.place()
        if errors:
            raise ValidationError(errors)
        super().save(*args, **kwargs)

    # --- Cabling: what a port offers comes from CableEnd (dcim/models/cable_ends.py) --------------------------
    @property
    def peer_termination(self) -> CircuitTermination | None:
        """The other side of the circuit (NetBox's get_peer_termination())."""
        other = SIDES.SIDE_Z if self.term_side == SIDES.SIDE_A else SIDES.SIDE_A
        return CircuitTermination.objects.filter(circuit_id=self.circuit_id, term_side=other).first()

    def get_peer_termination(self) -> CircuitTermination | None:
        return self.peer_termination

    no_cable_reason = "it is on a provider network, the provider's to cable"  # Cable.clean()'s words

    @property
    def can_be_cabled(self) -> bool:
        """A termination on a provider network is not ours to cable (NetBox refuses it too)."""
        return self.provider_network_id is None
