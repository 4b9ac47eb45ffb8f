"""Allocation (ipam/allocation.py): what is free, the next free address or prefix created, and no two
concurrent allocations getting the same one (threads with their own database connections)."""

from __future__ import annotations

import threading
from concurrent.futures import ThreadPoolExecutor

import netaddr
import pytest
from django.db import connection, transaction

from ipam import allocation
from ipam.allocation import PrefixFull, allocate_ip, allocate_ips, allocate_prefix, allocate_prefixes
from ipam.models import IPAddress, Prefix
from tests.factories.dcim import status
from tests.factories.ipam import IPAddressFactory, PrefixFactory


@pytest.mark.django_db
def test_available_ips_skip_used_addresses_and_ipv4_network_and_broadcast():
    prefix = PrefixFactory(prefix="10.9.0.0/29")
    IPAddressFactory(address="10.9.0.1/29")
    IPAddressFactory(address="10.9.0.3/29")
    assert prefix.get_available_ips() == netaddr.IPSet(["10.9.0.2/32", "10.9.0.4/31", "10.9.0.6/32"])
    assert prefix.get_first_available_ip() == netaddr.IPNetwork("10.9.0.2/29")


@pytest.mark.django_db
def test_a_huge_ipv6_prefix_is_answered_without_enumerating_it():
    prefix = PrefixFactory(prefix="2001:db8::/32")
    IPAddressFactory(address="2001:db8::/32")
    available = prefix.get_available_ips()
    assert available.size == 2**96 - 1
    assert len(available.iter_cidrs()) == 96  # ranges, not addresses
    assert prefix.get_first_available_ip() == netaddr.IPNetwork("2001:db8::1/32")


@pytest.mark.django_db
def test_available_prefixes_and_the_first_of_a_length():
    parent = PrefixFactory(prefix="10.8.0.0/22")
    PrefixFactory(prefix="10.8.0.0/24")
    PrefixFactory(prefix="10.8.2.0/25")
    assert parent.get_available_prefixes() == netaddr.IPSet(["10.8.1.0/24", "10.8.2.128/25", "10.8.3.0/24"])
    assert parent.get_first_available_prefix() == netaddr.IPNetwork("10.8.1.0/24")
    assert parent.get_first_available_prefix(25) == netaddr.IPNetwork("10.8.1.0/25")
    assert parent.get_first_available_prefix(30) == netaddr.IPNetwork("10.8.1.0/30")
    assert parent.get_first_available_prefix(21) is None


@pytest.mark.django_db
def test_utilization_has_nautobots_pair_and_netboxs_percentage():
    prefix = PrefixFactory(prefix="10.7.0.0/30")  # 2 usable addresses
    IPAddressFactory(address="10.7.0.1/30")
    utilization = prefix.get_utilization()
    assert (utilization.numerator, utilization.denominator) == (1, 2) == tuple(utilization)
    assert utilization == 50 and utilization > 49.5 and utilization < 51
    assert f"{utilization}%" == "50%" and f"{utilization:.1f}" == "50.0" and round(utilization) == 50
    assert repr(utilization) == "UtilizationData(numerator=1, denominator=2)"

    container = PrefixFactory(prefix="10.6.0.0/16", status=status("container"))
    PrefixFactory(prefix="10.6.0.0/18")
    assert tuple(container.get_utilization()) == (2**14, 2**16) and int(container.get_utilization()) == 25


@pytest.mark.django_db
def test_allocate_ip_creates_the_next_free_address_with_the_fields_given():
    prefix = PrefixFactory(prefix="10.5.0.0/24")
    IPAddressFactory(address="10.5.0.1/24")
    created = allocate_ip(prefix, description="uplink", dns_name="gw.example.com")
    created.refresh_from_db()
    assert (str(created.address), created.description, created.dns_name) == (
        "10.5.0.2/24",
        "uplink",
        "gw.example.com",
    )
    assert created.status.slug == "active"
    several = allocate_ips(prefix, 3, status="reserved")
    assert [str(ip.address) for ip in several] == ["10.5.0.3/24", "10.5.0.4/24", "10.5.0.5/24"]
    assert {ip.status.slug for ip in several} == {"reserved"}


@pytest.mark.django_db
def test_allocating_from_a_full_prefix_is_refused_and_creates_nothing():
    prefix = PrefixFactory(prefix="10.4.0.0/30")
    IPAddressFactory(address="10.4.0.1/30")
    with pytest.raises(PrefixFull, match=r"\(2 requested, 1 available\)") as excinfo:
        allocate_ips(prefix, 2)
    assert excinfo.value.status_code == 409
    assert IPAddress.objects.count() == 1
    allocate_ip(prefix)
    with pytest.raises(PrefixFull):
        allocate_ip(prefix)


