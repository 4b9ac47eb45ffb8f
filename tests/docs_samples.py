"""The code samples of the documentation site (docs/**/*.md), read as tests read them.

A sample is a fenced block (```python, ```sh ...); a *job file* is a Python sample that imports a job
authoring module and defines a class, i.e. a file an author could drop into JOBS_ROOT as it is.
"""

from __future__ import annotations

import ast
import re
import shlex
import textwrap
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DOCS = ROOT / "docs"
PAGES = sorted(DOCS.rglob("*.md"))
JOB_AUTHORING_MODULES = {"extras.jobs", "nautobot.extras.jobs", "extras.scripts", "extras.reports"}
SHELL_LANGUAGES = {"sh", "bash", "console", "shell"}
FENCE = re.compile(r"^(?P<indent> *)```(?P<language>[\w-]*)\s*$")


@dataclass(frozen=True)
class Sample:
    page: Path
    line: int
    language: str
    code: str

    def __str__(self) -> str:
        return f"{self.page.relative_to(ROOT)}:{self.line}"

    @property
    def source(self) -> str:
        return textwrap.dedent(self.code)

    @property
    def job_module_name(self) -> str:
        """The file the sample names in its first line (`# jobs/hello.py` → hello), else one made up."""
        named = re.match(r"#\s*jobs/(\w+)\.py\b", self.source)
        if named:
            return named.group(1)
        return re.sub(r"\W", "_", f"{self.page.stem}_{self.line}")


def read_samples(page: Path) -> list[Sample]:
    samples, lines = [], page.read_text().splitlines()
    index = 0
    while index < len(lines):
        opening = FENCE.match(lines[index])
        if opening is None:
            index += 1
            continue
        end = index + 1
        while end < len(lines) and lines[end].strip() != "```":
            end += 1
        body = [line[len(opening["indent"]) :] for line in lines[index + 1 : end]]
        samples.append(Sample(page, index + 1, opening["language"], "\n".join(body) + "\n"))
        index = end + 1
    return samples


ALL_SAMPLES = [sample for page in PAGES for sample in read_samples(page)]


def samples(*languages: str) -> list[Sample]:
    return [sample for sample in ALL_SAMPLES if sample.language in languages]


def is_job_file(sample: Sample) -> bool:
    tree = ast.parse(sample.source)
    imports_authoring = any(
        isinstance(node, ast.ImportFrom) and node.module in JOB_AUTHORING_MODULES for node in tree.body
    )
    return imports_authoring and any(isinstance(node, ast.ClassDef) for node in tree.body)


def job_classes(sample: Sample) -> list[str]:
    return [node.name for node in ast.parse(sample.source).body if isinstance(node, ast.ClassDef)]


def shell_commands(sample: Sample) -> list[list[str]]:
    """Each command of a shell sample as argv: continuation lines joined, comments dropped."""
    joined = re.sub(r"\\\n\s*", " ", sample.source)
    commands = []
    for line in joined.splitlines():
        argv = shlex.split(line, comments=True)
        if argv:
            commands.append(argv)
    return commands


def inline_code(page: Path) -> list[str]:
    """The `code spans` of a page's prose (fenced blocks left out)."""
    text = FENCE_BLOCKS.sub("", page.read_text())
    return re.findall(r"`([^`\n]+)`", text)


FENCE_BLOCKS = re.compile(r"^ *```[\w-]*\s*\n.*?^ *```\s*$", re.MULTILINE | re.DOTALL)
