"""serve and database."""
