"""JOBS_ROOT's modules under their own top-level names: `import my_jobs.helpers` in a job file (Nautobot 2.x puts
JOBS_ROOT on sys.path; here it stays off it).

The local source imports JOBS_ROOT as the private package `_jobsplatform_jobs.local`. When job code asks for a
top-level name that nothing on sys.path provides but JOBS_ROOT holds (`helpers.py`, `my_jobs/`), the name is
answered with that same module object, and so are its submodules: one copy of each module, whichever name
imported it first. A top-level name is answered last (after every other finder), so a job file can never
shadow an installed package or the standard library; the loader's purge forgets the names with the modules.
"""

from __future__ import annotations

import importlib
import importlib.abc
import importlib.util
import sys
from pathlib import Path

from django.conf import settings

LOCAL_PACKAGE = "_jobsplatform_jobs.local"


def local_top_level(name: str) -> bool:
    root = Path(settings.JOBS_ROOT)
    return (root / f"{name}.py").is_file() or (root / name / "__init__.py").is_file()


def is_alias(module) -> bool:
    return getattr(module, "__name__", "").startswith(LOCAL_PACKAGE + ".")


class AliasLoader(importlib.abc.Loader):
    """Leaves the real module in sys.modules under the asked name, which is what the import returns."""

    def __init__(self, target: str):
        self.target = target

    def create_module(self, spec):
        return None

    def exec_module(self, module) -> None:
        sys.modules[module.__name__] = importlib.import_module(self.target)


class TopLevelFinder(importlib.abc.MetaPathFinder):
    """Last on sys.meta_path: a top-level name only JOBS_ROOT has."""

    def find_spec(self, fullname: str, path=None, target=None):
        if "." in fullname or path is not None or not local_top_level(fullname):
            return None
        if LOCAL_PACKAGE not in sys.modules:
            return None  # the loader has not imported the local source in this process
        return importlib.util.spec_from_loader(fullname, AliasLoader(f"{LOCAL_PACKAGE}.{fullname}"))


class SubmoduleFinder(importlib.abc.MetaPathFinder):
    """First on sys.meta_path: a submodule of an aliased name is the real submodule, never a second copy."""

    def find_spec(self, fullname: str, path=None, target=None):
        top, dot, _rest = fullname.partition(".")
        if not dot or not is_alias(sys.modules.get(top)) or top == LOCAL_PACKAGE.partition(".")[0]:
            return None
        real = sys.modules[top].__name__
        return importlib.util.spec_from_loader(fullname, AliasLoader(real + fullname[len(top) :]))


def install() -> None:
    """Put the two finders in place (once per process)."""
    if not any(isinstance(finder, TopLevelFinder) for finder in sys.meta_path):
        sys.meta_path.insert(0, SubmoduleFinder())
        sys.meta_path.append(TopLevelFinder())
