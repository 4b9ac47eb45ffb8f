"""create_token."""
