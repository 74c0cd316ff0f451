"""The package's layers: each folder imports only the folders below it, and no import runs in a circle.

schema/ is the ground floor; build/ and access/ stand on it and on the
shared modules (paths, extras, _version), never on each other; the coder's
workbench/ stands on build/; release/ may use build/, workbench/ and
access/; explore/ uses access/; cli/ sits on top. Function-level imports
count: a lazy import is still a dependency.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "karabakh_data"
SHARED = {"paths", "extras", "_version"}
ALLOWED = {
    "schema": {"schema"},
    "build": {"build", "schema"},
    "workbench": {"workbench", "build", "schema"},
    "access": {"access", "schema"},
    "explore": {"explore", "access", "schema"},
    "release": {"release", "build", "workbench", "access", "schema"},
    "cli": {"cli", "build", "workbench", "access", "release", "explore", "schema"},
}


def _module(path: Path) -> str:
    rel = path.relative_to(PACKAGE.parent).with_suffix("")
    parts = rel.parts[:-1] if rel.name == "__init__" else rel.parts
    return ".".join(parts)


def _imports(path: Path) -> set[str]:
    """Intra-package modules imported anywhere in the file (absolute names)."""
    me = _module(path).split(".")
    package = me if path.name == "__init__.py" else me[:-1]
    out = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom):
            base = package[: len(package) - node.level + 1] if node.level else []
            name = ".".join(base + ([node.module] if node.module else [])) if node.level else (node.module or "")
            if name.startswith("karabakh_data"):
                out.add(name)
                out.update(f"{name}.{a.name}" for a in node.names if (PACKAGE.parent / f"{name}.{a.name}".replace(".", "/")).with_suffix(".py").exists())
        elif isinstance(node, ast.Import):
            out.update(a.name for a in node.names if a.name.startswith("karabakh_data"))
    return out


MODULES = {_module(p): _imports(p) for p in PACKAGE.rglob("*.py")}


def _layer(module: str) -> str:
    parts = module.split(".")
    return parts[1] if len(parts) > 1 else ""


@pytest.mark.parametrize("module", sorted(m for m in MODULES if _layer(m) in ALLOWED))
def test_a_module_imports_only_the_layers_below_it(module):
    own = _layer(module)
    for target in MODULES[module]:
        layer = _layer(target)
        allowed = ALLOWED[own] | SHARED | ({""} if own == "cli" else set())  # the top-level shims: only the CLI
        assert layer in allowed or target == "karabakh_data", f"{module} imports {target}"


def test_readers_never_import_the_build():
    for module, targets in MODULES.items():
        if _layer(module) in ("access", "explore"):
            assert not [t for t in targets if _layer(t) == "build"], module


def test_shared_modules_import_nothing_of_the_package():
    for name in SHARED:
        assert {t for t in MODULES[f"karabakh_data.{name}"] if t != "karabakh_data"} == set(), name


PACKAGES = {_module(p) for p in PACKAGE.rglob("__init__.py")}


def test_no_import_circle():
    """No module reaches itself through the modules it imports (a package's __init__, which
    Python imports first and which may gather its submodules, is not an edge)."""
    graph = {m: {t for t in ts if t in MODULES and t != m and t not in PACKAGES} for m, ts in MODULES.items()}
    for start in graph:
        seen, todo = set(), list(graph[start])
        while todo:
            node = todo.pop()
            assert node != start, f"{start} imports itself back"
            if node not in seen:
                seen.add(node)
                todo.extend(graph[node])


def _build_graph() -> dict[str, set[str]]:
    build = {m for m in MODULES if m.startswith("karabakh_data.build.") or m == "karabakh_data.build"}
    return {m: {t for t in MODULES[m] if t in build and t != m} for m in build}


def test_the_build_has_at_most_16_modules_in_at_most_6_import_levels():
    """A module that imports nothing of build/ is on level 1; any other one level above the highest it imports."""
    graph = _build_graph()
    levels: dict[str, int] = {}

    def level(m: str) -> int:
        if m not in levels:
            levels[m] = 1 + max((level(t) for t in graph[m]), default=0)
        return levels[m]

    assert len(graph) <= 16, sorted(graph)
    deepest = max(graph, key=level)
    assert level(deepest) <= 6, f"{deepest} is on level {level(deepest)}: {sorted((level(m), m) for m in graph)}"


def _private_names_taken(path: Path) -> list[str]:
    """Names starting with one underscore that this file takes from another module of the package."""
    me = _module(path)
    out = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and (node.level or (node.module or "").startswith("karabakh_data")):
            out += [f"{node.module}.{a.name}" for a in node.names if a.name.startswith("_") and not a.name.startswith("__")]
        elif isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name) and node.attr.startswith("_") and not node.attr.startswith("__"):
            target = f"{me.rsplit('.', 1)[0]}.{node.value.id}"
            if target in MODULES:  # module._name, the module imported by name
                out.append(f"{node.value.id}.{node.attr}")
    return out


@pytest.mark.parametrize("path", sorted(PACKAGE.rglob("*.py")), ids=lambda p: _module(p))
def test_no_module_takes_another_modules_private_name(path):
    assert _private_names_taken(path) == []
