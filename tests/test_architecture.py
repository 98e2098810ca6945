"""The import rules of docs/architecture.md, read from the source (every import statement,
function-level ones included):

- factcheck/engine imports nothing of the project and no Django or DRF: it is plain Python;
- api/ (HTTP plumbing) imports no domain app;
- factcheck, webhooks and outbox never import reviews;
- no import cycle between project modules;
- an import inside a function is allowed only where the app-loading order needs it (listed
  below, with the reason).

A small AST reader rather than import-linter: the rules are few, a function-level import counts
like any other (the cycles this checks were hidden by them), and no dependency is added."""

from __future__ import annotations

import ast
from collections.abc import Iterator
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
PROJECT_PACKAGES = ("api", "config", "factcheck", "outbox", "reviews", "webhooks")
DOMAIN_APPS = ("factcheck", "outbox", "reviews", "webhooks")

# (importing module, imported module) pairs allowed inside a function, and why. These are
# left out of the cycle check too.
APP_LOADING_IMPORTS = {
    # config/celery.py is imported by config/__init__.py before Django's settings and app
    # registry exist; the task class reaches the outbox's models only when a task runs.
    ("config.celery", "outbox.services"),
    # AppConfig.ready: models may be imported only once the app registry is ready.
    ("webhooks.apps", "factcheck.events"),
    ("webhooks.apps", "webhooks.services.deliveries"),
}


def _module_name(path: Path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def _project_files(root: Path = ROOT) -> dict[str, Path]:
    files = {}
    for package in PROJECT_PACKAGES:
        for path in (root / package).rglob("*.py"):
            if "migrations" in path.parts:  # historical code, frozen as it was written
                continue
            files[_module_name(path) if root == ROOT else _planted_name(root, path)] = path
    return files


def _planted_name(root: Path, path: Path) -> str:
    parts = list(path.relative_to(root).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def _imports(module: str, path: Path, known: set[str]) -> Iterator[tuple[str, bool]]:
    """(imported module, inside a function?) for each import of `path`; a name imported from
    a package that is one of its modules counts as that module."""
    is_package = path.name == "__init__.py"
    tree = ast.parse(path.read_text(encoding="utf-8"))
    functions = [n for n in ast.walk(tree) if isinstance(n, ast.FunctionDef | ast.AsyncFunctionDef)]
    nested = {id(x) for f in functions for x in ast.walk(f) if x is not f}
    for node in ast.walk(tree):
        in_function = id(node) in nested
        if isinstance(node, ast.Import):
            for alias in node.names:
                yield alias.name, in_function
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = module.split(".")
                if not is_package:
                    base = base[:-1]
                base = base[: len(base) - (node.level - 1)]
                target = ".".join(base + ([node.module] if node.module else []))
            else:
                target = node.module or ""
            submodules = [f"{target}.{a.name}" for a in node.names if f"{target}.{a.name}" in known]
            if submodules:
                yield from ((name, in_function) for name in submodules)
            if len(submodules) < len(node.names):
                yield target, in_function


def _graph(files: dict[str, Path]) -> dict[str, dict[str, bool]]:
    """module → {project module it imports: only inside functions?}"""
    known = set(files)
    graph: dict[str, dict[str, bool]] = {}
    for module, path in files.items():
        edges: dict[str, bool] = {}
        for target, in_function in _imports(module, path, known):
            while target and target not in known:  # `from factcheck.models import X`
                target = target.rpartition(".")[0]
            if target and target != module:
                edges[target] = edges.get(target, True) and in_function
        graph[module] = edges
    return graph


def _cycles(graph: dict[str, dict[str, bool]], ignored: set[tuple[str, str]]) -> list[list[str]]:
    """The strongly connected components of more than one module (Tarjan)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for target in graph.get(node, {}):
            if (node, target) in ignored:
                continue
            if target not in index:
                visit(target)
                low[node] = min(low[node], low[target])
            elif target in on_stack:
                low[node] = min(low[node], index[target])
        if low[node] == index[node]:
            component = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                component.append(member)
                if member == node:
                    break
            if len(component) > 1:
                found.append(sorted(component))

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return found


def _all_imports(files: dict[str, Path]) -> Iterator[tuple[str, str]]:
    known = set(files)
    for module, path in files.items():
        for target, _in_function in _imports(module, path, known):
            yield module, target


def _top(name: str) -> str:
    return name.split(".", 1)[0]


def violations(root: Path = ROOT) -> list[str]:
    files = _project_files(root)
    found = []
    for module, target in _all_imports(files):
        outside_engine = _top(target) in ("django", "rest_framework") or (
            _top(target) in PROJECT_PACKAGES and not target.startswith("factcheck.engine")
        )
        if module.startswith("factcheck.engine") and outside_engine:
            found.append(f"{module} imports {target}: the engine is plain Python")
        if _top(module) == "api" and _top(target) in DOMAIN_APPS:
            found.append(f"{module} imports {target}: api/ imports no domain app")
        if _top(module) in ("factcheck", "webhooks", "outbox") and _top(target) == "reviews":
            found.append(f"{module} imports {target}: only reviews imports factcheck")
    graph = _graph(files)
    allowed = APP_LOADING_IMPORTS
    for module, edges in graph.items():
        for target, in_function in edges.items():
            if in_function and (module, target) not in allowed:
                found.append(f"{module} imports {target} inside a function")
    for cycle in _cycles(graph, ignored=allowed):
        found.append("import cycle: " + " ↔ ".join(cycle))
    return sorted(found)


def test_the_import_rules_hold():
    assert violations() == []


def _plant(tmp_path: Path, files: dict[str, str]) -> Path:
    for package in PROJECT_PACKAGES:
        (tmp_path / package).mkdir()
        (tmp_path / package / "__init__.py").write_text("")
    for name, text in files.items():
        path = tmp_path / name
        path.parent.mkdir(parents=True, exist_ok=True)
        for parent in path.parents:
            if parent == tmp_path:
                break
            (parent / "__init__.py").touch()
        path.write_text(text)
    return tmp_path


@pytest.mark.parametrize(
    ("files", "expected"),
    [
        (
            {"factcheck/engine/rules.py": "from django.db import models\n"},
            "factcheck.engine.rules imports django.db: the engine is plain Python",
        ),
        (
            {"factcheck/engine/rules.py": "def f():\n    from factcheck import models\n"},
            "factcheck.engine.rules imports factcheck: the engine is plain Python",
        ),
        (
            {"api/paging.py": "from factcheck.models import Claim\n"},
            "api.paging imports factcheck.models: api/ imports no domain app",
        ),
        (
            {"webhooks/services.py": "import reviews.selectors\n"},
            "webhooks.services imports reviews.selectors: only reviews imports factcheck",
        ),
        (
            {
                "factcheck/tasks.py": "from .services import run\n",
                "factcheck/services.py": "from . import tasks\n",
            },
            "import cycle: factcheck.services ↔ factcheck.tasks",
        ),
        (
            {
                "factcheck/tasks.py": "from factcheck.services import run\n",
                "factcheck/services.py": "def queue():\n    from .tasks import work\n",
            },
            "factcheck.services imports factcheck.tasks inside a function",
        ),
    ],
)
def test_a_broken_rule_is_reported(tmp_path, files, expected):
    assert expected in violations(_plant(tmp_path, files))
