"""Migration 0009: an existing job's `task_queues` becomes queue records and assignments (and back)."""

from __future__ import annotations

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from tests.migrations import latest_schema_afterwards  # noqa: F401 - restores the schema

pytestmark = pytest.mark.django_db(transaction=True)

BEFORE = [("extras", "0008_result_progress")]
AFTER = [("extras", "0009_job_automation")]


def migrate(targets):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    return executor.loader.project_state(targets).apps


def make_job(apps, name: str, task_queues: list[str]):
    return apps.get_model("extras", "Job").objects.create(
        source="local",
        module_name="legacy",
        job_class_name=name,
        grouping="Legacy",
        name=name,
        slug=name.lower(),
        class_path=f"local/legacy/{name}",
        task_queues=task_queues,
    )


def test_task_queues_become_job_queues_and_come_back_on_the_way_down():
    try:
        old = migrate(BEFORE)
        make_job(old, "Routed", ["priority", "default", "priority"])
        make_job(old, "Plain", [])
        new = migrate(AFTER)
        Job = new.get_model("extras", "Job")
        routed, plain = Job.objects.get(name="Routed"), Job.objects.get(name="Plain")
        assert routed.default_job_queue.name == "priority"
        assert sorted(routed.job_queues.values_list("name", flat=True)) == ["default", "priority"]
        assert plain.default_job_queue.name == "default"
        assert list(plain.job_queues.values_list("name", flat=True)) == ["default"]
        assert sorted(new.get_model("extras", "JobQueue").objects.values_list("name", flat=True)) == [
            "default",
            "priority",
        ]
        old = migrate(BEFORE)
        assert old.get_model("extras", "Job").objects.get(name="Routed").task_queues == [
            "priority",
            "default",
        ]
    finally:
        migrate(AFTER)
