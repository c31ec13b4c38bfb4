"""The public names of ``dockerlinks``: one table, the type checkers' imports, the errors' tree."""

from __future__ import annotations

import ast
import importlib
import inspect
import pkgutil
import re
from pathlib import Path

import pytest

import dockerlinks
from dockerlinks import errors

STUB = Path(dockerlinks.__file__).with_suffix(".pyi")
#: The table the stub repeats (a private name, so not in the stub itself).
WHERE: dict[str, tuple[str, str]] = vars(dockerlinks)["_WHERE"]


def _stub_names() -> dict[str, tuple[str, str]]:
    """public name -> (module, attribute), from the stub's imports and aliases."""
    tree = ast.parse(STUB.read_text(encoding="utf-8"))
    imported: dict[str, tuple[str, str]] = {}
    for node in tree.body:
        if isinstance(node, ast.ImportFrom):
            assert node.module
            for alias in node.names:
                imported[alias.asname or alias.name] = (node.module, alias.name)
    found = {name: where for name, where in imported.items() if not name.startswith("_")}
    for node in tree.body:
        if isinstance(node, ast.Assign) and isinstance(node.value, ast.Name):
            for target in node.targets:
                assert isinstance(target, ast.Name)
                found[target.id] = imported[node.value.id]
    return found


def test_the_stub_repeats_the_table() -> None:
    assert _stub_names() == WHERE


def test_all_is_the_table() -> None:
    assert vars(dockerlinks)["__all__"] == sorted([*WHERE, "__version__"])


@pytest.mark.parametrize("name", sorted(WHERE))
def test_every_public_name_resolves(name: str) -> None:
    module, attribute = WHERE[name]
    assert getattr(dockerlinks, name) is getattr(importlib.import_module(module), attribute)


def test_unknown_names() -> None:
    with pytest.raises(AttributeError):
        dockerlinks.nothing_here  # type: ignore[attr-defined]  # noqa: B018
    assert "parse_port_spec" in dir(dockerlinks)


def _documented_tree() -> dict[str, str]:
    """child -> parent, from the tree drawn in dockerlinks.errors' docstring."""
    doc = errors.__doc__ or ""
    tree = doc[doc.index("ValueError") : doc.index("Errors carry data")]
    parents: dict[str, str] = {}
    stack: list[tuple[int, str]] = []
    for line in tree.splitlines():
        match = re.search(r"([A-Za-z]+Error)\s*$", line)
        if not match:
            continue
        depth = match.start()
        while stack and stack[-1][0] >= depth:
            stack.pop()
        if stack:
            parents[match.group(1)] = stack[-1][1]
        stack.append((depth, match.group(1)))
    return parents


def test_the_documented_error_tree_is_the_class_tree() -> None:
    classes = {
        name: cls
        for name, cls in vars(errors).items()
        if inspect.isclass(cls) and issubclass(cls, Exception) and cls.__module__ == errors.__name__
    }
    documented = _documented_tree()
    assert set(documented) | {"DockerLinksError"} == set(classes)
    for name, cls in classes.items():
        assert cls.__bases__[0].__name__ == documented.get(name, "ValueError"), name


def test_every_error_of_the_library_lives_in_the_errors_module() -> None:
    for info in pkgutil.walk_packages(dockerlinks.__path__, "dockerlinks."):
        if info.name.endswith("__main__") or info.name.startswith("dockerlinks.strategies"):
            continue
        if info.name == "dockerlinks.errors":
            continue
        module = importlib.import_module(info.name)
        for name, value in vars(module).items():
            if (
                inspect.isclass(value)
                and issubclass(value, errors.DockerLinksError)
                and value.__module__ == info.name
            ):
                pytest.fail(
                    f"{info.name} defines {name}: library errors live in dockerlinks.errors"
                )
