"""Test settings: the project's settings with a data directory of its own, so tests never touch `make run`'s."""

import os
from pathlib import Path

os.environ.setdefault("DATA_DIR", str(Path(__file__).resolve().parent.parent / "var" / "test"))
# The engine's tests (and their worker subprocesses) run the small jobs in tests/fixture_jobs.
os.environ.setdefault("JOBS_ROOT", str(Path(__file__).resolve().parent / "fixture_jobs"))

from jobsplatform.settings import *  # noqa: F403

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]  # fast user creation in tests
