"""Compose's merge of one compose model over another (``-f a -f b``, ``extends``).

What lives here: merging two positioned trees (:class:`~.yamlread.Map` / :class:`~.yamlread.Seq`)
with the rules of compose-spec/compose-go v2.9.1 ``override/merge.go`` and the de-duplication
of ``override/uncity.go``; it must not know about files, variables or checks. Positions travel
with the values: every merged value keeps the file, line and column it was written at.

Rules by path (``*`` is any one key); anything not listed merges by type: mappings key by key,
sequences appended, scalars replaced; a null override keeps the base; a mapping over a
non-mapping (or a sequence over a non-sequence) is refused ("cannot override PATH")::

    path                                        rule
    ------------------------------------------  ----------------------------------------
    services.*.command / entrypoint             replaced
    services.*.healthcheck.test                 replaced
    services.*.environment, labels, env_file,   both turned into sequences (a mapping
    annotations, dns, dns_opt, dns_search,      gives sorted "KEY=VALUE" / "KEY"
    sysctls, tmpfs, label_file,                 entries), appended
    build.args, build.labels, deploy.labels ...
    services.*.extra_hosts                      as sequences, entries already there dropped
    services.*.depends_on                       both as mappings (a list gives
                                                {condition: service_started,
                                                required: true}), merged key by key
    services.*.networks                         both as mappings (a list gives null
                                                values), merged key by key
    services.*.build                            a text is {context: TEXT}; merged
    services.*.logging                          merged if the drivers agree, else replaced
    KEY: !reset VALUE                           KEY removed from the base (and not set)
    KEY: !override VALUE                        KEY replaced, not merged

De-duplication after each merge (:func:`unique`), the later entry replacing the earlier in the
earlier one's place: ``environment``, ``links``, ``profiles``, ``dns`` ... by the text before
``=``; ``expose`` by its text; ``ports`` by text (short syntax) or
``HOST_IP:PUBLISHED:TARGET/PROTOCOL`` (long syntax); ``env_file`` by path.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from typing import Any

from dockerlinks.compose.yamlread import Map, Pos, Seq
from dockerlinks.errors import MergeError

__all__ = ["MergeError", "go_text", "int_text", "merge", "to_mapping", "to_sequence", "unique"]

_INT_BITS = 13_000  # about 3,900 decimal digits: under CPython's 4,300-digit conversion limit


def int_text(value: int) -> str:
    """An integer in decimal; one too long for CPython to convert (its ``int_max_str_digits``
    limit) is described by its size instead of raising ``ValueError``.

    >>> int_text(8080), int_text(10**5000)
    ('8080', '<an integer of 5001 digits>')
    """
    if value.bit_length() <= _INT_BITS:
        return str(value)
    digits = int(value.bit_length() * 0.30102999566398120) + 1
    low = 10 ** (digits - 1)
    if abs(value) < low:
        digits -= 1
    return f"<an integer of {digits} digits>"


def go_text(value: Any) -> str:
    """A scalar as Go's ``%v`` prints it (how Compose turns mapping values into entries).

    >>> go_text(True), go_text(8080), go_text(1.5), go_text(1e21), go_text(None)
    ('true', '8080', '1.5', '1e+21', '<nil>')
    """
    if value is None:
        return "<nil>"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return int_text(value)
    if isinstance(value, float):
        if math.isinf(value):
            return "+Inf" if value > 0 else "-Inf"
        if math.isnan(value):
            return "NaN"
        if value == int(value) and abs(value) < 1e21:
            return str(int(value))
        text = repr(value)
        if "e" in text:
            mantissa, _, exponent = text.partition("e")
            sign = "-" if exponent.startswith("-") else "+"
            digits = exponent.lstrip("+-").rjust(2, "0")
            text = f"{mantissa.removesuffix('.0')}e{sign}{digits}"
        return text
    return str(value)


def _pos_of(container: Any, fallback: Pos) -> Pos:
    return container.pos if isinstance(container, Map | Seq) else fallback


_NOWHERE: Pos = ("", 0, 0)


def to_sequence(value: Any) -> Seq:
    """compose-go's convertIntoSequence: a mapping as sorted ``KEY=VALUE`` (``KEY`` for null;
    one entry per item for a list value), a text as a one-entry sequence."""
    if isinstance(value, Seq):
        return value
    out = Seq(_pos_of(value, _NOWHERE))
    if isinstance(value, dict):
        at = value.at if isinstance(value, Map) else {}
        entries: list[tuple[str, Pos]] = []
        for key, item in value.items():
            pos = at.get(key, out.pos)
            if item is None:
                entries.append((key, pos))
            elif isinstance(item, list):
                entries.extend((f"{key}={go_text(v)}", pos) for v in item)
            else:
                entries.append((f"{key}={go_text(item)}", pos))
        entries.sort(key=lambda pair: pair[0])
        for text, pos in entries:
            out.append(text)
            out.at.append(pos)
        return out
    if isinstance(value, list):
        out.extend(value)
        out.at.extend([out.pos] * len(value))
        return out
    if isinstance(value, str):
        out.append(value)
        out.at.append(out.pos)
    return out


def to_mapping(value: Any, default: Callable[[], Any] | None) -> Map:
    """compose-go's convertIntoMapping: a list of names as a mapping of ``default()`` values."""
    if isinstance(value, Map):
        return value
    out = Map(_pos_of(value, _NOWHERE))
    if isinstance(value, dict):
        out.update(value)
        return out
    if isinstance(value, list):
        at = value.at if isinstance(value, Seq) else [out.pos] * len(value)
        for item, pos in zip(value, at, strict=False):
            key = item if isinstance(item, str) else go_text(item)
            out[key] = default() if default is not None else None
            out.at[key] = pos
            out.keys_at[key] = pos
    return out


