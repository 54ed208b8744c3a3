"""The package's import graph: no cycle, and no module imports a stage above its own."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[1] / "src" / "entnorm"
#: The stages bottom-up; a module may import its own layer and those below it. Each module
#: (or subpackage) is named once.
LAYERS: list[set[str]] = [
    {"_version", "_yaml", "errors", "columns"},
    {"aliases", "romanize", "data", "_bundled"},
    {"keys", "words"},
    {"readings", "importers", "layering", "names"},
    {"index", "cache"},
    {"score"},
    {"decide"},
    {"resolve"},
    {"detect"},
    {"resolver"},
    {"document"},
    {"component", "nlp"},
    {"normalizer"},
    {"corpus", "evaluate", "suggest", "review"},
    {"dask"},
    {"cli"},
    {"__init__"},
]


def _module(path: Path) -> str:
    rel = path.relative_to(PACKAGE).with_suffix("")
    return rel.parts[0] if rel.parts[0] != "__init__" or len(rel.parts) > 1 else "__init__"


def _imports(path: Path) -> set[str]:
    """The top-level entnorm modules that a file imports, anywhere but under TYPE_CHECKING."""
    tree = ast.parse(path.read_text("utf-8"))
    skip = {id(n) for node in ast.walk(tree)
            if isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test)
            for sub in node.body for n in ast.walk(sub)}  # fmt: skip
    depth = len(path.relative_to(PACKAGE).parts) - 1
    found = set()
    for node in ast.walk(tree):
        if id(node) in skip:
            continue
        if isinstance(node, ast.ImportFrom) and node.level:
            if node.level - 1 < depth:  # inside a subpackage, relative to it
                continue
            parts = (node.module or "").split(".")
            found |= {parts[0]} if parts[0] else {a.name for a in node.names}
        elif isinstance(node, ast.ImportFrom) and (node.module or "").startswith("entnorm"):
            parts = node.module.split(".")
            found |= {parts[1]} if len(parts) > 1 else {a.name for a in node.names}
        elif isinstance(node, ast.Import):
            found |= {a.name.split(".")[1] for a in node.names
                      if a.name.startswith("entnorm.")}  # fmt: skip
    return found


def _graph() -> dict[str, set[str]]:
    graph: dict[str, set[str]] = {}
    for path in PACKAGE.rglob("*.py"):
        module = _module(path)
        graph.setdefault(module, set()).update(_imports(path) - {module})
    return graph


def test_every_module_has_a_layer() -> None:
    named = set().union(*LAYERS)
    assert set(_graph()) - named == set()


@pytest.mark.parametrize("module", sorted(_graph()))
def test_no_module_imports_a_layer_above_its_own(module: str) -> None:
    rank = {m: i for i, layer in enumerate(LAYERS) for m in layer}
    above = {m for m in _graph()[module] if rank.get(m, -1) > rank[module]}
    assert above == set(), f"{module} imports {sorted(above)} from above"


def test_the_import_graph_has_no_cycle() -> None:
    graph, state = _graph(), {}

    def visit(m: str, path: tuple[str, ...]) -> None:
        if state.get(m) == "done":
            return
        assert state.get(m) != "open", " -> ".join((*path, m))
        state[m] = "open"
        for n in graph.get(m, ()):
            visit(n, (*path, m))
        state[m] = "done"

    for m in graph:
        visit(m, ())
