"""A Nautobot 2.x job as its authors write it: reserve the next free /30 point-to-point links in a container
prefix and number both ends of each."""

import netaddr
from nautobot.apps.jobs import IntegerVar, Job, ObjectVar, StringVar, register_jobs
from nautobot.extras.models import Status
from nautobot.ipam.models import IPAddress, Prefix

name = "Point-to-point links (Nautobot 2.x)"


class ReservePointToPointLinks(Job):
    """Carve the next free /30s out of a container and reserve both host addresses of each."""

    container = ObjectVar(model=Prefix, description="Where the links are carved from")
    count = IntegerVar(default=1, min_value=1, max_value=64)
    description = StringVar(default="p2p link", required=False)

    class Meta:
        name = "Reserve point-to-point links"
        has_sensitive_variables = False

    def run(self, *, container, count, description):
        active = Status.objects.get(name="Active")
        reserved = Status.objects.get(name="Reserved")
        links = []
        for number in range(1, count + 1):
            network = next(
                (
                    netaddr.IPNetwork(f"{block.network}/30")
                    for block in container.get_available_prefixes().iter_cidrs()
                    if block.prefixlen <= 30
                ),
                None,
            )
            if network is None:
                self.logger.failure("%s has no free /30 left after %d link(s)", container, len(links))
                raise RuntimeError(f"{container} is full")
            link = Prefix.objects.create(
                prefix=str(network), status=active, description=f"{description} {number}".strip()
            )
            ends = []
            for _ in range(2):
                ip = IPAddress.objects.create(
                    address=str(link.get_first_available_ip()), status=reserved, description=link.description
                )
                ends.append(str(ip))
            self.logger.success("Reserved %s: %s", link, " <-> ".join(ends), extra={"object": link})
            links.append({"prefix": str(link), "a_end": ends[0], "b_end": ends[1]})
        return links


register_jobs(ReservePointToPointLinks)
