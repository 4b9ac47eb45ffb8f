"""Admin pages of IPAM (a fallback editor): generated from the declarations, prefixes and addresses edited as
text through the UI's own forms."""

from core.declarations import declaration_for
from core.declarations.admin import register_admins
from ipam import declarations  # noqa: F401 - the models' declarations, before the admin reads them
from ipam.models import Aggregate, IPAddress, IPRange, Prefix

register_admins(
    "ipam",
    prefix={"form": declaration_for(Prefix).form},
    ipaddress={"form": declaration_for(IPAddress).form},
    aggregate={"form": declaration_for(Aggregate).form},
    iprange={"form": declaration_for(IPRange).form},
)
