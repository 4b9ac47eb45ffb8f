"""Shared plumbing: the base model, generic views, tables, forms, search, the API base and the launcher."""
