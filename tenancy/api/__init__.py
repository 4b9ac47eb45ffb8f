"""The tenancy REST API."""
