"""The layers stay layers: no import cycle between top-level packages, no Cypher or store
queries in the command line or the views, and one assembly of the synergy pipeline."""

from __future__ import annotations

import ast
import re
import subprocess
import sys
from pathlib import Path

import networkx as nx

from tests.support import ROOT

#: The project's top-level packages and modules (what the layers are made of).
PACKAGES = ("graph", "queries", "loaders", "analysis", "usecases", "views", "cli")


def _sources() -> dict[str, list[Path]]:
    out: dict[str, list[Path]] = {}
    for name in PACKAGES:
        path = ROOT / name
        out[name] = sorted(path.rglob("*.py")) if path.is_dir() else [ROOT / f"{name}.py"]
    return out


def _imported_packages(file: Path) -> set[str]:
    """Top-level project packages a file imports, at run time or under TYPE_CHECKING."""
    found: set[str] = set()
    for node in ast.walk(ast.parse(file.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            names = [node.module]
        else:
            continue
        found |= {n.split(".")[0] for n in names} & set(PACKAGES)
    return found


def package_graph() -> nx.DiGraph:
    g = nx.DiGraph()
    g.add_nodes_from(PACKAGES)
    for package, files in _sources().items():
        for file in files:
            for other in _imported_packages(file) - {package}:
                g.add_edge(package, other, file=str(file.relative_to(ROOT)))
    return g


def test_no_import_cycle_between_packages() -> None:
    g = package_graph()
    cycles = list(nx.simple_cycles(g))
    where = [[(a, b, g.edges[a, b]["file"]) for a, b in zip(c, c[1:] + c[:1], strict=True)]
             for c in cycles]
    assert not cycles, f"import cycles between packages: {where}"


def test_the_cycle_check_sees_a_cycle() -> None:
    """The check itself works: an edge back from graph to views would be a cycle."""
    g = package_graph()
    assert g.has_edge("views", "usecases") and nx.has_path(g, "usecases", "graph")
    g.add_edge("graph", "views")
    assert list(nx.simple_cycles(g))


def test_layers_point_down() -> None:
    """Stores know nothing above them; views and the command line only call use cases."""
    g = package_graph()
    assert set(g.successors("graph")) == set()
    assert set(g.successors("queries")) <= {"graph"}
    for lower in ("graph", "queries", "loaders", "analysis", "usecases"):
        assert not g.has_edge(lower, "views") and not g.has_edge(lower, "cli"), lower


_CYPHER = re.compile(r"\b(MATCH|MERGE|CREATE|UNWIND|DETACH DELETE)\s*[(\w$]")
_STORE_METHODS = {"execute", "query", "_raw", "write_dataset"}


def _docstrings(tree: ast.AST) -> set[int]:
    """ids of the string constants that are docstrings (help texts may show Cypher)."""
    out = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Module | ast.FunctionDef | ast.ClassDef | ast.AsyncFunctionDef):
            body = node.body
            if body and isinstance(body[0], ast.Expr) and isinstance(body[0].value, ast.Constant):
                out.add(id(body[0].value))
    return out


def offences(file: Path) -> list[str]:
    """Cypher in string literals and calls that query a store, in one file."""
    tree = ast.parse(file.read_text(encoding="utf-8"))
    docs = _docstrings(tree)
    found = []
    for node in ast.walk(tree):
        if (isinstance(node, ast.Constant) and isinstance(node.value, str)
                and id(node) not in docs and _CYPHER.search(node.value)):
            found.append(f"{file.name}:{node.lineno}: Cypher {node.value[:40]!r}")
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute):
            name = node.func.attr
            owner = node.func.value
            if name in _STORE_METHODS or (name == "run" and isinstance(owner, ast.Name)
                                          and owner.id == "queries"):
                found.append(f"{file.name}:{node.lineno}: store call .{name}()")
    return found


def test_cli_and_views_hold_no_cypher_and_no_store_queries() -> None:
    files = [ROOT / "cli.py", *sorted((ROOT / "views").glob("*.py"))]
    assert [o for file in files for o in offences(file)] == []


def test_the_cypher_check_sees_cypher(tmp_path: Path) -> None:
    bad = tmp_path / "bad.py"
    bad.write_text('"""MATCH (n) RETURN n is fine in a docstring."""\n'
                   'def f(store):\n    return store.execute("MATCH (n) RETURN n")\n')
    assert len(offences(bad)) == 2


def test_synergy_pipeline_is_assembled_once() -> None:
    """Only :func:`usecases.synergies.synergy_model` reads the synergy graph and builds it."""
    callers = []
    for files in _sources().values():
        for file in files:
            text = file.read_text(encoding="utf-8")
            if re.search(r"\bbuild_model\(read_synergy_graph\(", text) or (
                    "build_model(" in text and "def build_model" not in text):
                callers.append(str(file.relative_to(ROOT)))
    assert callers == ["usecases/synergies.py"]


def _imported_after(code: str) -> set[str]:
    """The top-level modules a fresh interpreter has imported after running ``code``."""
    out = subprocess.run([sys.executable, "-c", code + "\nimport sys\n"
                          "print(' '.join(sorted({m.split('.')[0] for m in sys.modules})))"],
                         capture_output=True, text=True, check=True, cwd=ROOT)
    return set(out.stdout.split())


def test_a_question_starts_without_the_heavy_libraries() -> None:
    """Every command imports the CLI and one store; a one-region answer needs neither
    NetworkX, SciPy nor pyarrow, which together cost about 0.6 s of start-up (a budget
    of 1 s for the whole answer): they are imported only by the commands that use them."""
    heavy = {"networkx", "scipy", "pyarrow", "igraph", "pandas"}
    loaded = _imported_after("import cli, graph.embedded, graph.neo4j_store, "
                             "usecases.synergies, views.console")
    assert not heavy & loaded, heavy & loaded


def test_the_neo4j_driver_loads_without_pyarrow_and_pyarrow_still_imports() -> None:
    loaded = _imported_after("import graph.neo4j_store\nimport pyarrow\n"
                             "assert pyarrow.table({'a': [1]}).num_rows == 1")
    assert {"neo4j", "pyarrow"} <= loaded
