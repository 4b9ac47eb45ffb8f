"""The inventory's REST API."""
