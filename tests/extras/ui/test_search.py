"""The global search box finds jobs, their results, schedules and Git repositories, as it finds the
inventory: restricted to what the user may view, in a bounded number of queries."""

from __future__ import annotations

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from core.search import search_sources
from tests.extras.schedules.helpers import schedule_of
from tests.extras.ui.conftest import make_result
from tests.factories.git import GitRepositoryFactory
from tests.factories.users import UserFactory, grant

pytestmark = pytest.mark.django_db


def sections(html: str) -> dict[str, list[str]]:
    found = {}
    for block in re.findall(r"<section class=\"card mb-3\".*?</section>", html, re.S):
        label = re.search(r'<h2 class="h6 mb-0"[^>]*>([^<]+?) <span', block).group(1)
        found[label] = re.findall(r'<li class="list-group-item"><a href="[^"]+">([^<]+)</a>', block)
    return found


def test_search_finds_jobs_results_schedules_and_git_repositories(admin_client, fixture_jobs):
    job = fixture_jobs["CreateManufacturerJob"]
    result = make_result(job)
    schedule_of(job, name="Nightly manufacturer sync")
    GitRepositoryFactory(name="Manufacturer jobs")
    with CaptureQueriesContext(connection) as queries:
        html = admin_client.get("/search/", {"q": "manufacturer"}).content.decode()
    # One count per searchable model (registered by the first request), the first rows of each of the four
    # that match, and the session and the user: a bound that grows with the models, never with the rows.
    assert len(queries) <= len(search_sources()) + 4 + 2, [query["sql"] for query in queries]
    found = sections(html)
    assert job.name in found["Jobs"]
    assert str(result) in found["Job results"]
    assert found["Scheduled jobs"] == ["Nightly manufacturer sync"]
    assert found["Git repositories"] == ["Manufacturer jobs"]


def test_search_shows_only_what_the_user_may_view(client, fixture_jobs):
    job = fixture_jobs["CreateManufacturerJob"]
    make_result(job)
    user = UserFactory()
    grant(user, type(job), ["view"])
    client.force_login(user)
    found = sections(client.get("/search/", {"q": "manufacturer"}).content.decode())
    assert job.name in found["Jobs"] and "Job results" not in found
