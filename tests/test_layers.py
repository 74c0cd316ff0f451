"""The package's layers: each folder imports only the folders below it, and no import runs in a circle.

schema/ is the ground floor; build/ and access/ stand on it and on the
shared modules (paths, extras, _version), never on each other; release/ may
use both; explore/ uses access/; cli/ sits on top. Function-level imports
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
    "access": {"access", "schema"},
    "explore": {"explore", "access", "schema"},
    "release": {"release", "build", "access", "schema"},
    "cli": {"cli", "build", "access", "release", "explore", "schema"},
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
