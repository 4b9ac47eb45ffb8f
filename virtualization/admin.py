"""Admin pages of virtualization (a fallback editor), generated from the declarations."""

from core.declarations.admin import register_admins
from virtualization import declarations  # noqa: F401 - the models' declarations, before the admin reads them

register_admins("virtualization")
