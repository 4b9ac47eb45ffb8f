"""The web server while PostgreSQL restarts: 503 with Retry-After (the API's one error body, a plain page for
the UI), never a 500, and everything answers again once the database is back."""

from __future__ import annotations

import threading

import pytest
import requests
from django.conf import settings

from tests.chaos.support import restart_database, start_database, stop_database
from tests.factories.users import SuperuserFactory, token_for
from tests.web_server import log_in, web_server

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.chaos]

API = "/api/dcim/manufacturers/"
PAGE = "/dcim/manufacturers/"


def assert_api_unavailable(response: requests.Response) -> None:
    assert response.status_code == 503, response.text[:300]
    assert response.headers["Content-Type"].startswith("application/json"), response.headers
    assert int(response.headers["Retry-After"]) > 0
    body = response.json()
    assert set(body) == {"detail", "errors"} and body["errors"] == {}, body
    assert "database" in body["detail"].lower(), body


def assert_page_unavailable(response: requests.Response) -> None:
    assert response.status_code == 503, response.text[:300]
    assert response.headers["Content-Type"].startswith("text/html"), response.headers
    assert int(response.headers["Retry-After"]) > 0
    assert "Service unavailable" in response.text


def test_while_the_database_is_down_the_api_and_pages_answer_503_then_recover(restartable_database, tmp_path):
    if settings.EMBEDDED_DATABASE is None:
        pytest.skip("stops the embedded PostgreSQL; an external one is only restarted, in the next test")
    token = token_for(SuperuserFactory(username="ops-admin"))
    with web_server(tmp_path) as base_url:
        api = requests.Session()
        api.headers.update(Authorization=f"Token {token}", Accept="application/json")
        browser = log_in(base_url, "ops-admin")
        assert api.get(f"{base_url}{API}", timeout=30).status_code == 200
        assert browser.get(f"{base_url}{PAGE}", timeout=30).status_code == 200

        stop_database()
        try:
            assert_api_unavailable(api.get(f"{base_url}{API}", timeout=30))
            assert_api_unavailable(api.post(f"{base_url}{API}", json={"name": "x", "slug": "x"}, timeout=30))
            # With a session cookie the session middleware meets the database before any view does.
            assert_api_unavailable(browser.get(f"{base_url}{API}", headers={"Accept": "application/json"}))
            assert_page_unavailable(browser.get(f"{base_url}{PAGE}", timeout=30))
        finally:
            start_database()

        assert api.get(f"{base_url}{API}", timeout=30).status_code == 200
        assert browser.get(f"{base_url}{PAGE}", timeout=30).status_code == 200


def test_no_request_answers_500_during_a_database_restart(restartable_database, tmp_path):
    token = token_for(SuperuserFactory(username="ops-admin"))
    with web_server(tmp_path) as base_url:
        api = requests.Session()
        api.headers.update(Authorization=f"Token {token}", Accept="application/json")
        browser = log_in(base_url, "ops-admin")
        answers: list[tuple[str, requests.Response]] = []
        done = threading.Event()

        def poll() -> None:
            while not done.is_set():
                answers.append(("api", api.get(f"{base_url}{API}", timeout=30)))
                answers.append(("page", browser.get(f"{base_url}{PAGE}", timeout=30)))

        poller = threading.Thread(target=poll)
        poller.start()
        try:
            restart_database()
        finally:
            done.set()
            poller.join(60)

        assert api.get(f"{base_url}{API}", timeout=30).status_code == 200
    statuses = [response.status_code for _, response in answers]
    assert set(statuses) <= {200, 503}, statuses
    for kind, response in answers:
        if response.status_code == 503:
            (assert_api_unavailable if kind == "api" else assert_page_unavailable)(response)
