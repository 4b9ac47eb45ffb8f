"""Migration tests move the shared test database back and forth; they must leave it at the latest schema.

Migrating one app back also unapplies the migrations of other apps that depend on it (dcim's role migration
depends on extras 0009), so going "forward again" to a single app's migration is not enough.
"""

from __future__ import annotations

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor


def migrate_to_latest() -> None:
    """Apply every app's latest migration."""
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(executor.loader.graph.leaf_nodes())


@pytest.fixture(autouse=True)
def latest_schema_afterwards():
    """Whatever the test did (and however it ended), the database is at the latest schema after it."""
    yield
    migrate_to_latest()


def other_apps_latest(executor: MigrationExecutor, *apps: str) -> list[tuple[str, str]]:
    """The latest migration of every app but `apps`, leaving out the apps built on them (virtualization's
    migrations depend on dcim's and ipam's): rolling `apps` back unapplies those too."""
    graph = executor.loader.graph
    return [
        node
        for node in graph.leaf_nodes()
        if node[0] not in apps and not any(ancestor[0] in apps for ancestor in graph.forwards_plan(node))
    ]
