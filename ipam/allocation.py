"""Free addresses and prefixes inside a prefix, and allocating them without two writers getting the same one.

Race-free:
- `allocate_ip(s)` and `allocate_prefix(es)` pick and create inside one transaction holding the allocation
  lock: use them from any code (the REST `available-ips`/`available-prefixes` POSTs do).
- `Prefix.get_available_ips()`, `get_first_available_ip()`, `get_available_prefixes()` and
  `get_first_available_prefix()` called inside a transaction (every job runs in one) take the lock too, held
  until that transaction ends: a job that reads what is free and then creates it, as NetBox and Nautobot
  authors write, cannot be raced by another allocation.
Not race-free: the same reads outside a transaction (autocommit: nothing holds the lock until the create).

The lock is a PostgreSQL transaction-level advisory lock with one key, not a row lock on the parent prefix:
prefixes can overlap (10.0.0.0/16 and 10.0.0.0/24 both hand out 10.0.0.1), so locking the parent's row would
not serialise allocations made through different parents, and one key cannot deadlock with itself. It is held
until the transaction ends because another writer sees the new row only once it is committed; releasing it
earlier would let that writer pick the same address. The price: a job that read free space holds it until the
job ends, so other allocations wait for that job; reads outside transactions (REST GETs, pages) never wait.
"""

from __future__ import annotations

import operator
from collections.abc import Iterable, Iterator
from itertools import islice
from typing import TYPE_CHECKING, Any

import netaddr
from django.db import connection, transaction

from core.declarations.fields import has_field
from core.refusals import Refusal

if TYPE_CHECKING:
    from ipam.models import IPAddress, Prefix

# The advisory lock's key, hashed from this name by PostgreSQL.
LOCK_NAME = "ipam.allocation"
DEFAULT_STATUS = "active"


class PrefixFull(Refusal):
    """The prefix has not enough free addresses or room for the requested prefixes (HTTP 409, as NetBox)."""

    status_code = 409


# --- What is free (no lock) ------------------------------------------------------------------------------


def available_ips(prefix: Prefix) -> netaddr.IPSet:
    """Addresses of the prefix no IP address uses; IPv4 network and broadcast excluded below /31.

    An IPSet holds ranges, never single addresses, so a /64 costs as little as a /24. Inside a transaction
    it is read under the allocation lock, held until the transaction ends.
    """
    lock_if_in_transaction()
    network = prefix.prefix
    available = netaddr.IPSet([network])
    if network.version == 4 and network.prefixlen < 31:
        available.remove(network.network)
        available.remove(network.broadcast)
    used = prefix.get_child_ips().values_list("host", flat=True)
    return available - netaddr.IPSet(used)


def iter_available_ips(prefix: Prefix, available: netaddr.IPSet | None = None) -> Iterator[netaddr.IPNetwork]:
    """Free addresses in order, each with the prefix's mask (10.0.0.1/24), computed lazily."""
    available = available_ips(prefix) if available is None else available
    for address_range in available.iter_ipranges():
        for address in address_range:
            yield netaddr.IPNetwork(f"{address}/{prefix.prefix_length}")


def first_available_ip(prefix: Prefix) -> netaddr.IPNetwork | None:
    """The lowest free address with the prefix's mask, or None when the prefix is full."""
    return next(iter_available_ips(prefix), None)


def available_prefixes(prefix: Prefix) -> netaddr.IPSet:
    """The parts of the prefix no child prefix covers; inside a transaction, read under the allocation lock."""
    lock_if_in_transaction()
    children = prefix.get_children().only("network", "prefix_length")
    return netaddr.IPSet([prefix.prefix]) - netaddr.IPSet(child.prefix for child in children)


def first_available_prefix(
    prefix: Prefix, prefix_length: int | None = None, available: netaddr.IPSet | None = None
) -> netaddr.IPNetwork | None:
    """The lowest free block of `prefix_length` (default: the first free block as it is), or None."""
    available = available_prefixes(prefix) if available is None else available
    for block in available.iter_cidrs():
        if prefix_length is None:
            return block
        if block.prefixlen <= prefix_length:
            return netaddr.IPNetwork(f"{block.network}/{prefix_length}")
    return None


def utilization(prefix: Prefix) -> tuple[int, int]:
    """(used, size): addresses covered by child prefixes (a container) or used by child IP addresses."""
    network = prefix.prefix
    kind = getattr(prefix, "type", None)  # Nautobot 2.x's prefix type, where it exists
    if kind == "container" or getattr(prefix.status, "slug", None) == "container":
        used = netaddr.IPSet(child.prefix for child in prefix.get_children().only("network", "prefix_length"))
        return used.size, network.size
    size = network.size
    is_pool = kind == "pool" or getattr(prefix, "is_pool", False)
    if network.version == 4 and network.prefixlen < 31 and not is_pool:
        size -= 2  # network and broadcast cannot be used
    return prefix.get_child_ips().values("host").distinct().count(), size


