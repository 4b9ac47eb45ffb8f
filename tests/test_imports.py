"""The shape of the code: imports flow one way, and only the Celery layer imports Celery.

Read from the source with `ast` (nothing is imported): every import counts, also one inside a
function, except those under `if TYPE_CHECKING:`, which never run. A module imports the module it
names, or the package whose `__init__` it names; importing `a.b.c` is not counted as importing `a`.
"""

from __future__ import annotations

import ast
from functools import cache
from pathlib import Path

from django.conf import settings

PACKAGES = (
    "jobsplatform",
    "core",
    "users",
    "tenancy",
    "dcim",
    "ipam",
    "circuits",
    "virtualization",
    "extras",
    "launcher",
)
# The Celery app, its embedded broker and the adapter: the only modules that may import Celery.
CELERY_LAYER = {"jobsplatform.celery", "jobsplatform.broker", "extras.tasks"}
CELERY_PACKAGES = ("celery", "kombu", "billiard", "django_celery_beat")
# The jobs app's entry point loads the adapter so that it registers itself with the engine.
MAY_LOAD_THE_ADAPTER = {"extras.apps", "extras.tasks"}


def module_name(path: Path) -> str:
    parts = list(path.relative_to(settings.BASE_DIR).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


@cache
def project_modules() -> dict[str, Path]:
    modules = {}
    for package in PACKAGES:
        for path in (Path(settings.BASE_DIR) / package).rglob("*.py"):
            if "migrations" not in path.parts:
                modules[module_name(path)] = path
    return modules


def type_checking_only(node: ast.AST) -> bool:
    return isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test)


def imported_names(path: Path, module: str) -> set[str]:
    """What the module imports: `from a.b import c` is a.b.c when that is a module, else a.b."""
    modules = project_modules()
    tree = ast.parse(path.read_text(), filename=str(path))
    package = module if path.name == "__init__.py" else module.rpartition(".")[0]
    skipped = {id(child) for node in ast.walk(tree) if type_checking_only(node) for child in ast.walk(node)}
    names: set[str] = set()
    for node in ast.walk(tree):
        if id(node) in skipped:
            continue
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join([*anchor, base] if base else anchor)
            for alias in node.names:
                submodule = f"{base}.{alias.name}"
                names.add(submodule if submodule in modules else base)
    return names


@cache
def import_graph() -> dict[str, set[str]]:
    """module → the project modules it imports."""
    modules = project_modules()
    return {
        module: {name for name in imported_names(path, module) if name in modules and name != module}
        for module, path in modules.items()
    }


def cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Strongly connected components of more than one module (Tarjan's algorithm, iterative)."""
    search = _Tarjan(graph)
    for root in sorted(graph):
        if root not in search.index:
            search.visit(root)
    return search.found


class _Tarjan:
    def __init__(self, graph: dict[str, set[str]]):
        self.graph = graph
        self.index: dict[str, int] = {}
        self.low: dict[str, int] = {}
        self.stack: list[str] = []
        self.on_stack: set[str] = set()
        self.found: list[list[str]] = []

    def enter(self, node: str) -> None:
        self.index[node] = self.low[node] = len(self.index)
        self.stack.append(node)
        self.on_stack.add(node)

    def visit(self, root: str) -> None:
        self.enter(root)
        work = [(root, iter(sorted(self.graph[root])))]
        while work:
            node, children = work[-1]
            child = next(children, None)
            if child is None:
                work.pop()
                if work:
                    parent = work[-1][0]
                    self.low[parent] = min(self.low[parent], self.low[node])
                self.close(node)
            elif child not in self.index:
                self.enter(child)
                work.append((child, iter(sorted(self.graph.get(child, ())))))
            elif child in self.on_stack:
                self.low[node] = min(self.low[node], self.index[child])

    def close(self, node: str) -> None:
        """A node whose low link is its own index roots a component: take it off the stack."""
        if self.low[node] != self.index[node]:
            return
        component = []
        while True:
            member = self.stack.pop()
            self.on_stack.discard(member)
            component.append(member)
            if member == node:
                break
        if len(component) > 1:
            self.found.append(sorted(component))


def describe(component: list[str], graph: dict[str, set[str]]) -> str:
    members = set(component)
    arrows = [f"  {source} -> {target}" for source in component for target in sorted(graph[source] & members)]
    return "\n".join([", ".join(component), *arrows])


def test_no_import_cycle_among_the_project_modules():
    graph = import_graph()

    found = cycles(graph)

    assert not found, "Import cycles:\n" + "\n".join(describe(component, graph) for component in found)


def test_only_the_celery_layer_imports_celery_or_the_adapter():
    offenders = []
    for module, path in project_modules().items():
        names = imported_names(path, module)
        if module not in CELERY_LAYER:
            offenders += [
                f"{module} imports {name}" for name in names if name.split(".")[0] in CELERY_PACKAGES
            ]
        if module not in MAY_LOAD_THE_ADAPTER:
            offenders += [f"{module} imports extras.tasks" for name in names if name == "extras.tasks"]

    assert not offenders, "\n".join(sorted(set(offenders)))


def test_core_imports_no_app_built_on_it():
    """Core is the shared floor: the users app, the jobs app and the inventory register what core uses (the
    permission grants, tabs, page actions, status parts), so core never imports them, not even inside a
    function."""
    offenders = [
        f"{module} imports {name}"
        for module, path in project_modules().items()
        if module.split(".")[0] == "core"
        for name in imported_names(path, module)
        if name.split(".")[0] in ("users", "extras", "dcim", "ipam")
    ]

    assert not offenders, "\n".join(sorted(set(offenders)))


def test_the_inventory_apps_import_only_the_apps_below_them():
    """ipam is built on dcim (addresses on interfaces, prefixes at sites) and both below the jobs app: dcim names
    ipam's models by label only (`"ipam.IPAddress"`, `nested("ipam.ipaddress")`), and ipam adds its lists to
    dcim's pages from its own side (`add_related`). virtualization is built on both (VM interfaces take addresses,
    devices host clusters), which name its models by label only. circuits is built on dcim too (terminations at
    sites, cabled to interfaces): cables name its terminations by label."""
    above = {
        "dcim": ("ipam", "virtualization", "circuits", "extras"),
        "ipam": ("virtualization", "circuits", "extras"),
        "virtualization": ("circuits", "extras"),
        "circuits": ("virtualization", "extras"),
    }
    offenders = [
        f"{module} imports {name}"
        for module, path in project_modules().items()
        if module.split(".")[0] in above
        for name in imported_names(path, module)
        if name.split(".")[0] in above[module.split(".")[0]]
    ]

    assert not offenders, "\n".join(sorted(set(offenders)))


# The jobs app's layers, lowest first. A module imports its own layer and those below it, never one above:
# the features (schedules, change log, queues, Git, hooks, buttons, runs on objects, result files) fill in the
# engine's ports (extras.engine.features, extras.engine.dispatch) rather than being imported by it.
LAYERS = ("models", "authoring API", "engine", "features", "adapters", "entry points")
FEATURES = ("schedules", "changes", "queues", "git", "hooks", "buttons", "object_runs", "result_files")
# The modules of a feature that answer requests (pages, REST, forms) sit with the adapters.
ADAPTER_MODULES = {
    "api",
    "views",
    "approval_views",
    "serializers",
    "nested_serializers",
    "forms",
    "filters",
    "tables",
    "urls",
    "selectors",
    "middleware",
}
LAYER_OF_PART = {
    "models": "models",
    "choices": "models",
    "routers": "models",
    "signals": "models",
    "inventory": "models",  # tags and custom fields of inventory objects: their rules and declarations
    "demo": "models",  # the demo inventory's tags and custom fields
    "jobs": "authoring API",
    "compat": "authoring API",
    "scripts": "authoring API",
    "reports": "authoring API",
    "engine": "engine",
    "liveness": "engine",  # heartbeats, the time-limit watchdog, the worker registry, the reaper
    "api": "adapters",
    "ui": "adapters",
    "templatetags": "adapters",
    "visibility": "adapters",  # what an answer may embed of other objects (serializers and pages ask it)
    "tasks": "entry points",
    "apps": "entry points",
    "urls": "entry points",
    "management": "entry points",
}


def extras_layer(module: str) -> str | None:
    """The layer of a module of the jobs app (None: one no rule places, which the test below refuses)."""
    parts = module.split(".")
    if len(parts) == 1:
        return "entry points"
    if parts[1] in FEATURES:
        return "adapters" if parts[-1] in ADAPTER_MODULES else "features"
    return LAYER_OF_PART.get(parts[1])


def upward_imports(graph: dict[str, set[str]]) -> list[str]:
    found = []
    for module, names in graph.items():
        if module.split(".")[0] != "extras":
            continue
        here = LAYERS.index(extras_layer(module))
        for name in names:
            if name.split(".")[0] == "extras" and LAYERS.index(extras_layer(name)) > here:
                found.append(f"{module} ({extras_layer(module)}) imports {name} ({extras_layer(name)})")
    return sorted(found)


def test_every_module_of_the_jobs_app_has_a_layer():
    unplaced = [
        module for module in project_modules() if module.startswith("extras") and not extras_layer(module)
    ]

    assert not unplaced, f"Give these modules a layer in tests/test_imports.py (LAYER_OF_PART): {unplaced}"


def test_the_jobs_app_imports_only_down_its_layers():
    """Also inside functions: a hidden import is still a dependency."""
    assert not upward_imports(import_graph()), "\n".join(upward_imports(import_graph()))


def test_the_layer_check_finds_an_import_up_the_layers():
    """The check above cannot pass vacuously."""
    graph = {
        "extras.engine.runner": {"extras.changes.runs", "extras.models.jobs"},
        "extras.models.jobs": set(),
    }

    assert upward_imports(graph) == [
        "extras.engine.runner (engine) imports extras.changes.runs (features)",
    ]


def test_the_cycle_finder_finds_a_cycle():
    """The check above cannot pass vacuously."""
    graph = {"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}

    assert cycles(graph) == [["a", "b", "c"]]
