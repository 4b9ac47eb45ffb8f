"""bootstrap and create_token."""
