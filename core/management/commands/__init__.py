"""bootstrap, serve and database."""
