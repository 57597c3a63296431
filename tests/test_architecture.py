"""The shape of the code: imports point down, no cycles, small modules and functions, and a
map in docs/architecture.md that names every module. A newcomer relies on these."""

from __future__ import annotations

import ast
import re
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from helpers import ROOT

PACKAGE = ROOT / "liberation_content"
MAX_MODULE_LINES = 400
MAX_FUNCTION_LINES = 60

#: Layers, bottom to top: a module may import from its own part or from a lower layer.
#: Parts on the same layer (the Sphinx extension and the PDF printer) never import each
#: other: the leaflets reach the printer as data.
LAYERS = {
    "liberation_content._version": 0,
    "liberation_content.errors": 0,
    "liberation_content.records": 0,
    "liberation_content.resources": 0,
    "liberation_content.files": 1,
    "liberation_content.api": 1,
    "liberation_content.model": 2,
    "liberation_content.i18n": 3,
    "liberation_content.sphinx_ext": 4,
    "liberation_content.pdf": 4,
    "liberation_content.build": 5,
    "liberation_content.cli": 6,
    "liberation_content": 7,
    "liberation_content.__main__": 7,
}
#: The runtime: what ``import liberation_content`` loads. Standard library only.
RUNTIME = ("liberation_content", "_version", "errors", "records", "resources", "files", "api")


def _modules() -> dict[str, Path]:
    found = {}
    for path in sorted(PACKAGE.rglob("*.py")):
        if "content" in path.relative_to(PACKAGE).parts[:1]:
            continue  # the content folder is data, not code
        parts = list(path.relative_to(ROOT).with_suffix("").parts)
        if parts[-1] == "__init__":
            parts.pop()
        found[".".join(parts)] = path
    return found


MODULES = _modules()


def _part(module: str) -> str:
    """The layer entry a module belongs to (its subpackage, or itself at the top)."""
    return max((key for key in LAYERS if module == key or module.startswith(key + ".")), key=len)


def _imports(module: str, path: Path) -> Iterator[tuple[str, int]]:
    """Every module of the package that ``module`` imports (at any depth of its code)."""
    package = module if path.name == "__init__.py" else module.rpartition(".")[0]
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join([*anchor, *([base] if base else [])])
            names = [base, *(f"{base}.{alias.name}" for alias in node.names)]
        else:
            continue
        for name in names:
            if name in MODULES and name != module:
                yield name, node.lineno


def test_imports_point_down_the_layers() -> None:
    wrong = []
    for module, path in MODULES.items():
        for target, line in _imports(module, path):
            mine, theirs = _part(module), _part(target)
            if mine != theirs and LAYERS[theirs] >= LAYERS[mine]:
                wrong.append(f"{path.relative_to(ROOT)}:{line}: {module} imports {target}")
    assert not wrong, "\n".join(wrong)


def test_there_is_no_import_cycle() -> None:
    graph = {m: {t for t, _ in _imports(m, p)} for m, p in MODULES.items()}
    # A package's __init__ may gather its own modules; an edge back to it is a cycle.
    done: set[str] = set()

    def visit(module: str, trail: list[str]) -> None:
        if module in trail:
            cycle = [*trail[trail.index(module) :], module]
            pytest.fail("import cycle: " + " -> ".join(cycle))
        if module in done:
            return
        for target in sorted(graph[module]):
            visit(target, [*trail, module])
        done.add(module)

    for module in sorted(graph):
        visit(module, [])


def test_only_the_sphinx_extension_imports_sphinx_and_docutils() -> None:
    wrong = []
    for module, path in MODULES.items():
        if module.startswith("liberation_content.sphinx_ext"):
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            names = (
                [a.name for a in node.names]
                if isinstance(node, ast.Import)
                else [node.module or ""]
                if isinstance(node, ast.ImportFrom) and not node.level
                else []
            )
            wrong += [f"{module}: {n}" for n in names if n.split(".")[0] in {"sphinx", "docutils"}]
    assert not wrong, wrong


def test_the_runtime_uses_the_standard_library_only() -> None:
    for name in RUNTIME:
        module = (
            "liberation_content" if name == "liberation_content" else f"liberation_content.{name}"
        )
        tree = ast.parse(MODULES[module].read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.Import):
                tops = [a.name.split(".")[0] for a in node.names]
            elif isinstance(node, ast.ImportFrom) and not node.level and node.module:
                tops = [node.module.split(".")[0]]
            else:
                continue
            outside = [
                t for t in tops if t != "liberation_content" and t not in sys.stdlib_module_names
            ]
            assert not outside, f"{module} imports {outside}"


def test_modules_and_functions_fit_in_a_readers_head() -> None:
    long = []
    for path in MODULES.values():
        text = path.read_text(encoding="utf-8")
        lines = len(text.splitlines())
        if lines > MAX_MODULE_LINES:
            long.append(f"{path.relative_to(ROOT)}: {lines} lines")
        for node in ast.walk(ast.parse(text)):
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
                length = (node.end_lineno or node.lineno) - node.lineno + 1
                if length > MAX_FUNCTION_LINES:
                    long.append(f"{path.relative_to(ROOT)}:{node.lineno}: {node.name}, {length}")
    assert not long, "\n".join(long)


def test_the_architecture_map_names_every_module_and_only_those() -> None:
    text = (ROOT / "docs" / "architecture.md").read_text(encoding="utf-8")
    named = set(re.findall(r"`(liberation_content/[\w/]+\.py)`", text))
    actual = {str(path.relative_to(ROOT)) for path in MODULES.values()}
    assert actual - named == set(), "modules missing from docs/architecture.md"
    assert named - actual == set(), "docs/architecture.md names modules that do not exist"


def test_tests_use_the_public_names_and_no_other_test_module() -> None:
    wrong = []
    for path in sorted((ROOT / "tests").glob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom) and node.module:
                names = [node.module, *(f"{node.module}.{a.name}" for a in node.names)]
            elif isinstance(node, ast.Import):
                names = [a.name for a in node.names]
            else:
                continue
            for name in names:
                parts = name.split(".")
                private = parts[0] == "liberation_content" and any(
                    p.startswith("_") and p != "__version__" for p in parts[1:]
                )
                if private or parts[0].startswith("test_"):
                    wrong.append(f"{path.name}:{node.lineno}: {name}")
    assert not wrong, wrong
