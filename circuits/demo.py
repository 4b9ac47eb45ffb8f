"""Circuits' part of the demo inventory: two providers, a provider network, circuits between the demo's sites
(one cabled at both ends to the routers, so a path runs through it) and an internet circuit not cabled yet."""

from __future__ import annotations

import datetime

from circuits.choices import CircuitStatusChoices
from circuits.models import Circuit, CircuitTermination, CircuitType, Provider, ProviderNetwork
from circuits.statuses import circuit_statuses
from core.demo import DemoLoader, register_demo
from dcim.models import Cable, Interface, Site

PROVIDERS = [
    ("EuroFiber", {"asn": 64501, "account": "EF-20417", "portal_url": "https://portal.eurofiber.example"}),
    ("TransitNet", {"asn": 64502, "account": "TN-88", "noc_contact": "noc@transitnet.example"}),
]
TYPES = [("Dark Fiber", "Point-to-point fibre"), ("Internet Transit", ""), ("MPLS", "Provider VPN")]
# cid, provider, type, status, commit rate (Kbps), A side (site slug), Z side (site slug or provider network).
CIRCUITS = [
    (
        "EF-PAR-BER-01",
        "EuroFiber",
        "Dark Fiber",
        CircuitStatusChoices.STATUS_ACTIVE,
        10_000_000,
        "paris",
        "berlin",
    ),
    (
        "TN-LYO-INET-01",
        "TransitNet",
        "Internet Transit",
        CircuitStatusChoices.STATUS_ACTIVE,
        500_000,
        "lyon-branch",
        None,
    ),
    (
        "TN-MPLS-PAR-01",
        "TransitNet",
        "MPLS",
        CircuitStatusChoices.STATUS_PLANNED,
        100_000,
        "paris",
        "TransitNet MPLS",
    ),
]
# The routers' interfaces cabled to the first circuit's sides.
CABLED = {
    ("EF-PAR-BER-01", "A"): ("par-rtr-01", "Ethernet2"),
    ("EF-PAR-BER-01", "Z"): ("ber-rtr-01", "Ethernet2"),
}


@register_demo
def load_circuits(demo: DemoLoader) -> None:
    statuses = circuit_statuses()
    providers = {
        name: demo.get_or_create(Provider, name=name, defaults=details) for name, details in PROVIDERS
    }
    network = demo.get_or_create(
        ProviderNetwork,
        provider=providers["TransitNet"],
        name="TransitNet MPLS",
        defaults={"service_id": "VPN-4471"},
    )
    types = {
        name: demo.get_or_create(CircuitType, name=name, defaults={"description": description})
        for name, description in TYPES
    }
    for cid, provider, kind, status, rate, side_a, side_z in CIRCUITS:
        circuit = demo.get_or_create(
            Circuit,
            provider=providers[provider],
            cid=cid,
            defaults={
                "type": types[kind],
                "status": statuses[status],
                "commit_rate": rate,
                "install_date": datetime.date(2024, 3, 1) if status == "active" else None,
            },
        )
        for side, end in (("A", side_a), ("Z", side_z)):
            if end is None:
                continue
            place = (
                {"provider_network": network} if end == network.name else {"site": Site.objects.get(slug=end)}
            )
            termination = demo.get_or_create(
                CircuitTermination, circuit=circuit, term_side=side, defaults={"port_speed": rate, **place}
            )
            device_port = CABLED.get((cid, side))
            if device_port is not None and termination.cable_id is None:
                interface = Interface.objects.filter(device__name=device_port[0], name=device_port[1]).first()
                if interface is not None and interface.cable_id is None:
                    demo.save(Cable(termination_a=interface, termination_b=termination))
