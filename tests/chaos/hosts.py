"""Hosts on one machine: Linux network namespaces on a bridge, each with its own address and host name.

A `Network` is a bridge in this (the "root") namespace, on a private /24 of its own; the test process and
anything it starts directly run on the root host at `.1`. Each `Host` is a network namespace joined to
the bridge by a veth pair, so its processes reach the others only over that link: pulling the link's
bridge end down cuts the host off (its packets vanish, as with a pulled cable, nobody sees a reset),
putting it up heals it. Processes on a host also get a UTS namespace of their own, so
`socket.gethostname()` names the host as it would on a real machine. Needs root and iproute2.
"""

from __future__ import annotations

import contextlib
import ipaddress
import os
import random
import shutil
import signal
import subprocess
from dataclasses import dataclass, field
from pathlib import Path

PREFIX = "jpmh"  # every namespace and link this module makes starts with it (stale ones are found by it)


def ip(*arguments: str, check: bool = True) -> subprocess.CompletedProcess:
    return subprocess.run(["ip", *arguments], capture_output=True, text=True, check=check, timeout=30)


def cannot_make_hosts() -> str | None:
    """Why hosts cannot be made on this machine, or None when they can."""
    if os.geteuid() != 0:
        return "network namespaces need root"
    for program in ("ip", "unshare"):
        if shutil.which(program) is None:
            return f"`{program}` is missing (apt-get install iproute2 util-linux)"
    probe = f"{PREFIX}{os.getpid():06x}-probe"
    made = ip("netns", "add", probe, check=False)
    if made.returncode != 0:
        return f"`ip netns add` failed: {made.stderr.strip()}"
    ip("netns", "del", probe, check=False)
    return None


def free_subnet() -> ipaddress.IPv4Network:
    """A /24 under 10.0.0.0/8 that no address or route of this machine overlaps."""
    taken = [
        ipaddress.ip_network(word, strict=False)
        for line in ip("-4", "route", "show", "table", "all").stdout.splitlines()
        for word in line.split()[:1]
        if "/" in word or word.count(".") == 3
    ]
    taken += [
        ipaddress.ip_interface(word).network
        for line in ip("-4", "-o", "addr").stdout.splitlines()
        for word in line.split()
        if "/" in word and word[0].isdigit()
    ]
    for _ in range(200):
        candidate = ipaddress.ip_network(f"10.{random.randint(100, 250)}.{random.randint(0, 255)}.0/24")
        if not any(candidate.overlaps(other) for other in taken):
            return candidate
    raise RuntimeError("No free 10.x.y.0/24 for the test hosts")


def remove_stale() -> None:
    """Remove the namespaces, links and bridges a test session that died left behind (its pid is gone)."""
    namespaces = [line.split()[0] for line in ip("netns", "list").stdout.splitlines() if line.strip()]
    for name in namespaces:
        if name.startswith(PREFIX) and not _creator_alive(name):
            _kill_namespace(name)
            ip("netns", "del", name, check=False)
    for line in ip("-o", "link", "show").stdout.splitlines():
        name = line.split(":")[1].strip().split("@")[0]
        if name.startswith(PREFIX) and not _creator_alive(name):
            ip("link", "del", name, check=False)


def _creator_alive(name: str) -> bool:
    """Names carry their creator's pid in hex after PREFIX (see Network)."""
    try:
        return pid_alive(int(name[len(PREFIX) :][:6], 16))
    except ValueError:
        return False


def pid_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # someone else's
        return True
    return True


def _kill_namespace(name: str) -> list[int]:
    """SIGKILL every process in namespace `name` (all of them were started there by this suite)."""
    pids = [int(pid) for pid in ip("netns", "pids", name, check=False).stdout.split()]
    for pid in pids:
        with contextlib.suppress(ProcessLookupError):
            os.kill(pid, signal.SIGKILL)
    return pids


@dataclass
class Host:
    """One namespace host: `address` on the bridge, `link` the bridge end of its cable."""

    name: str
    namespace: str
    link: str
    address: str
    processes: list[subprocess.Popen] = field(default_factory=list)

    def start(self, command: list[str], *, env: dict[str, str], log: Path, cwd: str | None = None):
        """Run `command` on this host (its network, its host name), output to `log`."""
        wrapped = ["ip", "netns", "exec", self.namespace, "unshare", "--uts", "--"]
        wrapped += ["sh", "-c", 'hostname "$0" && exec "$@"', self.name, *command]
        with open(log, "ab") as output:
            process = subprocess.Popen(
                wrapped,
                env=env,
                cwd=cwd,
                stdin=subprocess.DEVNULL,
                stdout=output,
                stderr=subprocess.STDOUT,
                process_group=0,
            )
        self.processes.append(process)
        return process

    def run(self, command: list[str], *, timeout: float = 60) -> subprocess.CompletedProcess:
        """Run a short command on this host and return what it printed."""
        wrapped = ["ip", "netns", "exec", self.namespace, *command]
        return subprocess.run(wrapped, capture_output=True, text=True, timeout=timeout, check=False)

    def cut(self) -> None:
        """Pull the cable: nothing reaches the host or leaves it, and nobody is told."""
        ip("link", "set", self.link, "down")

    def heal(self) -> None:
        ip("link", "set", self.link, "up")

    def kill(self) -> None:
        """Every process on the host dies at once, as in a power cut (cut() first: no goodbye is sent)."""
        _kill_namespace(self.namespace)
        for process in self.processes:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(process.pid, signal.SIGKILL)
            process.wait()

    def remove(self) -> None:
        self.kill()
        # The link first: a namespace outlives its deletion while sockets of killed processes linger in it.
        ip("link", "del", self.link, check=False)
        ip("netns", "del", self.namespace, check=False)


class Network:
    """A bridge and the hosts on it; `remove()` takes everything down again."""

    def __init__(self):
        self.tag = f"{PREFIX}{os.getpid():06x}"  # 10 characters: a link name (tag + host) has at most 15
        self.subnet = free_subnet()
        addresses = self.subnet.hosts()
        self.root_address = str(next(addresses))
        self._addresses = addresses
        self.bridge = f"{self.tag}br"
        self.hosts: list[Host] = []
        ip("link", "add", self.bridge, "type", "bridge")
        ip("addr", "add", f"{self.root_address}/{self.subnet.prefixlen}", "dev", self.bridge)
        ip("link", "set", self.bridge, "up")

    def add_host(self, name: str) -> Host:
        """A new namespace host called `name` (at most 5 characters), up and reachable."""
        host = Host(
            name=name,
            namespace=f"{self.tag}-{name}",
            link=f"{self.tag}{name}"[:15],
            address=str(next(self._addresses)),
        )
        ip("netns", "add", host.namespace)
        self.hosts.append(host)
        ip("link", "add", host.link, "type", "veth", "peer", "name", "eth0", "netns", host.namespace)
        ip("link", "set", host.link, "master", self.bridge, "up")
        ip("-n", host.namespace, "addr", "add", f"{host.address}/{self.subnet.prefixlen}", "dev", "eth0")
        ip("-n", host.namespace, "link", "set", "eth0", "up")
        ip("-n", host.namespace, "link", "set", "lo", "up")
        return host

    def host(self, name: str) -> Host:
        return next(host for host in self.hosts if host.name == name)

    def remove(self) -> None:
        for host in reversed(self.hosts):  # the clients before the servers they would reconnect to
            host.remove()
        ip("link", "del", self.bridge, check=False)
