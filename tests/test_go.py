"""dockerlinks._go against Go's own answers (tests/data/go_semantics.json, see its source)."""

from __future__ import annotations

import json
import sys
import unicodedata
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from dockerlinks import _go

DATA: dict[str, Any] = json.loads(
    (Path(__file__).parent / "data" / "go_semantics.json").read_text(encoding="utf-8")
)


def _ids(rows: list[Any], key: str | int = "input") -> list[str]:
    return [repr(row[key])[:40] for row in rows]


@pytest.mark.parametrize("row", DATA["numbers"], ids=_ids(DATA["numbers"]))
def test_numbers(row: dict[str, Any]) -> None:
    text = row["input"]
    for bits, key, parse in ((16, "uint16", _go.parse_uint), (64, "uint64", _go.parse_uint)):
        if row[key] is not None:
            assert parse(text, bits) == row[key]
        else:
            with pytest.raises(_go.NumError) as info:
                parse(text, bits)
            assert str(info.value) == row[f"{key}_error"]
    if row["int64"] is not None:
        assert _go.parse_int(text) == row["int64"]
    else:
        with pytest.raises(_go.NumError) as info:
            _go.parse_int(text)
        assert str(info.value) == row["int64_error"]


@pytest.mark.parametrize("row", DATA["quotes"], ids=_ids(DATA["quotes"], 0))
def test_quote(row: list[str]) -> None:
    assert _go.quote(row[0]) == row[1]


@pytest.mark.parametrize("row", DATA["cases"], ids=_ids(DATA["cases"]))
def test_strings(row: dict[str, str]) -> None:
    assert _go.to_upper(row["input"]) == row["upper"]
    assert _go.to_lower(row["input"]) == row["lower"]
    assert _go.trim_space(row["input"]) == row["trim"]


@pytest.mark.parametrize("direction", ["upper", "lower"])
def test_every_case_mapping(direction: str) -> None:
    convert = _go.to_upper if direction == "upper" else _go.to_lower
    go = dict(DATA[direction])
    wrong = []
    for code in range(sys.maxunicode + 1):
        if 0xD800 <= code <= 0xDFFF or unicodedata.category(chr(code)) == "Cn":
            continue
        expected = chr(go.get(code, code))
        if convert(chr(code)) != expected:
            wrong.append(code)
    # Go and Python ship different Unicode versions (the data's and Python's own): the only
    # differences allowed are letters the recording's Unicode did not have, which Go leaves
    # as they are.
    assert DATA["unicode_version"] != unicodedata.unidata_version or not wrong
    assert all(code not in go for code in wrong), [hex(code) for code in wrong if code in go]
    assert len(wrong) < 100


def test_white_space() -> None:
    assert sorted(map(ord, _go.SPACES)) == DATA["spaces"]


def _long_group(text: str) -> bool:
    """A hex group of more than four digits: Go 1.19 (the data) accepted leading zeros there,
    Go 1.20+ refuses ("each group must have 4 or less digits"), as the library does."""
    return any(len(group) > 4 for group in text.split("%", 1)[0].replace(".", ":").split(":"))


@pytest.mark.parametrize("row", DATA["addresses"], ids=_ids(DATA["addresses"]))
def test_addresses(row: dict[str, Any]) -> None:
    text = row["input"]
    if _long_group(text) and ":" in text:
        assert _go.parse_ip(text) is None
        assert _go.parse_addr(text) is None
        return
    raw = _go.parse_ip(text)
    if row["parse_ip"]:
        assert raw is not None
        assert _go.ip_string(raw) == row["parse_ip"]
        assert (len(raw) == 4) == row["parse_ip_is4"]
    else:
        assert raw is None
    addr = _go.parse_addr(text)
    if row["netip_ok"]:
        assert addr is not None
        assert str(addr) == row["netip"]
    else:
        assert addr is None


@pytest.mark.parametrize("row", DATA["hostports"], ids=_ids(DATA["hostports"]))
def test_split_host_port(row: dict[str, str]) -> None:
    if row["error"]:
        with pytest.raises(_go.AddrError) as info:
            _go.split_host_port(row["input"])
        assert str(info.value) == row["error"]
    else:
        assert _go.split_host_port(row["input"]) == (row["host"], row["port"])


