"""Checking the arguments of public callables at the boundary: a wrong type is refused early.

What it must not know: any concept's rules; it checks types and shapes only.

A public function, method or constructor given a value of a type it cannot use raises a
library error before doing any work, never the ``TypeError`` or ``AttributeError`` of some
line deep inside. The error is :class:`~dockerlinks.errors.ArgumentError` (also a
``TypeError``) unless the caller names its concept's error; the message names the parameter,
the expected types and the type given, never the value (the ``repr`` of an integer past
CPython's digit limit raises)::

    invalid argument 'config': expected PortConfig, got int

The pieces:

* :func:`check_type`: ``value`` is an instance of one of the types (``None`` stands for
  ``type(None)``);
* :func:`check_items`: an iterable (not a text, not a mapping) of such values, consumed once
  and returned as a tuple, so a generator is accepted where the function can consume it;
* :func:`check_mapping`: a mapping of such keys to such values;
* :func:`check_int`: an integer (never ``bool``, never one too long to print), optionally
  within bounds, whose message never prints the number;
* :func:`wrong_type`: the error itself, for a check written inline on a hot path
  (``if not isinstance(v, T): raise wrong_type(v, T, "v")``);
* :func:`checked`: a decorator that runs checks on named parameters before the call (the
  cost is one small wrapper per call: not for the hot paths, which check inline);
* :func:`instance_of`, :func:`items_of` and :meth:`Check.validator`: attrs validators that
  raise the library error;
* :func:`shown`: a bounded ``repr`` for the messages that do name a value.

A check spec is a type, ``None``, a tuple of those, or a :class:`Check` (:func:`items`,
:func:`mapping`, :func:`integer`; one may return a converted value, such as the tuple
:func:`items` makes of an iterable).
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterable, Mapping
from typing import Any, ParamSpec, TypeAlias, TypeVar

from dockerlinks.errors import ArgumentError, DockerLinksError

__all__ = [
    "Check",
    "Spec",
    "check_int",
    "check_items",
    "check_mapping",
    "check_type",
    "checked",
    "instance_of",
    "integer",
    "items",
    "items_of",
    "mapping",
    "shown",
    "type_name",
    "wrong_type",
]

P = ParamSpec("P")
R = TypeVar("R")
T = TypeVar("T")

Types: TypeAlias = "type | tuple[type | None, ...] | None"
ErrorClass: TypeAlias = type[DockerLinksError]

_NONE = type(None)


def type_name(value: object) -> str:
    """The name of ``value``'s type as messages show it (``None`` for ``None``)."""
    return "None" if value is None else type(value).__name__


def shown(value: object, limit: int = 40) -> str:
    """A short ``repr`` of ``value`` for a message: at most ``limit`` characters, and never
    an exception (``repr`` of an integer past CPython's digit limit raises).

    >>> shown("a" * 50, 10)
    "'aaaaaa..."
    >>> shown([10**5000])
    '<list>'
    """
    if isinstance(value, int) and value.bit_length() > 256:
        return f"<{type_name(value)} of {value.bit_length()} bits>"
    try:
        text = repr(value)
    except Exception:  # any repr that cannot be made
        return f"<{type_name(value)}>"
    return text if len(text) <= limit else text[: limit - 3] + "..."


def _normal(expected: Types) -> tuple[type, ...]:
    if isinstance(expected, tuple):
        return tuple(_NONE if t is None else t for t in expected)
    return (_NONE if expected is None else expected,)


def _names(types: tuple[type, ...]) -> str:
    shown = ["None" if t is _NONE else t.__name__ for t in types]
    return shown[0] if len(shown) == 1 else ", ".join(shown[:-1]) + " or " + shown[-1]


def _refuse(parameter: str, expected: str, value: object, error: ErrorClass) -> DockerLinksError:
    return error(f"invalid argument {parameter!r}: expected {expected}, got {type_name(value)}")


def wrong_type(
    value: object, expected: Types, parameter: str, *, error: ErrorClass = ArgumentError
) -> DockerLinksError:
    """The error for ``value`` given as ``parameter`` where ``expected`` was wanted, for a
    check written inline (``if not isinstance(v, T): raise wrong_type(v, T, "v")``) on a path
    too hot for a call per argument."""
    return _refuse(parameter, _names(_normal(expected)), value, error)


def check_type(
    value: T, expected: Types, parameter: str, *, error: ErrorClass = ArgumentError
) -> T:
    """``value`` itself when it is an instance of ``expected``; otherwise ``error``.

    >>> check_type("80", str, "spec")
    '80'
    >>> check_type(80, (str, None), "spec")
    Traceback (most recent call last):
    ...
    dockerlinks.errors.ArgumentError: invalid argument 'spec': expected str or None, got int
    """
    types = _normal(expected)
    if not isinstance(value, types):
        raise _refuse(parameter, _names(types), value, error)
    return value


