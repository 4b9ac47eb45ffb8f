"""In Chromium: add a Git repository through the form, watch its sync finish on a worker, see its jobs, re-sync."""

from __future__ import annotations

import re
import time
from pathlib import Path

import pytest
from django.conf import settings

from tests.extras.git.helpers import SEED_FILES, RemoteRepository

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.celery, pytest.mark.browser]

TOKEN = "ghp_BrowserMustNeverSeeThis11"


@pytest.fixture(scope="session")
def browser_type_launch_args():
    return {"executable_path": "/usr/bin/chromium", "headless": True}


def test_add_a_repository_and_watch_it_sync(celery_worker, live_server, page, superuser, tmp_path):
    remote = RemoteRepository(tmp_path / "remote")
    commit = remote.push(SEED_FILES)
    page.goto(f"{live_server.url}/login/")
    page.fill("input[name=username]", superuser.username)
    page.fill("input[name=password]", "password")
    page.click("button[type=submit]")

    page.goto(f"{live_server.url}/extras/git-repositories/add/")
    page.fill("input[name=name]", "Meraki Users")
    page.fill("input[name=remote_url]", remote.url)
    page.fill("input[name=username]", "deploy")
    page.fill("input[name=token]", TOKEN)
    page.get_by_role("button", name="Create").click()
    page.wait_for_url(f"{live_server.url}/extras/git-repositories/")
    assert "Repository Meraki Users sync job added to queue." in page.content()
    page.get_by_role("link", name="Meraki Users").click()
    page.wait_for_url(re.compile(r"/extras/git-repositories/[0-9a-f-]{36}/$"))

    deadline = time.monotonic() + 60
    while "Repository synchronization completed" not in page.content():
        assert time.monotonic() < deadline, page.content()
        time.sleep(0.5)
        page.reload()
    card = page.locator("section[aria-labelledby=sync-log-heading]")
    assert "Completed" in card.inner_text() and commit[:12] in card.inner_text()
    jobs = page.locator("section", has=page.get_by_role("heading", name=re.compile(r"^Jobs")))
    assert "Create Meraki User" in jobs.inner_text()
    assert TOKEN not in page.content()
    screenshots = Path(settings.BASE_DIR) / "var" / "screenshots"
    screenshots.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(screenshots / "gitrepository_detail.png"), full_page=True)

    page.get_by_role("button", name="Sync").click()
    page.wait_for_load_state()
    assert "Repository Meraki Users sync job added to queue." in page.content()
    page.goto(f"{live_server.url}/extras/git-repositories/")
    assert "Meraki Users" in page.locator("table").inner_text()
