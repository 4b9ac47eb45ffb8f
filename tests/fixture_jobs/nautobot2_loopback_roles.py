"""A job written for Nautobot 2.x, kept as it would run there: addresses on loopback interfaces should have the
"Loopback" role; it lists the others and, when asked, gives them the role."""

from nautobot.apps.jobs import BooleanVar, Job, register_jobs
from nautobot.dcim.models import Interface
from nautobot.extras.models import Role

name = "IPAM audits (Nautobot 2.x)"


class LoopbackAddressRoles(Job):
    """Every address on a loopback interface has the Loopback role."""

    fix = BooleanVar(default=False, description="Give the Loopback role to the addresses without it")

    class Meta:
        name = "Loopback addresses have the Loopback role"
        has_sensitive_variables = False

    def run(self, *, fix):
        loopback = Role.objects.get(name="Loopback")
        wrong = []
        for interface in Interface.objects.filter(name__istartswith="loopback").select_related("device"):
            for ip in interface.ip_addresses.all():
                if ip.role == loopback:
                    continue
                wrong.append(str(ip))
                if fix:
                    ip.role = loopback
                    ip.validated_save()
                    self.logger.success("Role set to Loopback", extra={"object": ip})
                else:
                    self.logger.warning(
                        "%s on %s has role %s",
                        ip,
                        interface.device.name,
                        ip.role or "none",
                        extra={"object": ip},
                    )
        self.logger.info("%d loopback address(es) without the Loopback role", len(wrong))
        return {"without_role": wrong, "fixed": bool(fix)}


register_jobs(LoopbackAddressRoles)
