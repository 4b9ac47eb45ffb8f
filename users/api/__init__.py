"""The users REST API and token authentication."""
