"""Admin pages of tenancy (a fallback editor), generated from the declarations."""

from core.declarations.admin import register_admins
from tenancy import declarations  # noqa: F401 - the models' declarations, before the admin reads them

register_admins("tenancy")
