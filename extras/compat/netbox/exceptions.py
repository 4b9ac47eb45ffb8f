"""`utilities.exceptions` for NetBox scripts: AbortScript stops a script cleanly with a message."""

from __future__ import annotations

from extras.jobs import AbortJob

__all__ = ["AbortScript"]


class AbortScript(AbortJob):
    """Raise to stop the script with a message and no traceback; its changes are rolled back."""
