"""The embedded broker writes each message atomically, so a consumer never reads a half-written file."""

from __future__ import annotations

import os

from kombu import Connection

from jobsplatform.broker import TEMPORARY_SUFFIX, Transport


def broker(tmp_path) -> Connection:
    options = {
        "data_folder_in": str(tmp_path),
        "data_folder_out": str(tmp_path),
        "control_folder": str(tmp_path),
    }
    return Connection("filesystem://", transport_options=options)


def test_filesystem_urls_use_the_atomic_transport():
    import jobsplatform.celery  # noqa: F401 - installs the transport alias

    with Connection("filesystem://") as connection:
        assert isinstance(connection.transport, Transport)


def test_a_message_appears_only_complete_and_round_trips(tmp_path):
    with broker(tmp_path) as connection:
        queue = connection.SimpleQueue("round-trip")
        queue.put({"hello": "world"})
        assert not [name for name in os.listdir(tmp_path) if name.endswith(TEMPORARY_SUFFIX)]
        assert queue.get(timeout=1).payload == {"hello": "world"}
        queue.close()


def test_a_file_still_being_written_is_not_taken_by_a_consumer(tmp_path):
    with broker(tmp_path) as connection:
        # Queue names differ per test: kombu keeps exchange bindings in memory for the whole process.
        queue = connection.SimpleQueue("mid-write")
        (tmp_path / f"1_x.mid-write.msg{TEMPORARY_SUFFIX}").write_bytes(b"")  # a producer mid-write
        queue.put({"n": 1})
        assert queue.get(timeout=1).payload == {"n": 1}
        assert (tmp_path / f"1_x.mid-write.msg{TEMPORARY_SUFFIX}").exists()
        queue.close()
