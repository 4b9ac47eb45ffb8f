"""The Makefile picks the newest Python >= 3.11 on PATH for a new .venv (issue 22: job files use 3.12 syntax).

Run through real make with a PATH of fake interpreters: each answers the version check with its exit code
and `--version` with its version, as a real one would.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
MAKE = shutil.which("make")


def fake_python(folder: Path, name: str, version: tuple[int, int]) -> None:
    path = folder / name
    ok = 0 if version >= (3, 11) else 1
    path.write_text(f'#!/bin/sh\necho "Python {version[0]}.{version[1]}.0"\nexit {ok}\n')
    path.chmod(0o755)


def which_python(path: Path, **variables: str) -> subprocess.CompletedProcess:
    env = {key: value for key, value in os.environ.items() if key != "PYTHON"}
    env.update(PATH=str(path), **variables)
    return subprocess.run(
        [MAKE, "-s", "-C", str(ROOT), "which-python"], env=env, capture_output=True, text=True, timeout=60
    )


@pytest.mark.parametrize(
    ("installed", "chosen"),
    [
        ({"python3": (3, 11), "python3.11": (3, 11), "python3.12": (3, 12)}, "python3.12"),
        ({"python3": (3, 13), "python3.13": (3, 13), "python3.12": (3, 12)}, "python3.13"),
        ({"python3": (3, 12)}, "python3"),
        ({"python3": (3, 9), "python3.11": (3, 11)}, "python3.11"),
    ],
)
def test_the_newest_python_of_at_least_3_11_on_path_is_chosen(tmp_path, installed, chosen):
    for name, version in installed.items():
        fake_python(tmp_path, name, version)

    answer = which_python(tmp_path)

    assert answer.returncode == 0, answer.stderr
    version = ".".join(map(str, installed[chosen]))
    assert answer.stdout.strip() == f"{chosen} (Python {version}.0)"


def test_without_a_python_of_at_least_3_11_make_says_so(tmp_path):
    fake_python(tmp_path, "python3", (3, 10))

    answer = which_python(tmp_path)

    assert answer.returncode != 0
    assert "No Python 3.11 or newer" in answer.stderr and "PYTHON=" in answer.stderr


def test_a_python_the_caller_names_wins(tmp_path):
    fake_python(tmp_path, "python3.12", (3, 12))
    fake_python(tmp_path, "mypython", (3, 11))

    answer = which_python(tmp_path, PYTHON="mypython")

    assert answer.stdout.strip() == "mypython (Python 3.11.0)"
