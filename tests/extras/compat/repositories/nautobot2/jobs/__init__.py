"""Network jobs for Nautobot 2.x: a Git repository's `jobs` package, as its authors keep it.

Only the classes given to register_jobs() are jobs; the helpers module and the base class are not.
"""

from nautobot.apps.jobs import register_jobs

from .audits.inventory_report import InventoryReport
from .audits.vendors import VendorAudit
from .automation import NoteDeviceButton, WatchManufacturers
from .inventory import DecommissionSite, RenameDevices

register_jobs(
    RenameDevices, DecommissionSite, VendorAudit, InventoryReport, NoteDeviceButton, WatchManufacturers
)
