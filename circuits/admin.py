"""Admin pages of circuits (a fallback editor), generated from the declarations."""

from circuits import declarations  # noqa: F401 - the models' declarations, before the admin reads them
from core.declarations.admin import register_admins

register_admins("circuits")
