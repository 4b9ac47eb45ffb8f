"""README.md stays accurate: its configuration table names every variable the settings read."""

from __future__ import annotations

from pathlib import Path

from tests.test_compose import variables_the_settings_read

README = (Path(__file__).resolve().parent.parent / "README.md").read_text()


def test_every_setting_variable_is_documented():
    undocumented = {name for name in variables_the_settings_read() if f"`{name}`" not in README}

    assert not undocumented, f"add {sorted(undocumented)} to the Configuration table of README.md"


def test_readme_opens_with_the_two_commands():
    opening = README.split("\n## ", 1)[0]

    assert "make run" in opening and "make test" in opening
