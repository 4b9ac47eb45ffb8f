"""Fixtures for the jobs API tests: the superuser client here authenticates with a token."""

from __future__ import annotations

import pytest


@pytest.fixture
def admin_client(superuser, token_client):
    """Here a token client (the root conftest's is a logged-in session)."""
    return token_client(superuser)
