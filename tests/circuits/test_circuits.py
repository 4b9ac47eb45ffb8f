"""Circuits as NetBox and Nautobot 2.x code use them (issue 24): providers, types, circuits (cid unique per
provider, statuses as rows, `type`/`circuit_type`), terminations (A/Z once each, at a site or location or on a
provider network, `site.circuit_terminations`), and the import paths job code names."""

from __future__ import annotations

import importlib

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from circuits.choices import CircuitStatusChoices, CircuitTerminationSideChoices
from circuits.models import Circuit, CircuitTermination
from tests.factories import circuits as c
from tests.factories import dcim as f

pytestmark = pytest.mark.django_db


def test_a_circuit_takes_netbox_status_values_and_has_every_circuit_status():
    circuit = c.CircuitFactory()
    for slug in CircuitStatusChoices.values():
        circuit.status = slug
        circuit.full_clean()
        circuit.save()
        assert Circuit.objects.get(pk=circuit.pk).status == slug
    assert Circuit.objects.filter(status=CircuitStatusChoices.STATUS_DECOMMISSIONED).count() == 1
    assert circuit.get_status_display() == "Decommissioned"


def test_a_site_status_that_circuits_do_not_have_is_refused():
    f.status("retired")
    circuit = c.CircuitFactory()
    with pytest.raises(ValueError, match="not a status of circuit"):
        circuit.status = "retired"


def test_the_circuit_id_is_unique_per_provider_only():
    circuit = c.CircuitFactory(cid="CID-1")
    c.CircuitFactory(cid="CID-1")  # another provider's
    with pytest.raises(IntegrityError), transaction.atomic():
        c.CircuitFactory(cid="CID-1", provider=circuit.provider)


def test_nautobot_2x_circuit_type_is_the_netbox_type_in_attributes_and_queries():
    kind = c.CircuitTypeFactory(name="Internet Transit")
    provider = c.ProviderFactory()
    circuit = Circuit(cid="N2-1", provider=provider, circuit_type=kind, status="active")
    circuit.validated_save()
    assert circuit.type == kind and circuit.circuit_type == kind
    assert list(Circuit.objects.filter(circuit_type=kind)) == [circuit]
    assert list(Circuit.objects.filter(circuit_type__name="Internet Transit")) == [circuit]
    assert not Circuit.objects.exclude(circuit_type=kind).exists()
    assert kind.slug == "internet-transit"  # Nautobot 2.x gives none: one is made


def test_each_side_once_and_netbox_and_nautobot_names_of_the_sides():
    circuit = c.CircuitFactory()
    a = c.CircuitTerminationFactory(circuit=circuit, term_side=CircuitTerminationSideChoices.SIDE_A)
    assert circuit.termination_a == a and circuit.termination_z is None
    z = c.CircuitTerminationFactory(circuit=circuit, term_side="Z")
    circuit = Circuit.objects.get(pk=circuit.pk)
    assert (circuit.termination_a, circuit.termination_z) == (a, z)
    assert (circuit.circuit_termination_a, circuit.circuit_termination_z) == (a, z)
    assert list(Circuit.objects.filter(circuit_terminations__site=a.site)) == [circuit]
    assert set(circuit.circuit_terminations.all()) == {a, z}
    assert a.peer_termination == z and z.get_peer_termination() == a
    duplicate = CircuitTermination(circuit=circuit, term_side="A", site=a.site)
    with pytest.raises(ValidationError, match="already exists"):
        duplicate.full_clean()
    assert str(a) == f"{circuit.cid}: Termination A"


def test_a_termination_at_a_site_is_in_its_location_and_the_site_lists_it():
    site = f.SiteFactory(name="Paris")
    termination = c.CircuitTerminationFactory(site=site)
    termination.full_clean()
    assert termination.location.site == site  # Nautobot 2.x's place: the site's location
    assert list(site.circuit_terminations.all()) == [termination]
    assert list(termination.location.circuit_terminations.all()) == [termination]


def test_a_termination_given_a_location_nautobot_style_is_at_that_locations_site():
    site = f.SiteFactory(name="Berlin")
    termination = c.CircuitTerminationFactory(site=site)
    site_location = termination.location
    building = f.LocationFactory(
        name="Berlin DC", parent=site_location, location_type=f.LocationTypeFactory(name="Building")
    )
    other = CircuitTermination(circuit=c.CircuitFactory(), term_side="Z", location=building)
    other.validated_save()
    assert other.site == site and other.location == building


def test_a_termination_is_at_a_site_or_on_a_provider_network_not_both_nor_neither():
    network = c.ProviderNetworkFactory()
    on_network = c.CircuitTerminationFactory(provider_network=network)
    on_network.full_clean()
    assert on_network.site is None and list(network.circuit_terminations.all()) == [on_network]
    assert list(network.provider.provider_networks.all()) == [network]
    with pytest.raises(ValidationError, match="needs a site"):
        CircuitTermination(circuit=c.CircuitFactory(), term_side="A").full_clean()
    with pytest.raises(ValidationError, match="not both"):
        CircuitTermination(
            circuit=c.CircuitFactory(), term_side="A", site=f.SiteFactory(), provider_network=network
        ).full_clean()


def test_moving_a_termination_to_another_site_moves_its_location():
    termination = c.CircuitTerminationFactory()
    elsewhere = f.SiteFactory()
    termination.site = elsewhere
    termination.validated_save()
    assert termination.location.site == elsewhere


@pytest.mark.parametrize(
    "path, names",
    [
        ("circuits.models", ("Provider", "ProviderNetwork", "CircuitType", "Circuit", "CircuitTermination")),
        (
            "nautobot.circuits.models",
            ("Provider", "ProviderNetwork", "CircuitType", "Circuit", "CircuitTermination"),
        ),
        ("circuits.choices", ("CircuitStatusChoices", "CircuitTerminationSideChoices")),
        ("nautobot.circuits.choices", ("CircuitStatusChoices", "CircuitTerminationSideChoices")),
    ],
)
def test_the_import_paths_job_code_uses(path, names):
    module = importlib.import_module(path)
    for name in names:
        assert getattr(module, name) is getattr(importlib.import_module(path.removeprefix("nautobot.")), name)