def _copy_map(value: Map) -> Map:
    out = Map(value.pos)
    out.update(value)
    out.at = dict(value.at)
    out.keys_at = dict(value.keys_at)
    return out


def _concat(left: Seq, right: Seq) -> Seq:
    out = Seq(left.pos)
    out.extend(left)
    out.extend(right)
    out.at = [*left.at, *right.at]
    return out


def _merge_maps(base: Map, over: Map, path: tuple[str, ...]) -> Map:
    out = _copy_map(base)
    for key in over.reset | over.override:
        out.pop(key, None)
        out.at.pop(key, None)
        out.keys_at.pop(key, None)
    for key, value in over.items():
        if key in out:
            out[key] = _merge(out[key], value, (*path, key))
        else:
            out[key] = value
        if key in over.at:
            out.at[key] = over.at[key]
            out.keys_at[key] = over.keys_at.get(key, over.at[key])
    return out


def _dependency() -> Map:
    out = Map(_NOWHERE)
    out["condition"] = "service_started"
    out["required"] = True
    return out


def _merge_sequences(base: Any, over: Any, path: tuple[str, ...]) -> Any:
    return _concat(to_sequence(base), to_sequence(over))


def _merge_extra_hosts(base: Any, over: Any, path: tuple[str, ...]) -> Any:
    left = to_sequence(base)
    right = to_sequence(over)
    seen = set(left)
    kept = Seq(right.pos)
    for item, pos in zip(right, right.at, strict=False):
        if item not in seen:
            kept.append(item)
            kept.at.append(pos)
    return _concat(left, kept)


def _merge_depends_on(base: Any, over: Any, path: tuple[str, ...]) -> Any:
    return _merge_maps(to_mapping(base, _dependency), to_mapping(over, _dependency), path)


def _merge_networks(base: Any, over: Any, path: tuple[str, ...]) -> Any:
    return _merge_maps(to_mapping(base, None), to_mapping(over, None), path)


def _replace(base: Any, over: Any, path: tuple[str, ...]) -> Any:
    return over


def _as_build(value: Any) -> Map:
    if isinstance(value, str):
        out = Map(_NOWHERE)
        out["context"] = value
        return out
    return value if isinstance(value, Map) else Map(_NOWHERE)


def _merge_build(base: Any, over: Any, path: tuple[str, ...]) -> Any:
    return _merge_maps(_as_build(base), _as_build(over), path)


def _merge_logging(base: Any, over: Any, path: tuple[str, ...]) -> Any:
    if not isinstance(base, Map) or not isinstance(over, Map):
        return _merge_default(base, over, path)
    if "driver" not in over or "driver" not in base or over["driver"] == base["driver"]:
        return _merge_maps(base, over, path)
    return over


Merger = Callable[[Any, Any, tuple[str, ...]], Any]

#: Special rules by the path below ``services.<name>`` (module table).
_SERVICE_RULES: dict[tuple[str, ...], Merger] = {
    ("annotations",): _merge_sequences,
    ("build",): _merge_build,
    ("build", "args"): _merge_sequences,
    ("build", "additional_contexts"): _merge_sequences,
    ("build", "extra_hosts"): _merge_extra_hosts,
    ("build", "labels"): _merge_sequences,
    ("command",): _replace,
    ("depends_on",): _merge_depends_on,
    ("deploy", "labels"): _merge_sequences,
    ("dns",): _merge_sequences,
    ("dns_opt",): _merge_sequences,
    ("dns_search",): _merge_sequences,
    ("entrypoint",): _replace,
    ("env_file",): _merge_sequences,
    ("label_file",): _merge_sequences,
    ("environment",): _merge_sequences,
    ("extra_hosts",): _merge_extra_hosts,
    ("healthcheck", "test"): _replace,
    ("labels",): _merge_sequences,
    ("logging",): _merge_logging,
    ("models",): _merge_networks,
    ("networks",): _merge_networks,
    ("sysctls",): _merge_sequences,
    ("tmpfs",): _merge_sequences,
}
_TOP_RULES: dict[tuple[str, ...], Merger] = {
    ("networks", "*", "labels"): _merge_sequences,
    ("volumes", "*", "labels"): _merge_sequences,
}


