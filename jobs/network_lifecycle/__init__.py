"""Example in Nautobot 2.x's dialect: a package of jobs, as a Nautobot 2.x/3.x author keeps one.

`register_jobs()` here decides which classes are jobs; the modules share code through `inventory.py`. It runs
here as it is, from JOBS_ROOT or from the `jobs/` package of a Git repository.
"""

from nautobot.apps.jobs import register_jobs

from .addressing import AssignManagementAddress
from .reports import LocationInventory
from .status import ChangeDeviceStatus

register_jobs(LocationInventory, ChangeDeviceStatus, AssignManagementAddress)
