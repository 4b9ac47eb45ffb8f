"""A router's interface cabled to a circuit termination (issue 24), by NetBox's cabling rules: the content
types, the compatibility table, each end's `cable`, and the path through the circuit (dcim/paths.py)."""

from __future__ import annotations

import pytest
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError

import dcim.constants
from circuits.models import CircuitTermination
from dcim.models import Cable, Interface
from tests.api_base import client_for
from tests.factories import circuits as c
from tests.factories import dcim as f
from tests.factories.users import SuperuserFactory

pytestmark = pytest.mark.django_db


def cable(a, b) -> Cable:
    instance = Cable(termination_a=a, termination_b=b)
    instance.validated_save()
    return instance


def test_netbox_cabling_rules_for_circuit_terminations():
    rules = dcim.constants.COMPATIBLE_TERMINATION_TYPES
    assert rules["circuittermination"] == ["interface", "frontport", "rearport", "circuittermination"]
    assert "circuittermination" in rules["interface"]
    assert (
        ContentType.objects.filter(dcim.constants.CABLE_TERMINATION_MODELS)
        .filter(app_label="circuits", model="circuittermination")
        .exists()
    )


def test_an_interface_cabled_to_a_circuit_termination():
    interface = f.InterfaceFactory(name="Ethernet2")
    termination = c.CircuitTerminationFactory()
    made = cable(interface, termination)
    interface.refresh_from_db()
    termination.refresh_from_db()
    assert interface.cable == made and termination.cable == made
    assert interface.link_peer == termination and termination.link_peers == [interface]
    assert interface.connected_endpoint == termination  # the circuit's other side is not cabled
    assert termination.connected_endpoint == interface
    assert termination.cable_end == "B" and interface.cable_end == "A"
    assert str(made) == f"{interface.display} ↔ {termination.circuit.cid}: Termination A"
    assert Cable.objects.filter(termination_b_type__app_label="circuits").count() == 1


def test_a_path_runs_through_the_circuit_to_the_port_cabled_at_its_other_side():
    circuit = c.CircuitFactory()
    a = c.CircuitTerminationFactory(circuit=circuit, term_side="A")
    z = c.CircuitTerminationFactory(circuit=circuit, term_side="Z")
    paris, berlin = f.InterfaceFactory(), f.InterfaceFactory()
    cable(paris, a)
    cable(z, berlin)
    paris = Interface.objects.get(pk=paris.pk)
    assert paris.connected_endpoint == berlin
    assert Interface.objects.get(pk=berlin.pk).connected_endpoint == paris
    assert paris.connection_status is True


def test_a_path_ends_on_the_provider_network_the_other_side_is_on():
    circuit = c.CircuitFactory()
    a = c.CircuitTerminationFactory(circuit=circuit, term_side="A")
    z = c.CircuitTerminationFactory(
        circuit=circuit, term_side="Z", provider_network=c.ProviderNetworkFactory()
    )
    interface = f.InterfaceFactory()
    cable(interface, a)
    assert Interface.objects.get(pk=interface.pk).connected_endpoint == z.provider_network


def test_a_console_port_or_a_termination_on_a_provider_network_takes_no_such_cable():
    termination = c.CircuitTerminationFactory()
    with pytest.raises(ValidationError, match="not to circuit terminations"):
        cable(f.ConsolePortFactory(), termination)
    on_network = c.CircuitTerminationFactory(provider_network=c.ProviderNetworkFactory())
    with pytest.raises(ValidationError, match="takes no cable: it is on a provider network"):
        cable(f.InterfaceFactory(), on_network)
    cable(f.InterfaceFactory(), termination)
    with pytest.raises(ValidationError, match="already has a cable"):
        cable(f.InterfaceFactory(), termination)


def test_moving_or_deleting_the_cable_keeps_the_terminations_cable_in_step():
    termination = c.CircuitTerminationFactory()
    made = cable(f.InterfaceFactory(), termination)
    made.termination_b = f.InterfaceFactory()
    made.validated_save()
    assert CircuitTermination.objects.get(pk=termination.pk).cable is None
    made.termination_b = termination
    made.validated_save()
    termination.circuit.delete()  # its terminations go, and their cable with them
    assert not Cable.objects.filter(pk=made.pk).exists()


def test_the_rest_api_cables_an_interface_to_a_termination_and_shows_the_connection():
    api = client_for(SuperuserFactory())
    interface = f.InterfaceFactory()
    termination = c.CircuitTerminationFactory()
    response = api.post(
        "/api/dcim/cables/",
        {
            "termination_a_type": "dcim.interface",
            "termination_a_id": str(interface.pk),
            "termination_b_type": "circuits.circuittermination",
            "termination_b_id": str(termination.pk),
        },
        format="json",
    )
    assert response.status_code == 201, response.json()
    assert response.json()["termination_b"]["id"] == str(termination.pk)
    endpoint = api.get(f"/api/dcim/interfaces/{interface.pk}/").json()["connected_endpoint"]
    assert endpoint["id"] == str(termination.pk)
    shown = api.get(f"/api/circuits/circuit-terminations/{termination.pk}/").json()
    assert shown["cable"]["id"] == response.json()["id"]
    assert api.get("/api/dcim/cables/", {"site_id": str(interface.device.site_id)}).json()["count"] == 1


def test_the_pages_show_a_circuit_termination_at_its_site_and_as_a_cable_end(admin_client):
    termination = c.CircuitTerminationFactory()
    interface = f.InterfaceFactory(name="Ethernet7")
    made = cable(interface, termination)
    site_page = admin_client.get(f"/dcim/sites/{termination.site.pk}/").content.decode()
    assert "Circuit terminations" in site_page and str(termination) in site_page
    cables = admin_client.get("/dcim/cables/").content.decode()
    assert str(termination) in cables
    assert admin_client.get(f"/dcim/cables/{made.pk}/").status_code == 200
    form = admin_client.get("/dcim/cables/add/").content.decode()
    assert "circuit termination" in form.lower()
    page = admin_client.get(f"/circuits/circuit-terminations/{termination.pk}/").content.decode()
    assert interface.display in page  # connected to
