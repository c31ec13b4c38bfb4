"""The house: imports go one way (docs/design.md's table), with no cycles, none hidden.

The import graph is read from the source (every ``import`` and ``from ... import`` of a
``dockerlinks`` module, type-checking-only ones included), so a cycle cannot hide behind a
function-local import or ``TYPE_CHECKING``.
"""

from __future__ import annotations

import ast
import re
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PACKAGE = ROOT / "dockerlinks"
DESIGN = ROOT / "docs" / "design.md"


def _module(path: Path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def _imports() -> dict[str, set[str]]:
    modules = {_module(p) for p in PACKAGE.rglob("*.py")}
    graph: dict[str, set[str]] = defaultdict(set)
    for path in PACKAGE.rglob("*.py"):
        here = _module(path)
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            names: list[str] = []
            if isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                # "from package import submodule" depends on the submodule only
                names = [
                    f"{node.module}.{alias.name}"
                    if f"{node.module}.{alias.name}" in modules
                    else node.module
                    for alias in node.names
                ]
            elif isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            for name in names:
                if name.startswith("dockerlinks.") and name in modules and name != here:
                    graph[here].add(name)
    return graph


def _area(module: str) -> str:
    parts = module.split(".")
    return parts[1] if len(parts) > 1 else "__init__"


def _declared() -> dict[str, set[str]]:
    """docs/design.md's table: area -> the areas it may import."""
    text = DESIGN.read_text(encoding="utf-8")
    table: dict[str, set[str]] = {}
    for line in text.splitlines():
        cells = [cell.strip() for cell in line.strip().strip("|").split("|")]
        if len(cells) != 3 or not cells[0].startswith("`"):
            continue
        areas = re.findall(r"`([^`]+)`", cells[0])
        allowed = set() if cells[2] in ("—", "") else {a.strip() for a in cells[2].split(",")}
        for area in areas:
            table[area] = allowed
    return table


def test_there_is_no_import_cycle() -> None:
    graph = _imports()
    state: dict[str, int] = {}
    for start in sorted(graph):
        if start in state:
            continue
        stack = [(start, iter(sorted(graph[start])))]
        path = [start]
        state[start] = 1
        while stack:
            node, children = stack[-1]
            child = next(children, None)
            if child is None:
                state[node] = 2
                stack.pop()
                path.pop()
                continue
            if state.get(child) == 1:
                cycle = [*path[path.index(child) :], child]
                raise AssertionError("import cycle: " + " -> ".join(cycle))
            if child not in state:
                state[child] = 1
                path.append(child)
                stack.append((child, iter(sorted(graph.get(child, ())))))


def test_imports_follow_the_design_table() -> None:
    declared = _declared()
    graph = _imports()
    for module, targets in sorted(graph.items()):
        area = _area(module)
        if area in ("__init__", "__main__", "cli"):
            continue  # the public face and the command line may import anything
        assert area in declared, f"{module}: area {area!r} missing from docs/design.md"
        for target in targets:
            other = _area(target)
            if other == area:
                continue
            assert other in declared[area], (
                f"{module} imports {target}: docs/design.md lets {area} depend on "
                f"{sorted(declared[area])} only"
            )


def test_every_area_of_the_package_is_in_the_design_table() -> None:
    declared = _declared()
    areas = {_area(_module(p)) for p in PACKAGE.rglob("*.py")} - {"__init__", "__main__"}
    assert areas <= set(declared), sorted(areas - set(declared))
