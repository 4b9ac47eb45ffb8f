"""Accounts: users, API tokens and object permissions."""
