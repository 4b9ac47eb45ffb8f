"""The circuits REST API."""