def check_items(
    value: object, expected: Types, parameter: str, *, error: ErrorClass = ArgumentError
) -> tuple[Any, ...]:
    """The items of the iterable ``value`` as a tuple, each an instance of ``expected``.

    A text, bytes or a mapping is not an iterable of items here (``"db"`` is no list of
    names). A generator is consumed once.

    >>> check_items((n for n in ["a", "b"]), str, "names")
    ('a', 'b')
    >>> check_items(["a", None], str, "names")
    Traceback (most recent call last):
    ...
    dockerlinks.errors.ArgumentError: invalid argument 'names[1]': expected str, got None
    """
    types = _normal(expected)
    if isinstance(value, str | bytes | bytearray | Mapping) or not isinstance(value, Iterable):
        raise _refuse(parameter, f"an iterable of {_names(types)}", value, error)
    out = tuple(value)
    for index, item in enumerate(out):
        if not isinstance(item, types):
            raise _refuse(f"{parameter}[{index}]", _names(types), item, error)
    return out


def check_mapping(
    value: object,
    keys: Types,
    values: Types,
    parameter: str,
    *,
    error: ErrorClass = ArgumentError,
) -> Mapping[Any, Any]:
    """``value`` itself when it is a mapping of ``keys`` to ``values``; otherwise ``error``."""
    key_types, value_types = _normal(keys), _normal(values)
    if not isinstance(value, Mapping):
        expected = f"a mapping of {_names(key_types)} to {_names(value_types)}"
        raise _refuse(parameter, expected, value, error)
    for key, item in value.items():
        if not isinstance(key, key_types):
            raise _refuse(f"{parameter} key", _names(key_types), key, error)
        if not isinstance(item, value_types):
            where = f"{parameter}[{key!r:.40}]" if isinstance(key, str) else f"{parameter} value"
            raise _refuse(where, _names(value_types), item, error)
    return value


#: Integers longer than this are refused by :func:`check_int` whatever the bounds: CPython
#: will not print one past 4300 digits (about 14,284 bits), so no message could name it.
_MAX_BITS = 14_000


def check_int(
    value: object,
    parameter: str,
    *,
    low: int | None = None,
    high: int | None = None,
    error: ErrorClass = ArgumentError,
) -> int:
    """``value`` when it is an ``int`` (not a ``bool``) within ``[low, high]``.

    >>> check_int(10, "n", high=9)
    Traceback (most recent call last):
    ...
    dockerlinks.errors.ArgumentError: invalid argument 'n': expected an int at most 9, got more
    >>> check_int(10**5000, "n")
    Traceback (most recent call last):
    ...
    dockerlinks.errors.ArgumentError: invalid argument 'n': expected an int, got one too large...
    """
    if not isinstance(value, int) or isinstance(value, bool):
        raise _refuse(parameter, "int", value, error)
    if value.bit_length() > _MAX_BITS:
        raise error(f"invalid argument {parameter!r}: expected an int, got one too large to print")
    if low is not None and value < low:
        raise error(f"invalid argument {parameter!r}: expected an int at least {low}, got less")
    if high is not None and value > high:
        raise error(f"invalid argument {parameter!r}: expected an int at most {high}, got more")
    return value


class Check:
    """A check of one argument: ``check(value, parameter, error)`` returns the value to use."""

    __slots__ = ("_run",)

    def __init__(self, run: Callable[[Any, str, ErrorClass], Any]) -> None:
        self._run = run

    def __call__(self, value: object, parameter: str, error: ErrorClass) -> Any:
        return self._run(value, parameter, error)

    def validator(self, *, error: ErrorClass = ArgumentError) -> Callable[..., None]:
        """This check as an attrs validator (the field's alias names the parameter)."""
        run = self._run

        def validate(instance: object, attribute: Any, value: object) -> None:
            run(value, attribute.alias or attribute.name, error)

        return validate


Spec: TypeAlias = "Types | Check"


def items(expected: Types, *, optional: bool = False) -> Check:
    """A :class:`Check` for an iterable of ``expected`` (or ``None`` if ``optional``): the
    call gets a tuple."""

    def run(value: object, parameter: str, error: ErrorClass) -> object:
        if optional and value is None:
            return value
        return check_items(value, expected, parameter, error=error)

    return Check(run)


