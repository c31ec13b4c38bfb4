"""The shared argument checks (``dockerlinks._args``): how ``checked`` reads a function's
parameters, against the standard library's reading (``inspect.signature``)."""

from __future__ import annotations

import functools
import importlib
import inspect
import pkgutil
from collections.abc import Callable
from typing import Any

import pytest

import dockerlinks
from dockerlinks import _args
from dockerlinks._args import checked
from dockerlinks.errors import ArgumentError


def _plain(a: int, b: int = 1) -> None: ...
def _positional_only(a: int, /, b: int, *, c: int = 0) -> None: ...
def _keyword_only(*, a: int, b: int = 2) -> None: ...
def _variadic(a: int, *rest: int, b: int = 0, **extra: int) -> None: ...
def _kwargs_only(**extra: int) -> None: ...
def _with_locals(a: int) -> list[int]:
    b = [a]  # a local after the parameters in co_varnames
    b.append(a)
    return b


@functools.wraps(_variadic)
def _wrapped(*args: Any, **kwargs: Any) -> None: ...


class _Methods:
    def method(self, a: int, *, b: int = 0) -> None: ...


SHAPES: list[Callable[..., Any]] = [
    _plain,
    _positional_only,
    _keyword_only,
    _variadic,
    _kwargs_only,
    _with_locals,
    _wrapped,
    _Methods.method,
]


def _by_inspect(function: Callable[..., Any]) -> tuple[tuple[str, ...], tuple[str, ...]]:
    positional_kinds = (inspect.Parameter.POSITIONAL_ONLY, inspect.Parameter.POSITIONAL_OR_KEYWORD)
    parameters = inspect.signature(function).parameters.values()
    positional = tuple(p.name for p in parameters if p.kind in positional_kinds)
    others = tuple(p.name for p in parameters if p.kind not in positional_kinds)
    return positional, others


@pytest.mark.parametrize("function", SHAPES, ids=lambda f: f.__name__)
def test_parameter_names_are_the_ones_inspect_reads(function: Callable[..., Any]) -> None:
    positional, others = _args._parameter_names(function)
    expected_positional, expected_others = _by_inspect(function)
    assert positional == expected_positional
    assert sorted(others) == sorted(expected_others)


def test_checked_checks_positional_and_keyword_arguments_alike() -> None:
    @checked(a=int, b=str)
    def f(a: int, /, *, b: str = "") -> str:
        return f"{a}{b}"

    assert f(1, b="x") == "1x"
    with pytest.raises(ArgumentError, match="'a'"):
        f("1")  # type: ignore[arg-type]
    with pytest.raises(ArgumentError, match="'b'"):
        f(1, b=2)  # type: ignore[arg-type]


def test_a_name_the_function_does_not_have_is_a_mistake_in_the_decorator() -> None:
    with pytest.raises(KeyError):
        checked(c=int)(_plain)


def _checked_functions() -> list[tuple[str, Callable[..., Any]]]:
    """Every function of the package that ``checked`` decorates (module level and methods)."""
    wrapper_code = checked()(_plain).__code__
    found: dict[str, Callable[..., Any]] = {}
    for info in pkgutil.walk_packages(dockerlinks.__path__, "dockerlinks."):
        if info.name.endswith("__main__") or info.name.startswith("dockerlinks.strategies"):
            continue
        module = importlib.import_module(info.name)
        values = list(vars(module).items())
        for name, value in list(values):
            if isinstance(value, type) and value.__module__ == info.name:
                values += [(f"{name}.{key}", item) for key, item in vars(value).items()]
        for name, value in values:
            if getattr(getattr(value, "__code__", None), "co_code", None) == wrapper_code.co_code:
                found[f"{info.name}.{name}"] = value
    return sorted(found.items())


CHECKED = _checked_functions()


def test_the_package_has_checked_functions() -> None:
    assert len(CHECKED) >= 10


@pytest.mark.parametrize(("name", "function"), CHECKED, ids=[name for name, _ in CHECKED])
def test_every_checked_function_reads_its_parameters_as_inspect(
    name: str, function: Callable[..., Any]
) -> None:
    del name
    positional, others = _args._parameter_names(function)
    expected_positional, expected_others = _by_inspect(function)
    assert positional == expected_positional
    assert sorted(others) == sorted(expected_others)