@pytest.mark.parametrize("row", DATA["joins"], ids=_ids(DATA["joins"], 0))
def test_join_host_port(row: list[str]) -> None:
    assert _go.join_host_port(row[0], row[1]) == row[2]


@pytest.mark.parametrize("row", DATA["paths"], ids=_ids(DATA["paths"], 0))
def test_clean_path(row: list[str]) -> None:
    assert _go.clean_path(row[0]) == row[1]


@pytest.mark.parametrize("row", DATA["json"], ids=_ids(DATA["json"]))
def test_json_field(row: dict[str, Any]) -> None:
    obj = json.loads(row["input"])
    for field in ("HostIp", "HostPort"):
        value = _go.json_field(obj, field)
        if row["error"] and not isinstance(value, str | None):
            continue  # Go refuses the wrong type; callers turn that into their own error
        assert (value or "") == row[field]


@given(st.text(alphabet="0123456789abcdefABCDEF:.", max_size=45))
def test_fast_ipv6_parser_agrees_with_gos_rules(text: str) -> None:
    # inet_pton (the fast path) and the port of Go's parser agree wherever the fast path runs
    if ":" in text:
        assert _go._parse_ipv6(text) == _go._parse_ipv6_slow(text)


ADDRESS_TEXT = st.one_of(
    st.text(alphabet="0123456789abcdefABCDEF:.%", max_size=46),
    st.text(alphabet="0123456789.", max_size=16),
    st.lists(st.integers(0, 300).map(str), min_size=3, max_size=5).map(".".join),
    st.tuples(
        st.sampled_from(["::", "::ffff:", "1:2:3:4:5:6:", "fe80::", "1::2:"]),
        st.lists(
            st.sampled_from(["0", "00", "01", "1", "255", "256", "a"]), min_size=3, max_size=5
        ),
    ).map(lambda t: t[0] + ".".join(t[1])),
    st.text(max_size=12),
)


@given(ADDRESS_TEXT)
def test_parse_ip_answers_as_the_ports_of_gos_parsers(text: str) -> None:
    # whichever parser runs (the C library's where it agrees, else the ports), the answer is
    # the one of Go's parsers: the first of "." and ":" chooses the family
    assert _go.parse_ip(text) == _go._go_parse(text)
    if ":" not in text:
        assert _go._parse_ipv4(text) == _go._parse_ipv4_slow(text)
    else:
        assert _go._parse_ipv6(text) == _go._parse_ipv6_slow(text)


def test_c_parser_probes_are_the_known_disagreements() -> None:
    # the probes the C parser must answer as Go before it is used: leading zeros, field
    # counts, group widths, "::" placement, zones, embedded dotted quads
    assert len(set(_go._PROBES)) == len(_go._PROBES)
    for text in _go._PROBES:
        assert _go._c_parse(text) == _go._go_parse(text) or not _go._C_AGREES


@pytest.mark.parametrize("c_parser", [True, False])
@pytest.mark.parametrize("row", DATA["addresses"][::7], ids=_ids(DATA["addresses"][::7]))
def test_addresses_either_parser(
    row: dict[str, Any], c_parser: bool, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(_go, "_C_AGREES", c_parser and _go._C_AGREES)
    test_addresses(row)


@given(st.integers(min_value=0, max_value=2**64 - 1))
def test_parse_uint_round_trips(value: int) -> None:
    assert _go.parse_uint(str(value)) == value
    assert _go.parse_uint("0" * 30 + str(value)) == value


def test_parse_uint_is_linear_on_huge_input() -> None:
    # Python's int() refuses texts of more than 4,300 digits; Go's answer does not need it
    with pytest.raises(_go.NumError) as info:
        _go.parse_uint("9" * 100_000, 16)
    assert info.value.err == _go.RANGE
    assert _go.parse_uint("0" * 100_000 + "80", 16) == 80
    with pytest.raises(_go.NumError) as info:
        _go.parse_uint("0" * 100_000 + "x", 16)
    assert info.value.err == _go.SYNTAX
