"""Management commands of the inventory."""
