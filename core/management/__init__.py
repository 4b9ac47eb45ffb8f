"""Management commands of the platform."""
