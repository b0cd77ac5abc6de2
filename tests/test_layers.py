"""The architecture as a test: every module in its layer, imports only downwards, no cycles.

Layers, lowest first (a module may import its own layer and the ones below):

0. errors, model, namespaces, identifiers, processes: plain data and helpers;
1. ``knowledge``: the ontology folder, lexicon and vocabulary (no spaCy);
2. ``read`` and ``fetch``, then 3. ``extract``;
4. ``link``, then 5. ``graph``;
6. ``export``: every writer;
7. ``store``: query, load, serve, validate, reload of built graphs;
8. ``engines``: memory, stream, dask and their pools;
9. the command line, the library (``paperkg.api``) and the package that hands it out.
"""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import networkx as nx
import pytest

from support import ROOT

PACKAGE = ROOT / "src" / "paperkg"

LAYERS = {
    "paperkg.errors": 0,
    "paperkg.model": 0,
    "paperkg.namespaces": 0,
    "paperkg.identifiers": 0,
    "paperkg.processes": 0,
    "paperkg.atomic": 0,
    "paperkg.knowledge": 1,
    "paperkg.read": 2,
    "paperkg.fetch": 2,
    "paperkg.extract": 3,
    "paperkg.link": 4,
    "paperkg.graph": 5,
    "paperkg.export": 6,
    "paperkg.store": 7,
    "paperkg.engines": 8,
    "paperkg.cli": 9,
    "paperkg.api": 9,
    "paperkg.vocab": 9,
    "paperkg.progress": 9,
    "paperkg.__main__": 9,
}


def _module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _layer(module: str) -> int:
    """The layer of the longest listed prefix of ``module``; the package itself is the
    library's front door (it hands out :mod:`paperkg.api`'s names), so it is on top."""
    if module == "paperkg":
        return 9
    parts = module.split(".")
    for end in range(len(parts), 0, -1):
        found = LAYERS.get(".".join(parts[:end]))
        if found is not None:
            return found
    raise AssertionError(f"{module} is in no layer: add it to LAYERS")


def _imports(path: Path, *, top_level_only: bool) -> set[str]:
    """The ``paperkg`` modules ``path`` imports (at its top level, or anywhere)."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    nodes = tree.body if top_level_only else list(ast.walk(tree))
    found = set()
    for node in nodes:
        if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            if node.module.split(".")[0] == "paperkg":
                # "from paperkg.extract import finders" needs the submodule, not the
                # package's own names
                found.update(
                    f"{node.module}.{alias.name}"
                    if _is_module(f"{node.module}.{alias.name}")
                    else node.module
                    for alias in node.names
                )
        elif isinstance(node, ast.Import):
            found.update(a.name for a in node.names if a.name.split(".")[0] == "paperkg")
    return found


def _is_module(name: str) -> bool:
    path = PACKAGE.parent / name.replace(".", "/")
    return path.with_suffix(".py").is_file() or (path / "__init__.py").is_file()


MODULES = {_module_name(path): path for path in sorted(PACKAGE.rglob("*.py"))}


def test_every_module_has_a_layer():
    for module in MODULES:
        _layer(module)


@pytest.mark.parametrize("module", sorted(MODULES))
def test_imports_go_only_downwards(module):
    """Imports inside functions count too: a lazy import up is still an import up."""
    upward = sorted(
        imported
        for imported in _imports(MODULES[module], top_level_only=False)
        if _layer(imported) > _layer(module)
    )
    assert not upward, f"{module} (layer {_layer(module)}) imports a higher layer: {upward}"


def test_no_import_cycles():
    """Between modules, as imported when a module is first loaded."""
    graph = nx.DiGraph()
    for module, path in MODULES.items():
        graph.add_node(module)
        for imported in _imports(path, top_level_only=True):
            target = imported if imported in MODULES else imported.rsplit(".", 1)[0]
            if target != module:
                graph.add_edge(module, target)
    cycles = list(nx.simple_cycles(graph))
    assert cycles == [], f"import cycles: {cycles[:5]}"


@pytest.mark.parametrize(
    "module", ["paperkg.knowledge", "paperkg.store.reload", "paperkg.store.query"]
)
def test_reading_a_graph_or_the_vocabulary_imports_no_spacy(module):
    """``export`` and ``--update`` read a vocabulary and a graph: spaCy costs ~0.9 s there."""
    code = f"import sys, {module}; print('spacy' in sys.modules)"
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=ROOT
    )
    assert result.stdout.strip() == "False"


def test_the_engines_are_one_interface():
    from paperkg.engines import ENGINES, engine_named

    for name in ENGINES:
        engine = engine_named(name, jobs=1)
        assert callable(engine.build)
        assert engine.formats is None or engine.formats <= {"nt"}
        assert isinstance(engine.updates, bool) and engine.writes
