"""What every page carries: the favicon, the theme script (before the styles, so no flash of light colours),
the theme toggle, and a footer with the version and links to the API docs; the schema readable in a browser."""

from __future__ import annotations

import tomllib
from pathlib import Path

import pytest
from django.conf import settings

pytestmark = pytest.mark.django_db

STATIC = Path(settings.BASE_DIR) / "static" / "jobsplatform"


def test_every_page_has_the_favicon_theme_toggle_and_footer(admin_client):
    html = admin_client.get("/extras/jobs/").content.decode()
    with (Path(settings.BASE_DIR) / "pyproject.toml").open("rb") as file:
        version = tomllib.load(file)["project"]["version"]
    assert f'<span id="app-version">{version}</span>' in html
    assert '<a href="/api/docs/">API docs</a>' in html and '<a href="/api/schema/">API schema</a>' in html
    assert '<link rel="icon" type="image/svg+xml" href="/static/jobsplatform/favicon.svg">' in html
    assert html.index("jobsplatform/theme.js") < html.index("bootstrap.min.css")  # set before paint
    assert 'id="theme-toggle"' in html
    assert (STATIC / "favicon.svg").read_text().startswith("<svg")
    assert "prefers-color-scheme: dark" in (STATIC / "theme.js").read_text()


def test_the_login_page_has_the_footer_too(client):
    html = client.get("/login/").content.decode()
    assert 'id="site-footer"' in html and 'id="theme-toggle"' in html


def test_the_schema_shows_in_a_browser_as_text_and_downloads_for_tools(admin_client):
    browser = admin_client.get("/api/schema/", HTTP_ACCEPT="text/html,application/xhtml+xml,*/*;q=0.8")
    assert browser.status_code == 200
    assert browser["Content-Type"] == "text/plain; charset=utf-8"
    assert browser.content.decode().startswith("openapi: 3")
    tool = admin_client.get("/api/schema/", HTTP_ACCEPT="application/json")
    assert tool["Content-Type"].startswith("application/json") and tool.json()["openapi"].startswith("3")
    assert "text/plain" not in admin_client.get("/api/schema/")["Content-Type"]


def test_favicon_ico_leads_to_the_icon(client):
    response = client.get("/favicon.ico")
    assert response.status_code == 301 and response["Location"] == "/static/jobsplatform/favicon.svg"