def mapping(keys: Types, values: Types, *, optional: bool = False) -> Check:
    """A :class:`Check` for a mapping of ``keys`` to ``values`` (or ``None`` if
    ``optional``)."""

    def run(value: object, parameter: str, error: ErrorClass) -> object:
        if optional and value is None:
            return value
        return check_mapping(value, keys, values, parameter, error=error)

    return Check(run)


def integer(*, low: int | None = None, high: int | None = None, optional: bool = False) -> Check:
    """A :class:`Check` for an integer within ``[low, high]`` (or ``None`` if ``optional``)."""

    def run(value: object, parameter: str, error: ErrorClass) -> object:
        if optional and value is None:
            return value
        return check_int(value, parameter, low=low, high=high, error=error)

    return Check(run)


def _as_check(spec: Spec) -> Check:
    if isinstance(spec, Check):
        return spec
    types = _normal(spec)
    names = _names(types)

    def run(value: object, parameter: str, error: ErrorClass) -> object:
        if not isinstance(value, types):
            raise _refuse(parameter, names, value, error)
        return value

    return Check(run)


def checked(
    error: ErrorClass = ArgumentError, /, **specs: Spec
) -> Callable[[Callable[P, R]], Callable[P, R]]:
    """A decorator: check the named parameters (as given; defaults are not checked) before
    the call, raising ``error``.

    >>> @checked(text=str, names=items(str))
    ... def f(text: str, names: tuple[str, ...] = ()) -> str:
    ...     return text + ",".join(names)
    >>> f("a:", iter(["b", "c"]))
    'a:b,c'
    >>> f(b"a")
    Traceback (most recent call last):
    ...
    dockerlinks.errors.ArgumentError: invalid argument 'text': expected str, got bytes
    """

    def decorate(function: Callable[P, R]) -> Callable[P, R]:
        positional, others = _parameter_names(function)
        plan: list[tuple[int, str, Check]] = []
        for name, spec in specs.items():
            if name not in positional and name not in others:
                raise KeyError(name)  # a typo in the decorator
            index = positional.index(name) if name in positional else -1
            plan.append((index, name, _as_check(spec)))

        @functools.wraps(function)
        def wrapper(*args: P.args, **kwargs: P.kwargs) -> R:
            given: list[Any] | None = None
            for index, name, check in plan:
                if 0 <= index < len(args):
                    value = args[index]
                    new = check(value, name, error)
                    if new is not value:
                        if given is None:
                            given = list(args)
                        given[index] = new
                elif name in kwargs:
                    value = kwargs[name]
                    new = check(value, name, error)
                    if new is not value:
                        kwargs[name] = new
            if given is not None:
                return function(*given, **kwargs)
            return function(*args, **kwargs)

        return wrapper

    return decorate


def _parameter_names(function: Callable[..., Any]) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """The parameter names of a Python function (through ``functools.wraps`` wrappers, as
    ``inspect.signature`` reads them): the positional ones in order (positional-only ones
    included), then the others (keyword-only, ``*args``, ``**kwargs``).

    Read from the code object: importing :mod:`inspect` would cost every command start-up
    more than all the decorations together.
    """
    while hasattr(function, "__wrapped__"):
        function = function.__wrapped__
    code = function.__code__
    count = code.co_argcount
    end = count + code.co_kwonlyargcount
    end += bool(code.co_flags & _CO_VARARGS) + bool(code.co_flags & _CO_VARKEYWORDS)
    return code.co_varnames[:count], code.co_varnames[count:end]


# code object flags (inspect.CO_VARARGS, inspect.CO_VARKEYWORDS): a *args, a **kwargs
_CO_VARARGS = 0x04
_CO_VARKEYWORDS = 0x08


def instance_of(expected: Types, *, error: ErrorClass = ArgumentError) -> Callable[..., None]:
    """An attrs validator: the field's value is an instance of ``expected``."""
    types = _normal(expected)
    names = _names(types)

    def validate(instance: object, attribute: Any, value: object) -> None:
        if not isinstance(value, types):
            raise _refuse(attribute.alias or attribute.name, names, value, error)

    return validate


def items_of(
    expected: Types, *, optional: bool = False, error: ErrorClass = ArgumentError
) -> Callable[..., None]:
    """An attrs validator: the field's value is a tuple (or list) of ``expected`` (or
    ``None`` if ``optional``)."""
    types = _normal(expected)
    names = _names(types)

    def validate(instance: object, attribute: Any, value: object) -> None:
        if optional and value is None:
            return
        name = attribute.alias or attribute.name
        if not isinstance(value, tuple | list):
            raise _refuse(name, f"a tuple of {names}", value, error)
        for index, item in enumerate(value):
            if not isinstance(item, types):
                raise _refuse(f"{name}[{index}]", names, item, error)

    return validate
