"""In real Chromium: the footer's Docs link opens the built documentation site, a deep page and the site's
search work, and nothing the site loads comes from another host (every request is recorded, and any
request off the live server is refused)."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def record_requests(page, server_url: str) -> tuple[list[str], list[str]]:
    """Every URL the page asks for, and those off the live server (aborted, so they cannot succeed)."""
    seen: list[str] = []
    elsewhere: list[str] = []

    def handle(route):
        url = route.request.url
        seen.append(url)
        if url.startswith(server_url) or url.startswith(("data:", "blob:")):
            route.continue_()
        else:
            elsewhere.append(url)
            route.abort()

    page.route("**/*", handle)
    return seen, elsewhere


def test_the_footer_link_opens_the_docs_which_work_offline(
    signed_in, live_server, served_docs_site, artifacts
):
    page = signed_in
    page.set_viewport_size({"width": 1400, "height": 900})
    seen, elsewhere = record_requests(page, live_server.url)

    page.locator("#site-footer").get_by_role("link", name="Docs", exact=True).click()
    page.wait_for_url(f"{live_server.url}/docs/")
    expect(page.get_by_role("heading", name="jobsplatform", level=1)).to_be_visible()
    expect(page.get_by_role("link", name="Getting started").first).to_be_visible()

    page.goto(f"{live_server.url}/docs/user-guide/schedules-and-approvals/")
    expect(page.get_by_role("heading", name="Schedules and approvals", level=1)).to_be_visible()
    # Code is coloured at build time: a highlighted block has coloured spans and the local stylesheet applies.
    # The search index is built in a web worker from the site's own search_index.json and lunr.js.
    with page.expect_console_message(lambda message: "search ready" in message.text):
        page.goto(f"{live_server.url}/docs/writing-jobs/")
    keyword = page.locator(".highlight .k").first
    expect(keyword).to_have_text("class")
    assert keyword.evaluate("element => getComputedStyle(element).color") != "rgb(33, 37, 41)"

    page.get_by_role("link", name="Search").click()
    page.locator("#mkdocs-search-query").press_sequentially("approval")  # it searches on keyup
    expect(page.locator("#mkdocs-search-results a").first).to_be_visible()
    page.screenshot(path=str(artifacts / "docs-site.png"))

    assert elsewhere == []
    assert any(url.endswith("/docs/search/search_index.json") for url in seen)
    assert any("/docs/css/" in url for url in seen)
