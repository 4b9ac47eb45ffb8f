"""Real-shaped circuit jobs, unchanged, run through the runner (issue 24): a NetBox report counting circuits per
provider and flagging active circuits whose A side has no cable (tests/fixture_jobs/netbox_circuits.py), and a
Nautobot 2.x job listing the circuits of a location (nautobot2_circuits.py)."""

from __future__ import annotations

import pytest

from dcim.models import Cable
from extras.choices import JobResultStatusChoices as Status
from extras.engine.loading import loader
from tests.extras.compat.conftest import run_here
from tests.factories import circuits as c
from tests.factories import dcim as f

pytestmark = pytest.mark.django_db


@pytest.fixture
def circuits(inventory):
    """Two providers: a cabled and an uncabled active circuit at Paris, a planned one at Berlin."""
    paris, berlin = f.SiteFactory(name="Paris"), f.SiteFactory(name="Berlin")
    fiber, transit = c.ProviderFactory(name="EuroFiber"), c.ProviderFactory(name="TransitNet")
    c.ProviderFactory(name="Idle Carrier")
    kind = c.CircuitTypeFactory(name="Internet Transit")
    cabled = c.CircuitFactory(cid="EF-1", provider=fiber, type=kind, commit_rate=10_000)
    uncabled = c.CircuitFactory(cid="TN-1", provider=transit, type=kind, commit_rate=500)
    planned = c.CircuitFactory(cid="TN-2", provider=transit, type=kind, status=c.circuit_status("planned"))
    a = c.CircuitTerminationFactory(circuit=cabled, site=paris)
    c.CircuitTerminationFactory(circuit=uncabled, site=paris)
    c.CircuitTerminationFactory(circuit=planned, site=berlin)
    Cable(
        termination_a=f.InterfaceFactory(device=f.DeviceFactory(site=paris)), termination_b=a
    ).validated_save()
    return {"paris": paris, "berlin": berlin}


def test_the_files_import_without_problems(fixture_jobs):
    modules = {problem.module for problem in loader.problems()}
    assert not modules & {"netbox_circuits", "nautobot2_circuits"}
    assert {"CircuitAudit", "CircuitsAtLocation"} <= set(fixture_jobs)


def test_the_netbox_report_counts_circuits_per_provider_and_flags_uncabled_active_ones(
    fixture_jobs, circuits
):
    result, lines = run_here(fixture_jobs["CircuitAudit"])

    assert result.status == Status.STATUS_FAILED, lines  # a report with a failure fails, as in NetBox
    counts = [message for grouping, level, message in lines if grouping == "test_circuits_per_provider"]
    assert counts == ["1 circuit(s)", "0 circuit(s)", "2 circuit(s)"], (
        lines
    )  # EuroFiber, Idle Carrier, TransitNet
    cabling = [
        (level, message)
        for grouping, level, message in lines
        if grouping == "test_active_circuits_are_cabled"
    ]
    assert ("failure", "A side at Paris has no cable") in cabling
    assert sum(1 for level, _ in cabling if level == "success") == 1
    assert not any("TN-2" in message for _, message in cabling)  # planned: not audited


def test_the_nautobot_job_lists_the_circuits_of_a_location_with_provider_and_commit_rate(
    fixture_jobs, circuits
):
    paris_location = circuits["paris"].circuit_terminations.first().location

    result, lines = run_here(fixture_jobs["CircuitsAtLocation"], {"location": str(paris_location.pk)})

    assert result.status == Status.STATUS_COMPLETED, lines
    messages = [message for _, _, message in lines]
    assert "EF-1 (Internet Transit) from EuroFiber: 10000 Kbps" in messages
    assert "TN-1 (Internet Transit) from TransitNet: 500 Kbps" in messages
    assert not any("TN-2" in message for message in messages)
    assert "2 circuit(s) at Paris, 10500 Kbps committed" in messages
    assert result.return_value == 2
