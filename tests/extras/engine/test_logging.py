"""The log writer: lines reach the table in order with every field, whatever text a job hands it."""

from __future__ import annotations

import uuid

import pytest

from extras.engine.logging import JobLogWriter
from extras.models import JobLogEntry
from tests.factories.dcim import ManufacturerFactory

pytestmark = pytest.mark.django_db


def stored(result_id) -> list[JobLogEntry]:
    return list(JobLogEntry.objects.filter(job_result_id=result_id).order_by("sequence"))


def test_lines_are_stored_in_order_with_their_level_method_and_object():
    result_id, maker = uuid.uuid4(), ManufacturerFactory()
    write = JobLogWriter(result_id)
    write("success", "made it", obj=maker, grouping="run")
    write("warning", "careful", grouping="test_cabling")

    first, second = stored(result_id)
    assert (first.sequence, first.log_level, first.grouping, first.message) == (
        1,
        "success",
        "run",
        "made it",
    )
    assert (first.log_object, first.absolute_url) == (str(maker), maker.get_absolute_url())
    assert (second.sequence, second.log_level, second.grouping, second.log_object) == (
        2,
        "warning",
        "test_cabling",
        None,
    )
    assert first.created <= second.created and first.id != second.id


def test_a_nul_character_in_a_message_is_replaced_rather_than_losing_the_line():
    """PostgreSQL refuses NUL in text; device output sometimes carries it."""
    result_id = uuid.uuid4()
    write = JobLogWriter(result_id)
    write("info", "show run\x00tail", grouping="ru\x00n")
    write("info", "next line")

    assert [(line.message, line.grouping) for line in stored(result_id)] == [
        ("show run\ufffdtail", "ru\ufffdn"),
        ("next line", "main"),
    ]