def _rule(path: tuple[str, ...]) -> Merger | None:
    if len(path) >= 3 and path[0] == "services":
        return _SERVICE_RULES.get(path[2:])
    if len(path) == 3:
        return _TOP_RULES.get((path[0], "*", path[2]))
    return None


def _merge_default(base: Any, over: Any, path: tuple[str, ...]) -> Any:
    if over is None:
        return base
    if isinstance(base, dict):
        if not isinstance(over, dict):
            raise MergeError(f"cannot override {'.'.join(path)}")
        return _merge_maps(
            base if isinstance(base, Map) else to_mapping(base, None),
            over if isinstance(over, Map) else to_mapping(over, None),
            path,
        )
    if isinstance(base, list):
        if not isinstance(over, list):
            raise MergeError(f"cannot override {'.'.join(path)}")
        return _concat(to_sequence(base), to_sequence(over))
    return over


def _merge(base: Any, over: Any, path: tuple[str, ...]) -> Any:
    rule = _rule(path)
    if rule is not None:
        return rule(base, over, path)
    return _merge_default(base, over, path)


def merge(base: Map, over: Map, path: tuple[str, ...] = ()) -> Map:
    """``over`` merged over ``base`` (new containers; neither argument changes).

    >>> from dockerlinks.compose.yamlread import read_yaml
    >>> a = read_yaml("services: {web: {ports: ['80'], environment: {A: 1}}}", "a")[0].value
    >>> b = read_yaml("services: {web: {ports: ['81'], environment: [B=2]}}", "b")[0].value
    >>> web = merge(a, b)["services"]["web"]
    >>> web["ports"], web["environment"], web["ports"].at[1][0]
    (['80', '81'], ['A=1', 'B=2'], 'b')
    """
    return _merge_maps(base, over, path)


def _key_value(item: Any) -> str | None:
    if isinstance(item, str):
        return item.partition("=")[0]
    return None


def _port_key(item: Any) -> str | None:
    if isinstance(item, bool):
        return None
    if isinstance(item, int):
        return int_text(item)
    if isinstance(item, str):
        return item
    if isinstance(item, dict):
        if "target" not in item:
            return None
        host = item.get("host_ip", "0.0.0.0")
        published = item.get("published", "")
        return (
            f"{go_text(host)}:{go_text(published) if published is not None else ''}:"
            f"{go_text(item['target'])}/{go_text(item.get('protocol', 'tcp'))}"
        )
    return None


def _expose_key(item: Any) -> str | None:
    if isinstance(item, bool):
        return None
    return go_text(item) if isinstance(item, str | int | float) else None


def _env_file_key(item: Any) -> str | None:
    if isinstance(item, str):
        return item
    if isinstance(item, dict):
        path = item.get("path")
        return path if isinstance(path, str) else None
    return None


_UNIQUE: dict[str, Callable[[Any], str | None]] = {
    "environment": _key_value,
    "links": _key_value,
    "profiles": _key_value,
    "dns": _key_value,
    "dns_opt": _key_value,
    "dns_search": _key_value,
    "labels": _key_value,
    "cap_add": _key_value,
    "cap_drop": _key_value,
    "sysctls": _key_value,
    "tmpfs": _key_value,
    "expose": _expose_key,
    "ports": _port_key,
    "env_file": _env_file_key,
}


def _dedupe(value: Seq, index: Callable[[Any], str | None]) -> Seq:
    out = Seq(value.pos)
    where: dict[str, int] = {}
    for item, pos in zip(value, value.at, strict=False):
        key = index(item)
        if key is not None and key in where:
            out[where[key]] = item
            out.at[where[key]] = pos
            continue
        if key is not None:
            where[key] = len(out)
        out.append(item)
        out.at.append(pos)
    return out


def unique(service: Map) -> Map:
    """A service with the sequences of the module table de-duplicated (a later entry replaces
    an earlier one with the same key, in the earlier one's place)."""
    out = None
    for field, index in _UNIQUE.items():
        value = service.get(field)
        if isinstance(value, Seq):
            deduped = _dedupe(value, index)
            if len(deduped) != len(value):
                if out is None:
                    out = _copy_map(service)
                out[field] = deduped
    return out if out is not None else service
