"""Playwright set-up: Debian's Chromium, a logged-in page against the live server, screenshot folder.

Chromium is launched from /usr/bin/chromium (Playwright's own download is never used). When it is
missing, the browser tests fail in CI (the `CI` variable is set) and are skipped elsewhere.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from django.conf import settings

from tests.extras.conftest import celery_worker, fixture_jobs, fixture_jobs_root  # noqa: F401 - fixtures
from tests.factories.users import SuperuserFactory

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
ARTIFACTS = Path(settings.BASE_DIR) / "var" / "test" / "artifacts"
TIMEOUT_MS = 30_000


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    if not CHROMIUM.exists():
        if os.environ.get("CI"):
            pytest.fail(f"{CHROMIUM} is missing: CI must install Chromium (apt-get install -y chromium)")
        pytest.skip(f"{CHROMIUM} is not installed (apt-get install -y chromium); browser tests skipped")
    return {**browser_type_launch_args, "executable_path": str(CHROMIUM), "args": CHROMIUM_ARGS}


@pytest.fixture(scope="session")
def artifacts() -> Path:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    return ARTIFACTS


@pytest.fixture
def signed_in(page, live_server):
    """A page logged in, through the login form, as a new superuser of the live server."""
    user = SuperuserFactory(username="alice")
    page.set_default_timeout(TIMEOUT_MS)
    page.goto(f"{live_server.url}/login/?next=/extras/jobs/")
    page.get_by_label("Username").fill(user.username)
    page.get_by_label("Password").fill("password")
    page.get_by_role("button", name="Log in").click()
    page.wait_for_url(f"{live_server.url}/extras/jobs/")
    return page