@pytest.mark.django_db
def test_allocate_prefixes_fills_the_lowest_free_space():
    parent = PrefixFactory(prefix="10.3.0.0/24")
    PrefixFactory(prefix="10.3.0.0/26")
    links = allocate_prefixes(parent, [30, 30, 27], description="p2p")
    assert [str(p.prefix) for p in links] == ["10.3.0.64/30", "10.3.0.68/30", "10.3.0.96/27"]
    assert {p.description for p in links} == {"p2p"}
    assert str(allocate_prefix(parent, 25).prefix) == "10.3.0.128/25"
    with pytest.raises(PrefixFull, match="Insufficient space"):
        allocate_prefix(parent, 26)
    assert Prefix.objects.count() == 6


@pytest.mark.django_db(transaction=True)
def test_the_lock_is_refused_outside_a_transaction_where_it_would_be_released_at_once():
    with pytest.raises(RuntimeError, match=r"inside transaction\.atomic"):
        allocation.lock_allocations()


# --- Real concurrency: threads, each with its own database connection and transactions -------------------

THREADS = 8
PER_THREAD = 5


def run_concurrently(work) -> list:
    """Call `work(i)` in THREADS threads released together; each closes its own connection."""
    barrier = threading.Barrier(THREADS)

    def run(index: int):
        try:
            barrier.wait()
            return work(index)
        finally:
            connection.close()

    with ThreadPoolExecutor(THREADS) as pool:
        return list(pool.map(run, range(THREADS)))


@pytest.mark.django_db(transaction=True)
def test_concurrent_allocations_never_hand_out_the_same_address():
    prefix = PrefixFactory(prefix="10.2.0.0/24")

    def allocate_some(index: int) -> list[str]:
        return [str(allocate_ip(prefix, description=f"thread {index}").address) for _ in range(PER_THREAD)]

    allocated = [address for addresses in run_concurrently(allocate_some) for address in addresses]

    assert len(allocated) == THREADS * PER_THREAD
    assert len(set(allocated)) == len(allocated), sorted(allocated)
    hosts = list(IPAddress.objects.values_list("host", flat=True))
    assert len(hosts) == len(set(hosts)) == THREADS * PER_THREAD


@pytest.mark.django_db(transaction=True)
def test_concurrent_jobs_allocating_inside_their_own_transactions_never_collide():
    """As a job does: a longer transaction that allocates, then goes on working before it commits."""
    prefix = PrefixFactory(prefix="10.1.0.0/24")

    def job(index: int) -> list[str]:
        with transaction.atomic():
            addresses = [str(allocate_ip(prefix).address) for _ in range(2)]
            IPAddress.objects.filter(host__in=[a.split("/")[0] for a in addresses]).update(
                description=f"job {index}"
            )
            return addresses

    allocated = [address for addresses in run_concurrently(job) for address in addresses]
    assert len(set(allocated)) == len(allocated) == THREADS * 2, sorted(allocated)


@pytest.mark.django_db(transaction=True)
def test_concurrent_prefix_allocations_never_overlap():
    parent = PrefixFactory(prefix="10.0.0.0/22")

    def allocate_links(index: int) -> list[str]:
        return [str(allocate_prefix(parent, 30).prefix) for _ in range(PER_THREAD)]

    allocated = [network for networks in run_concurrently(allocate_links) for network in networks]
    assert len(set(allocated)) == len(allocated) == THREADS * PER_THREAD, sorted(allocated)
    assert netaddr.IPSet(allocated).size == 4 * THREADS * PER_THREAD  # disjoint


@pytest.mark.django_db(transaction=True)
def test_jobs_reading_the_first_free_address_then_creating_it_never_collide():
    """The idiom of NetBox and Nautobot job authors, in a transaction as every job runs: race-free here."""
    prefix = PrefixFactory(prefix="10.0.8.0/24")
    prefixes = PrefixFactory(prefix="10.0.16.0/22")

    def job(index: int) -> tuple[str, str]:
        with transaction.atomic():
            address = prefix.get_first_available_ip()
            IPAddress.objects.create(address=address, status=status(), description=f"job {index}")
            free = prefixes.get_available_prefixes().iter_cidrs()
            network = next(
                netaddr.IPNetwork(f"{block.network}/30") for block in free if block.prefixlen <= 30
            )
            Prefix.objects.create(prefix=network, status=status())
            return str(address), str(network)

    results = run_concurrently(job)
    addresses, networks = [a for a, _ in results], [n for _, n in results]
    assert len(set(addresses)) == len(addresses) == THREADS, sorted(addresses)
    assert len(set(networks)) == len(networks) == THREADS, sorted(networks)


@pytest.mark.django_db(transaction=True)
def test_reading_outside_a_transaction_takes_no_lock():
    prefix = PrefixFactory(prefix="10.0.9.0/24")
    assert str(prefix.get_first_available_ip()) == "10.0.9.1/24"
    assert str(prefix.get_first_available_prefix(30)) == "10.0.9.0/30"
