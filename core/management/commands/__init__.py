"""serve, database and load_demo_data."""
