"""README.md stays a front door (the two commands, links into docs/), and the docs name every setting."""

from __future__ import annotations

import re
from pathlib import Path

from tests.test_compose import variables_the_settings_read

ROOT = Path(__file__).resolve().parent.parent
README = (ROOT / "README.md").read_text()
OPERATIONS = (ROOT / "docs" / "operations.md").read_text()


def test_every_setting_variable_is_documented():
    undocumented = {name for name in variables_the_settings_read() if f"`{name}`" not in OPERATIONS}

    assert not undocumented, f"add {sorted(undocumented)} to the Configuration table of docs/operations.md"


def test_readme_opens_with_the_two_commands():
    opening = README.split("\n## ", 1)[0]

    assert "make run" in opening and "make test" in opening


def test_readme_links_point_at_existing_docs_pages():
    targets = re.findall(r"\]\((docs/[^)#]+)", README)

    assert targets, "the README links into docs/"
    assert [t for t in targets if not (ROOT / t).is_file()] == []
