"""NetBox's import path for reports: `from extras.reports import Report` (see extras.compat.netbox.reports)."""

from extras.compat.netbox.reports import Report

__all__ = ["Report"]
