"""The cheap forms of two hot checks give the answers of their plain forms.

``names.unsafe_index`` answers a safe text with four scans in C (the text is printable and
holds no ``" "``, ``"="`` or ``"#"``), which relies on every whitespace character but the
ASCII space being non-printable; the default ``/etc/hosts`` lines are rendered once per
rule set instead of for every file.
"""

from __future__ import annotations

import sys

import pytest
from hypothesis import given
from hypothesis import strategies as st

from dockerlinks.hosts import HostsRecord, build_hosts, build_hosts_classic
from dockerlinks.names import unsafe_index
from dockerlinks.profiles import get_profile


def _plain_unsafe_index(text: str) -> int | None:
    for index, char in enumerate(text):
        if char in "=#" or char.isspace() or not char.isprintable():
            return index
    return None


def test_the_only_printable_whitespace_is_the_space() -> None:
    assert [
        hex(code)
        for code in range(sys.maxunicode + 1)
        if chr(code).isspace() and chr(code).isprintable()
    ] == ["0x20"]


def test_every_character_alone_and_after_a_safe_prefix() -> None:
    for code in range(sys.maxunicode + 1):
        char = chr(code)
        expected = _plain_unsafe_index(char)
        assert unsafe_index(char) == expected
        assert unsafe_index("db-" + char) == (None if expected is None else 3)


@given(st.text(st.characters(exclude_categories=()), max_size=20))
def test_unsafe_index_is_the_plain_loop(text: str) -> None:
    assert unsafe_index(text) == _plain_unsafe_index(text)


def _plain_defaults(modern: bool, ipv6: bool) -> str:
    lines = [("127.0.0.1", "127.0.0.1", "localhost")]
    if ipv6:
        lines += [
            ("::1", "::1", "localhost ip6-localhost ip6-loopback"),
            ("fe00::0", "fe00::", "ip6-localnet"),
            ("ff00::0", "ff00::", "ip6-mcastprefix"),
            ("ff02::1", "ff02::1", "ip6-allnodes"),
            ("ff02::2", "ff02::2", "ip6-allrouters"),
        ]
    return "".join(f"{new if modern else old}\t{names}\n" for old, new, names in lines)


@pytest.mark.parametrize("profile", ["classic", "modern", "20.10", "25.0", "26.1", "28.5", None])
@pytest.mark.parametrize("ipv6", [True, False])
def test_default_lines_per_rule_set(profile: str | None, ipv6: bool) -> None:
    modern = get_profile(profile).daemon.hosts == "modern"
    records = [HostsRecord("10.0.0.2", "db"), HostsRecord("fd00::3", "x")]
    records.append(HostsRecord("::ffff:10.0.0.9", "y"))
    text = build_hosts(records, profile=profile, ipv6=ipv6)
    defaults = _plain_defaults(modern, ipv6)
    assert text.startswith(defaults)
    rest = text[len(defaults) :]
    kept = [record for record in records if ipv6 or ":" not in record.ip]
    assert rest == "".join(record.line(profile=profile) for record in kept)


def test_classic_build_puts_the_own_line_first() -> None:
    text = build_hosts_classic("10.11.12.13", "web", "example.com", [HostsRecord("1.2.3.4", "x")])
    assert text == (
        "10.11.12.13\tweb.example.com web\n" + _plain_defaults(False, True) + "1.2.3.4\tx\n"
    )
    assert build_hosts_classic("", "web") == _plain_defaults(False, True)