class Utilization(tuple):
    """Nautobot 2.x's `UtilizationData(numerator, denominator)`, which NetBox code can use as its percentage.

    NetBox's `get_utilization()` answers a percentage (`if prefix.get_utilization() > 80`, `f"{u}%"`) and
    Nautobot's a pair (`u.numerator / u.denominator`); compared with or formatted as a number, this is the
    percentage, capped at 100 as NetBox's is.
    """

    __slots__ = ()

    def __new__(cls, numerator: int, denominator: int) -> Utilization:
        return super().__new__(cls, (numerator, denominator))

    numerator = property(lambda self: self[0])
    denominator = property(lambda self: self[1])

    @property
    def percentage(self) -> float:
        return min(100.0, self[0] / self[1] * 100) if self[1] else 0.0

    def __repr__(self) -> str:
        return f"UtilizationData(numerator={self[0]}, denominator={self[1]})"

    def __str__(self) -> str:
        return f"{self.percentage:g}"

    def __format__(self, spec: str) -> str:
        return format(self.percentage, spec) if spec else str(self)

    def __float__(self) -> float:
        return self.percentage

    def __int__(self) -> int:
        return int(self.percentage)

    def __round__(self, digits: int | None = None):
        return round(self.percentage, digits)

    def _compare(self, other, op):
        if isinstance(other, int | float):
            return op(self.percentage, other)
        return op(tuple(self), other)

    def __eq__(self, other) -> bool:
        return self._compare(other, operator.eq)

    def __ne__(self, other) -> bool:
        return self._compare(other, operator.ne)

    def __lt__(self, other) -> bool:
        return self._compare(other, operator.lt)

    def __le__(self, other) -> bool:
        return self._compare(other, operator.le)

    def __gt__(self, other) -> bool:
        return self._compare(other, operator.gt)

    def __ge__(self, other) -> bool:
        return self._compare(other, operator.ge)

    __hash__ = tuple.__hash__


# --- Allocating (locked) ---------------------------------------------------------------------------------


def lock_allocations() -> None:
    """Wait for the allocation lock, then hold it until the transaction ends."""
    if not connection.in_atomic_block:
        raise RuntimeError("lock_allocations() needs a transaction: call it inside transaction.atomic().")
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_advisory_xact_lock(hashtext(%s))", [LOCK_NAME])


def lock_if_in_transaction() -> None:
    """The lock for a read of free space that a create may follow in the same transaction (a job's)."""
    if connection.in_atomic_block:
        lock_allocations()


def allocate_ips(prefix: Prefix, count: int, **fields: Any) -> list[IPAddress]:
    """Create `count` IP addresses at the prefix's lowest free addresses, race-free; `fields` apply to each.

    The status defaults to active, the VRF to the prefix's (where VRFs exist). Raises PrefixFull when
    fewer than `count` addresses are free.
    """
    with transaction.atomic():
        lock_allocations()
        addresses = next_free_ips(prefix, count)
        return [_create_ip(prefix, address, fields) for address in addresses]


def allocate_ip(prefix: Prefix, **fields: Any) -> IPAddress:
    """Create one IP address at the prefix's lowest free address, race-free (see `allocate_ips`)."""
    return allocate_ips(prefix, 1, **fields)[0]


def allocate_prefixes(prefix: Prefix, prefix_lengths: Iterable[int], **fields: Any) -> list[Prefix]:
    """Create child prefixes of the given lengths in the lowest free space, race-free; `fields` apply to each."""
    with transaction.atomic():
        lock_allocations()
        networks = next_free_prefixes(prefix, prefix_lengths)
        return [_create_prefix(prefix, network, fields) for network in networks]


def allocate_prefix(prefix: Prefix, prefix_length: int, **fields: Any) -> Prefix:
    """Create one child prefix of `prefix_length` in the lowest free space, race-free."""
    return allocate_prefixes(prefix, [prefix_length], **fields)[0]


def next_free_ips(prefix: Prefix, count: int) -> list[netaddr.IPNetwork]:
    """The `count` lowest free addresses with the prefix's mask; PrefixFull when there are fewer.

    Hold the allocation lock (`lock_allocations`) until the addresses are created, or they may be taken.
    """
    available = available_ips(prefix)
    if available.size < count:
        raise PrefixFull(
            f"An insufficient number of IP addresses are available within {prefix} "
            f"({count} requested, {available.size} available)."
        )
    return list(islice(iter_available_ips(prefix, available), count))


def next_free_prefixes(prefix: Prefix, prefix_lengths: Iterable[int]) -> list[netaddr.IPNetwork]:
    """The lowest free blocks of the given lengths, taken in turn; PrefixFull when one does not fit.

    Hold the allocation lock (`lock_allocations`) until the prefixes are created, or they may be taken.
    """
    available = available_prefixes(prefix)
    networks = []
    for length in prefix_lengths:
        network = first_available_prefix(prefix, length, available)
        if network is None:
            raise PrefixFull(
                f"Insufficient space is available within {prefix} to accommodate the requested prefix size(s)."
            )
        available.remove(network)
        networks.append(network)
    return networks


def _with_parent_defaults(prefix: Prefix, model: type, fields: dict[str, Any]) -> dict[str, Any]:
    fields = dict(fields)
    fields.setdefault("status", DEFAULT_STATUS)
    if has_field(model, "vrf") and has_field(type(prefix), "vrf") and "vrf" not in fields:
        fields.setdefault("vrf_id", prefix.vrf_id)
    return fields


def _create_ip(prefix: Prefix, address: netaddr.IPNetwork, fields: dict[str, Any]) -> IPAddress:
    # By the app registry, not an import: the models import this module.
    IPAddress = prefix._meta.apps.get_model("ipam", "IPAddress")
    ip_address = IPAddress(address=address, **_with_parent_defaults(prefix, IPAddress, fields))
    ip_address.full_clean()
    ip_address.save()
    return ip_address


def _create_prefix(parent: Prefix, network: netaddr.IPNetwork, fields: dict[str, Any]) -> Prefix:
    model = type(parent)
    child = model(prefix=network, **_with_parent_defaults(parent, model, fields))
    child.full_clean()
    child.save()
    return child
