"""The shape of the code, checked: no import cycle among the project's modules (imports
inside functions included: that is where a loop hides), every route module importable on
its own, and the HTTP layer in small modules of short functions."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import networkx as nx

REPO = Path(__file__).resolve().parents[1]
PACKAGES = ("orgchart", "cascade", "api")
MAX_MODULE_LINES = 400  # in api/
MAX_FUNCTION_LINES = 80  # in api/


def module_name(path: Path) -> str:
    parts = list(path.relative_to(REPO).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def project_modules() -> dict[str, Path]:
    return {module_name(p): p for pkg in PACKAGES for p in (REPO / pkg).rglob("*.py")
            if "migrations" not in p.parts}


def _type_checking_only(node: ast.AST) -> bool:
    return isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test)


def imports_of(name: str, path: Path, known: set[str]) -> set[str]:
    """The project modules ``name`` imports, anywhere in the file but under
    ``if TYPE_CHECKING``; ``from pkg import mod`` counts as importing ``pkg.mod``."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    skip = {id(n) for t in ast.walk(tree) if _type_checking_only(t) for n in ast.walk(t)}
    out: set[str] = set()
    for node in ast.walk(tree):
        if id(node) in skip:
            continue
        if isinstance(node, ast.Import):
            targets = [a.name for a in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.split(".")[:len(package.split(".")) - node.level + 1]
                base = ".".join([*anchor, *([base] if base else [])])
            targets = [f"{base}.{a.name}" if f"{base}.{a.name}" in known else base
                       for a in node.names]
        else:
            continue
        for t in targets:
            while t and t not in known:  # import a.b.c of a package a.b: its module
                t = t.rpartition(".")[0]
            if t and t != name:
                out.add(t)
    return out


def import_graph() -> nx.DiGraph:
    mods = project_modules()
    g = nx.DiGraph()
    g.add_nodes_from(mods)
    for name, path in mods.items():
        g.add_edges_from((name, t) for t in imports_of(name, path, set(mods)))
    return g


def test_no_import_cycle_among_project_modules() -> None:
    g = import_graph()
    assert g.number_of_edges() > 100  # the walk did read the imports
    assert g.has_edge("api.main", "api.routes.plans")
    assert g.has_edge("cascade.store.intake", "cascade.citations.ingest")
    cycles = [c for c in nx.strongly_connected_components(g) if len(c) > 1]
    assert not cycles, "import cycles: " + "; ".join(" ↔ ".join(sorted(c)) for c in cycles)


def test_the_walk_sees_a_cycle_hidden_in_a_function(tmp_path: Path) -> None:
    a = tmp_path / "a.py"
    a.write_text("def f():\n    from b import g\n    return g\n", encoding="utf-8")
    assert imports_of("a", a, {"a", "b"}) == {"b"}
    guarded = tmp_path / "c.py"
    guarded.write_text("from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n"
                       "    import b\n", encoding="utf-8")
    assert imports_of("c", guarded, {"b", "c"}) == set()


def route_modules() -> list[str]:
    return sorted(n for n in project_modules()
                  if n.startswith(("api.routes.", "api.web.routes.")))


def test_every_route_module_imports_on_its_own() -> None:
    mods = route_modules()
    assert {"api.routes.plans", "api.routes.ingest", "api.web.routes.tasks"} <= set(mods)
    procs = {m: subprocess.Popen([sys.executable, "-c", f"import {m}"], cwd=REPO,
                                 stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
             for m in mods}
    failed = {}
    for m, p in procs.items():
        out, _ = p.communicate(timeout=120)
        if p.returncode:
            failed[m] = out.decode(errors="replace")[-500:]
    assert not failed, failed


def test_the_http_layer_is_small_modules_of_short_functions() -> None:
    long_modules, long_functions = [], []
    for name, path in project_modules().items():
        if not name.startswith("api"):
            continue
        text = path.read_text(encoding="utf-8")
        if (n := len(text.splitlines())) > MAX_MODULE_LINES:
            long_modules.append(f"{name}: {n} lines")
        for node in ast.walk(ast.parse(text)):
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
                length = (node.end_lineno or node.lineno) - node.lineno + 1
                if length > MAX_FUNCTION_LINES:
                    long_functions.append(f"{name}.{node.name}: {length} lines")
    assert not long_modules and not long_functions, long_modules + long_functions
