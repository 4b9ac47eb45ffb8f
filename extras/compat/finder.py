"""A meta-path finder that answers Nautobot 1.x/2.x and NetBox import paths with this project's modules.

`import nautobot.extras.jobs` (or `from nautobot.ipam.models import Prefix`) gets a module named as asked whose
names are those of the module it stands for (ALIASES). ExtrasConfig.ready() installs the finder, so it
is there in every process that runs jobs: the web server, the workers, beat and management commands,
for local and Git-sourced job modules alike.

It cannot shadow a real installation: it is the last finder on `sys.meta_path`, so Python asks it only
for names nothing on `sys.path` provides, and it serves a submodule only inside a package it made
itself, never inside a real `nautobot` (or `utilities`) package, whose submodules stay its own.
"""

from __future__ import annotations

import importlib
import importlib.abc
import importlib.util
import sys
import types

# Import path job code uses → the module here that provides its names.
ALIASES: dict[str, str] = {
    # Nautobot 1.x
    "nautobot.extras.jobs": "extras.compat.nautobot.jobs",
    "nautobot.extras.models": "extras.compat.nautobot.models",
    "nautobot.extras.choices": "extras.choices",
    "nautobot.dcim.models": "dcim.models",
    "nautobot.dcim.choices": "extras.compat.nautobot.dcim_choices",
    "nautobot.dcim.constants": "extras.compat.nautobot.dcim_constants",
    "nautobot.ipam.models": "ipam.models",
    "nautobot.ipam.choices": "extras.compat.nautobot.ipam_choices",
    "nautobot.ipam.constants": "extras.compat.nautobot.ipam_constants",
    "nautobot.tenancy.models": "tenancy.models",
    "nautobot.circuits.models": "circuits.models",
    "nautobot.circuits.choices": "circuits.choices",
    "nautobot.virtualization.models": "virtualization.models",
    "nautobot.virtualization.choices": "virtualization.choices",
    "nautobot.utilities.choices": "core.choices",
    "nautobot.utilities.forms": "extras.compat.nautobot.forms",
    # Nautobot 2.x/3.x
    "nautobot.apps.jobs": "extras.compat.nautobot.apps_jobs",
    "nautobot.apps.models": "extras.compat.nautobot.app_models",
    "nautobot.core.celery": "extras.compat.nautobot.celery",
    "nautobot.core.choices": "core.choices",
    "nautobot.apps.choices": "core.choices",
    "nautobot.dcim.filters": "extras.compat.nautobot.dcim_filters",
    "nautobot.ipam.filters": "extras.compat.nautobot.ipam_filters",
    # NetBox paths this project has no package for (`extras.scripts`, `extras.reports`, `dcim.*` and
    # `ipam.*` are real).
    "utilities.exceptions": "extras.compat.netbox.exceptions",
    "utilities.choices": "core.choices",
}
# The packages above them (`nautobot`, `nautobot.extras`, `ipam`, ...), made empty by the finder.
PACKAGES: frozenset[str] = frozenset(
    name.rsplit(".", depth)[0] for name in ALIASES for depth in range(1, name.count(".") + 1)
)
MARKER = "__jobsplatform_compat__"  # set on every module the finder made


class CompatFinder(importlib.abc.MetaPathFinder):
    """Finds the names of ALIASES and PACKAGES, when no real module of that name exists."""

    def find_spec(self, fullname: str, path=None, target=None):
        if fullname not in ALIASES and fullname not in PACKAGES:
            return None
        parent = fullname.rpartition(".")[0]
        if parent and not getattr(sys.modules.get(parent), MARKER, False):
            return None  # inside a real package: not ours to fill in
        if fullname in ALIASES:
            return importlib.util.spec_from_loader(fullname, AliasLoader(ALIASES[fullname]))
        return importlib.util.spec_from_loader(fullname, PackageLoader(), is_package=True)


class PackageLoader(importlib.abc.Loader):
    """An empty package that only holds the aliased modules below it."""

    def create_module(self, spec):
        return None  # the default module

    def exec_module(self, module: types.ModuleType) -> None:
        module.__doc__ = f"{module.__name__}: import paths of existing job code, served by jobsplatform."
        setattr(module, MARKER, True)


class AliasLoader(importlib.abc.Loader):
    """A module with the public names of `target` (its `__all__` too); later lookups go to `target`."""

    def __init__(self, target: str):
        self.target = target

    def create_module(self, spec):
        return None

    def exec_module(self, module: types.ModuleType) -> None:
        source = importlib.import_module(self.target)
        module.__dict__.update(
            (name, value) for name, value in vars(source).items() if not name.startswith("_")
        )
        if hasattr(source, "__all__"):
            module.__all__ = list(source.__all__)
        module.__doc__ = f"{module.__name__}, served from {self.target} by jobsplatform."
        module.__getattr__ = self.late_lookup(source)
        setattr(module, MARKER, True)

    @staticmethod
    def late_lookup(source: types.ModuleType):
        """A public name `source` gains later is found too; dunders (`__path__`...) stay the alias's own, so
        the alias is never a package and no second copy of a module below `source` can be imported."""

        def lookup(name: str):
            if name.startswith("__"):
                raise AttributeError(name)
            return getattr(source, name)

        return lookup


def install() -> None:
    """Put the finder last on sys.meta_path (once per process)."""
    if not any(isinstance(finder, CompatFinder) for finder in sys.meta_path):
        sys.meta_path.append(CompatFinder())
