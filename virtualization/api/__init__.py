"""The virtualization REST API."""
