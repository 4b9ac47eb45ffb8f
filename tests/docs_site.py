"""The documentation site as tests read it: the code samples of its sources, and what its build loads.

A sample is a fenced block (```python, ```sh ...) of a page in docs/; a *job file* is a Python sample that
imports a job authoring module and defines a class, i.e. a file an author could drop into JOBS_ROOT as it is.
"""

from __future__ import annotations

import ast
import html.parser
import os
import re
import shlex
import subprocess
import sys
import textwrap
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DOCS = ROOT / "docs"
PAGES = sorted(DOCS.rglob("*.md"))
JOB_AUTHORING_MODULES = {
    "extras.jobs",
    "nautobot.apps.jobs",
    "nautobot.extras.jobs",
    "extras.scripts",
    "extras.reports",
}
SHELL_LANGUAGES = {"sh", "bash", "console", "shell"}
FENCE = re.compile(r"^(?P<indent> *)```(?P<language>[\w-]*)\s*$")
FENCE_BLOCKS = re.compile(r"^ *```[\w-]*\s*\n.*?^ *```\s*$", re.MULTILINE | re.DOTALL)


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


def build_docs_site(site_dir: Path) -> Path:
    """Run `mkdocs build --strict` (what `make docs` runs) into `site_dir`; fail with MkDocs' warnings."""
    command = [sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", str(site_dir)]
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    done = subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True)
    assert done.returncode == 0, f"mkdocs build --strict failed:\n{done.stdout}{done.stderr}"
    return site_dir


# --- What the built site loads ---------------------------------------------------------------------------
# Elements whose URL attributes the browser fetches by itself (an <a href> is a link, not a load).
LOADING_ATTRIBUTES = {
    "script": ("src",),
    "link": ("href",),
    "img": ("src", "srcset"),
    "source": ("src", "srcset"),
    "iframe": ("src",),
    "embed": ("src",),
    "object": ("data",),
    "audio": ("src",),
    "video": ("src", "poster"),
    "track": ("src",),
}
NON_LOADING_LINKS = {"canonical", "alternate", "author", "license", "help"}
EXTERNAL = r"(?:https?:)?//"
CSS_LOADS = re.compile(rf"(?:url\(\s*[\"']?|@import\s+[\"']?)({EXTERNAL}[^\"')\s]+)", re.IGNORECASE)
# A string literal that is nothing but an absolute URL: what JS passes to fetch(), import(), a script's src.
JS_URL_LITERALS = re.compile(rf"[\"'`]({EXTERNAL}[^\"'`\s]+)[\"'`]")


class _LoadedURLs(html.parser.HTMLParser):
    def __init__(self):
        super().__init__()
        self.urls: list[str] = []

    def handle_starttag(self, tag, attrs):
        values = dict(attrs)
        if tag == "link" and set((values.get("rel") or "").split()) & NON_LOADING_LINKS:
            return
        for name in LOADING_ATTRIBUTES.get(tag, ()):
            for part in (values.get(name) or "").split(","):
                if part.strip():
                    self.urls.append(part.strip().split()[0])
        self.urls += [url for url in CSS_LOADS.findall(values.get("style") or "")]


def external_asset_references(site_dir: Path) -> list[str]:
    """`file: url` for every asset a page, stylesheet or script of the site would fetch from another host."""
    found = []
    for path in sorted(site_dir.rglob("*")):
        if path.suffix == ".html":
            parser = _LoadedURLs()
            parser.feed(path.read_text(errors="replace"))
            urls = [url for url in parser.urls if re.match(EXTERNAL, url)]
            urls += [url for url in CSS_LOADS.findall(inline_blocks(path, "style")) if url]
            urls += JS_URL_LITERALS.findall(inline_blocks(path, "script"))
        elif path.suffix == ".css":
            urls = CSS_LOADS.findall(path.read_text(errors="replace"))
        elif path.suffix in {".js", ".mjs"}:
            urls = JS_URL_LITERALS.findall(path.read_text(errors="replace"))
        else:
            continue
        found += [f"{path.relative_to(site_dir)}: {url}" for url in urls]
    return found


def inline_blocks(path: Path, tag: str) -> str:
    return "\n".join(re.findall(rf"<{tag}\b[^>]*>(.*?)</{tag}>", path.read_text(errors="replace"), re.DOTALL))
