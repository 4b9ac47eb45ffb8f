"""/docs/: the built documentation site, served behind the login, and the footer link to it on every page."""

from __future__ import annotations

import pytest
from django.utils.http import http_date

pytestmark = pytest.mark.django_db

DEEP_PAGE = "user-guide/schedules-and-approvals/"


def test_the_docs_home_is_the_built_index_page(user_client, served_docs_site):
    response = user_client.get("/docs/")

    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/html")
    assert b"".join(response.streaming_content) == (served_docs_site / "index.html").read_bytes()


def test_a_deep_page_is_the_built_page(user_client, served_docs_site):
    response = user_client.get(f"/docs/{DEEP_PAGE}")

    body = b"".join(response.streaming_content)
    assert response.status_code == 200
    assert body == (served_docs_site / DEEP_PAGE / "index.html").read_bytes()
    assert b"Each occurrence runs exactly once" in body


@pytest.mark.parametrize(
    ("path", "content_type"),
    [("assets/pygments-light.css", "text/css"), ("search/search_index.json", "application/json")],
)
def test_the_site_s_assets_are_served_with_their_types(user_client, served_docs_site, path, content_type):
    response = user_client.get(f"/docs/{path}")

    assert response.status_code == 200
    assert response["Content-Type"].startswith(content_type)


def test_a_page_asked_for_without_its_slash_is_redirected_to_it(user_client, served_docs_site):
    response = user_client.get("/docs/writing-jobs")

    assert response.status_code == 302 and response["Location"] == "/docs/writing-jobs/"


def test_a_page_that_is_not_there_is_a_404(user_client, served_docs_site):
    assert user_client.get("/docs/no-such-page/").status_code == 404


def test_a_path_out_of_the_site_is_refused(user_client, served_docs_site):
    secret = served_docs_site.parent / "outside-the-site.txt"
    secret.write_text("not documentation")

    response = user_client.get("/docs/../outside-the-site.txt")

    assert response.status_code == 400  # Django's SuspiciousFileOperation
    assert b"not documentation" not in b"".join(getattr(response, "streaming_content", [response.content]))


def test_anonymous_visitors_are_sent_to_the_login_first(client, served_docs_site):
    response = client.get(f"/docs/{DEEP_PAGE}")

    assert response.status_code == 302
    assert response["Location"] == f"/login/?next=/docs/{DEEP_PAGE}"


def test_the_site_is_read_only(user_client, served_docs_site):
    assert user_client.post("/docs/").status_code == 405


def test_an_unchanged_page_is_not_sent_again(user_client, served_docs_site):
    modified = (served_docs_site / "index.html").stat().st_mtime

    response = user_client.get("/docs/", HTTP_IF_MODIFIED_SINCE=http_date(modified + 1))

    assert response.status_code == 304
    assert response["Cache-Control"] == "private, no-cache"


def test_a_server_without_the_built_site_says_how_to_build_it(user_client, settings, tmp_path):
    settings.DOCS_SITE_DIR = tmp_path / "never-built"

    response = user_client.get("/docs/")

    assert response.status_code == 404
    assert b"make docs" in response.content


@pytest.mark.parametrize(
    "url", ["/", "/extras/jobs/", "/dcim/sites/", "/extras/job-results/", "/search/?q=a"]
)
def test_every_page_s_footer_links_to_the_docs(admin_client, url):
    page = admin_client.get(url).content.decode()

    footer = page[page.index('id="site-footer"') :]
    assert '<a href="/docs/" id="footer-docs">Docs</a>' in footer


def test_the_login_page_links_to_the_docs_too(client):
    page = client.get("/login/").content.decode()

    assert 'href="/docs/"' in page[page.index('id="site-footer"') :]
