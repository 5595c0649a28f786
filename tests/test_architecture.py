"""The shape of the package: stage folders, modules that import alone and in no cycle,
no reaching into another module's private names, an exact public surface, one error tree.

Everything here reads the source (``ast``) or imports it in fresh interpreters, so a
module that only works because an earlier import loaded something for it is caught.
"""

from __future__ import annotations

import ast
import importlib
import os
import subprocess
import sys
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

import briefing
from tests.conftest import ROOT

PACKAGE = ROOT / "briefing"
BENCHMARKS = ROOT / "benchmarks"
STAGES = {"config", "readers", "text", "summary", "stories", "render", "mail", "cli"}
MODULES_AT_THE_TOP = {"__init__.py", "pipeline.py", "models.py", "errors.py"}

#: Error classes defined outside briefing/errors.py, known and owed a move into the tree.
#: Nothing may be added here; remove an entry once its class has moved.
ERRORS_OUTSIDE_THE_TREE: set[str] = set()


def module_name(path: Path) -> str:
    parts = path.relative_to(ROOT).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def package_modules() -> dict[str, Path]:
    """Every module of the package by dotted name; ``briefing.__main__`` runs the CLI."""
    found = {module_name(p): p for p in sorted(PACKAGE.rglob("*.py"))}
    found.pop("briefing.__main__")
    return found


MODULES = package_modules()


def is_package(name: str) -> bool:
    return MODULES.get(name, Path()).name == "__init__.py"


