"""Admin pages of the inventory (a fallback editor; the UI is the main one), generated from the declarations."""

from core.declarations.admin import register_admins
from dcim import declarations  # noqa: F401 - the models' declarations, before the admin reads them

register_admins("dcim")