def _is_type_checking(test: ast.expr) -> bool:
    return (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or (
        isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING"
    )


def top_level(body: list[ast.stmt]) -> Iterator[ast.stmt]:
    """The statements run when the module is imported: inside if/try/with at module
    level too, but not in functions, classes or ``if TYPE_CHECKING:`` blocks."""
    for node in body:
        yield node
        if isinstance(node, ast.If):
            if not _is_type_checking(node.test):
                yield from top_level(node.body)
            yield from top_level(node.orelse)
        elif isinstance(node, ast.Try):
            for part in (node.body, node.orelse, node.finalbody, *(h.body for h in node.handlers)):
                yield from top_level(part)
        elif isinstance(node, ast.With):
            yield from top_level(node.body)


def absolute(importer: str, node: ast.ImportFrom) -> str:
    """The module a ``from ... import`` reads from, relative imports resolved."""
    if not node.level:
        return node.module or ""
    base = importer.split(".")
    if not is_package(importer):
        base = base[:-1]
    base = base[: len(base) - (node.level - 1)]
    return ".".join(base + ([node.module] if node.module else []))


def imported_modules(importer: str, tree: ast.Module) -> set[str]:
    """The briefing modules that importing ``importer`` runs, directly."""
    targets: set[str] = set()
    for node in top_level(tree.body):
        if isinstance(node, ast.Import):
            targets.update(a.name for a in node.names)
        elif isinstance(node, ast.ImportFrom):
            source = absolute(importer, node)
            for alias in node.names:
                submodule = f"{source}.{alias.name}"
                targets.add(submodule if submodule in MODULES else source)
    edges: set[str] = set()
    for target in targets:
        if target != "briefing" and not target.startswith("briefing."):
            continue
        # Importing a.b.c runs a and a.b first; a package a module lives in is already
        # being imported when the module runs, so that edge is no edge.
        parts = target.split(".")
        for n in range(1, len(parts) + 1):
            name = ".".join(parts[:n])
            if name in MODULES and name != importer and not importer.startswith(name + "."):
                edges.add(name)
    return edges


def import_graph() -> dict[str, set[str]]:
    return {
        name: imported_modules(name, ast.parse(path.read_text(encoding="utf-8")))
        for name, path in MODULES.items()
    }


def find_cycle(graph: dict[str, set[str]]) -> list[str] | None:
    """One cycle of ``graph`` as a path that ends where it starts, or None."""
    state: dict[str, int] = {}  # 1: on the current path, 2: done
    path: list[str] = []

    def visit(node: str) -> list[str] | None:
        state[node] = 1
        path.append(node)
        for following in sorted(graph.get(node, ())):
            if state.get(following) == 1:
                return [*path[path.index(following) :], following]
            if following not in state and (cycle := visit(following)):
                return cycle
        path.pop()
        state[node] = 2
        return None

    for start in sorted(graph):
        if start not in state and (cycle := visit(start)):
            return cycle
    return None


def test_briefing_shows_the_stages() -> None:
    entries = {p.name for p in PACKAGE.iterdir() if p.name != "__pycache__"}
    assert entries >= STAGES | MODULES_AT_THE_TOP
    for stage in STAGES:
        assert (PACKAGE / stage / "__init__.py").is_file(), f"briefing/{stage} is no package"


def test_every_module_imports_alone_in_a_fresh_interpreter() -> None:
    environ = {**os.environ, "PYTHONPATH": str(ROOT)}

    def load(name: str) -> tuple[str, subprocess.CompletedProcess[str]]:
        command = [sys.executable, "-c", f"import {name}"]
        done = subprocess.run(
            command, cwd=ROOT, env=environ, capture_output=True, text=True, timeout=120
        )
        return name, done

    with ThreadPoolExecutor(max_workers=min(8, os.cpu_count() or 1)) as pool:
        results = list(pool.map(load, sorted(MODULES)))
    failed = {
        name: (done.stderr.strip().splitlines() or ["no message"])[-1]
        for name, done in results
        if done.returncode
    }
    assert len(results) > 40
    assert failed == {}


def test_the_import_graph_sees_the_imports() -> None:
    """The graph the cycle test reads, on modules whose imports are known."""
    graph = import_graph()
    assert "briefing.errors" in graph["briefing.readers.inputs"]
    assert "briefing.text.rules" in graph["briefing.text.sentences"]
    # Lazy and TYPE_CHECKING imports are no import-time edges.
    assert graph["briefing"] == set()


def test_find_cycle_finds_a_cycle() -> None:
    assert find_cycle({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == ["a", "b", "c", "a"]
    assert find_cycle({"a": {"b", "c"}, "b": {"c"}, "c": set()}) is None


def test_no_import_cycle_among_the_packages_modules() -> None:
    assert find_cycle(import_graph()) is None


def private_uses(path: Path, importer: str) -> list[str]:
    """``from briefing.x import _y`` and ``briefing.x._y`` in one file, where _y is not
    the file's own and is no private module of the importer's own package."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found: list[str] = []
    aliases: dict[str, str] = {}  # a local name bound to a briefing module

    def private(name: str) -> bool:
        return name.startswith("_") and not name.startswith("__")

    def foreign(source: str, name: str) -> bool:
        target = f"{source}.{name}"
        if target in MODULES:  # a private module, usable inside its own package
            return not importer.startswith(source + ".")
        return source != importer

    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                if alias.name.startswith("briefing"):
                    local = alias.asname or alias.name.split(".")[0]
                    aliases[local] = alias.name if alias.asname else "briefing"
        elif isinstance(node, ast.ImportFrom):
            source = absolute(importer, node)
            if not source.startswith("briefing"):
                continue
            for alias in node.names:
                if private(alias.name) and foreign(source, alias.name):
                    found.append(f"from {source} import {alias.name}")
                if f"{source}.{alias.name}" in MODULES:
                    aliases[alias.asname or alias.name] = f"{source}.{alias.name}"
    for node in ast.walk(tree):
        if not isinstance(node, ast.Attribute) or not private(node.attr):
            continue
        chain: list[str] = []
        value: ast.expr = node.value
        while isinstance(value, ast.Attribute):
            chain.insert(0, value.attr)
            value = value.value
        if isinstance(value, ast.Name) and value.id in aliases:
            source = ".".join([aliases[value.id], *chain])
            if source in MODULES and foreign(source, node.attr):
                found.append(f"{source}.{node.attr}")
    return found


def test_private_uses_are_found(tmp_path: Path) -> None:
    sample = tmp_path / "sample.py"
    sample.write_text(
        "import briefing.text.rules\n"
        "from briefing.text import sentences as s\n"
        "from briefing.text.sentences import _CHUNK, split_sentences\n"
        "from briefing.readers import inputs\n"
        "s._patterns, briefing.text.rules._wordset, inputs.read_inputs, s.__name__\n",
        encoding="utf-8",
    )
    assert sorted(private_uses(sample, "sample")) == [
        "briefing.text.rules._wordset",
        "briefing.text.sentences._patterns",
        "from briefing.text.sentences import _CHUNK",
    ]
    # Its own private names are a module's to use.
    assert private_uses(MODULES["briefing.text.sentences"], "briefing.text.sentences") == []


def test_no_module_uses_another_modules_private_names() -> None:
    files = {**MODULES, **{f"benchmarks.{p.stem}": p for p in BENCHMARKS.glob("*.py")}}
    found = {name: uses for name, path in files.items() if (uses := private_uses(path, name))}
    assert found == {}


def test_benchmarks_import_nothing_from_the_tests() -> None:
    for path in BENCHMARKS.glob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                names = [a.name for a in node.names]
            elif isinstance(node, ast.ImportFrom):
                names = [node.module or ""]
            else:
                continue
            assert not any(n == "tests" or n.startswith("tests.") for n in names), path.name


def type_checking_names(tree: ast.Module) -> set[str]:
    names: set[str] = set()
    for node in tree.body:
        if isinstance(node, ast.If) and _is_type_checking(node.test):
            for child in ast.walk(node):
                if isinstance(child, ast.ImportFrom):
                    names.update(a.asname or a.name for a in child.names)
    return names


def test_the_public_api_is_exactly_all() -> None:
    public = set(briefing.__all__)
    assert len(public) == len(briefing.__all__), "a name twice in briefing.__all__"
    assert public == set(briefing._HOMES)
    assert public == set(dir(briefing))
    # What mypy is shown is what the package serves.
    assert public == type_checking_names(ast.parse((PACKAGE / "__init__.py").read_text()))
    for name in briefing.__all__:
        module, _, attribute = briefing._HOMES[name].partition(":")
        assert getattr(briefing, name) is getattr(importlib.import_module(module), attribute)
    # A stage folder's name is no public name: importing the folder would bind it there.
    assert not public & {p.name for p in PACKAGE.iterdir() if p.is_dir()}
    star: dict[str, object] = {}
    exec("from briefing import *", star)
    assert set(star) - {"__builtins__"} == public


def test_the_package_serves_no_other_name() -> None:
    with pytest.raises(AttributeError, match="module 'briefing' has no attribute 'summarise'"):
        briefing.summarise  # noqa: B018


def bound_names(tree: ast.Module) -> set[str]:
    """The names a module binds when imported (definitions, assignments, imports)."""
    names: set[str] = set()
    for node in top_level(tree.body):
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef):
            names.add(node.name)
        elif isinstance(node, ast.Assign | ast.AnnAssign | ast.AugAssign):
            targets = node.targets if isinstance(node, ast.Assign) else [node.target]
            for target in targets:
                names.update(n.id for n in ast.walk(target) if isinstance(n, ast.Name))
        elif isinstance(node, ast.Import | ast.ImportFrom):
            names.update((a.asname or a.name).split(".")[0] for a in node.names)
    return names


def declared_all(tree: ast.Module) -> list[str] | None:
    for node in tree.body:
        if isinstance(node, ast.Assign) and any(
            isinstance(t, ast.Name) and t.id == "__all__" for t in node.targets
        ):
            value = ast.literal_eval(node.value)
            assert isinstance(value, list | tuple)
            return [str(v) for v in value]
    return None


def test_every_all_lists_only_names_its_module_has() -> None:
    checked = 0
    for name, path in MODULES.items():
        tree = ast.parse(path.read_text(encoding="utf-8"))
        listed = declared_all(tree)
        if listed is None:
            continue
        checked += 1
        assert len(set(listed)) == len(listed), f"{name}.__all__ names something twice"
        missing = set(listed) - bound_names(tree)
        if "__getattr__" in bound_names(tree):  # served on first use, like briefing's API
            module = importlib.import_module(name)
            missing = {n for n in missing if not hasattr(module, n)}
        assert missing == set(), f"{name}.__all__ lists names it does not have"
    assert checked > 10


def test_every_error_class_is_in_the_error_tree() -> None:
    outside: set[str] = set()
    for name in MODULES:
        module = importlib.import_module(name)
        for attribute, value in vars(module).items():
            if (
                isinstance(value, type)
                and issubclass(value, BaseException)
                and value.__module__ == name
                and not attribute.startswith("_")
                and name != "briefing.errors"
            ):
                outside.add(f"{name}.{attribute}")
    assert outside <= ERRORS_OUTSIDE_THE_TREE, "error classes belong in briefing/errors.py"
    errors = importlib.import_module("briefing.errors")
    tree = [
        value
        for value in vars(errors).values()
        if isinstance(value, type) and value.__module__ == "briefing.errors"
    ]
    assert len(tree) > 5
    for error in tree:
        assert issubclass(error, errors.BriefingError), error
        assert error.__name__ in (errors.__doc__ or ""), f"{error.__name__} is not drawn"
