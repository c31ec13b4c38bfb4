"""Record Go's answers for ``tests/test_go.py``: ``python tests/data/go/record.py``.

Asks ``record.go`` (run with the Go toolchain on PATH) about a fixed list of tricky inputs
plus seeded random ones, and writes ``tests/data/go_semantics.json``. The suite only reads
that file; it never needs Go.
"""

from __future__ import annotations

import json
import random
import subprocess
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
OUT = HERE.parent / "go_semantics.json"

NUMBERS = [
    "",
    "0",
    "00",
    "80",
    "+80",
    "-80",
    "-0",
    "65535",
    "65536",
    "070000",
    "70000x",
    "7x0000",
    "99999999999999999999",
    "18446744073709551615",
    "18446744073709551616",
    "9223372036854775807",
    "9223372036854775808",
    "-9223372036854775808",
    "-9223372036854775809",
    "1_000",
    "0x10",
    " 1",
    "1 ",
    "١٢",
    "8" * 40,
    "+",
    "-",
    "+-1",
    "00000000000000000000000080",
    "1e3",
    "\uff11",
]
QUOTES = [
    "",
    "abc",
    'say "hi"',
    "back\\slash",
    "tab\there",
    "nl\n",
    "nul\x00",
    "\x7f",
    "\x1b[31m",
    "é",
    "\u00a0",
    "\u2028",
    "\u200b",
    "\ufeff",
    "😀",
    "\U000e0001",
    "\u0378",
    "a\u0301",
]
CASES = [
    "tcp",
    "TCP",
    "Straße",
    "ǅ",
    "ﬁ",
    "İ",
    "ı",
    "ſ",
    "K",
    "ß",
    "ǰ",
    "ᾳ",
    "ﬃ",
    "Σσς",
    "µ",
    " \t\n trim \u3000",
    "\x1c\x1d\x1e\x1f",
    "\x85 x \xa0",
    "\u180e",
]
ADDRESSES = [
    "",
    "0.0.0.0",
    "127.0.0.1",
    "010.0.0.1",
    "1.2.3",
    "1.2.3.4.5",
    "256.1.1.1",
    "1.2.3.04",
    "::",
    "::1",
    "1::",
    "::ffff:1.2.3.4",
    "::ffff:01.2.3.4",
    "::1.2.3.4",
    "1:2:3:4:5:6:1.2.3.4",
    "1:2:3:4:5:6:7:1.2.3.4",
    "::ffff:0:1.2.3.4",
    "fe80::1%eth0",
    "fe80::1%",
    "1.2.3.4%eth0",
    "FE00::0",
    "fe00::0",
    "ff02::1",
    "2001:db8::1",
    "2001:DB8:0:0:1:0:0:1",
    "2001:db8::0:1",
    "1:0:0:2:0:0:0:3",
    "1:0:0:0:2:0:0:3",
    "0:0:1:0:0:1:0:0",
    "1:2:3:4:5:6:7:8",
    "1:2:3:4:5:6:7::",
    "::2:3:4:5:6:7:8",
    "1:2:3:4:5:6:7:8:9",
    "1::2::3",
    ":::",
    "1:::2",
    "12345::",
    "[::1]",
    "::ffff:ffff:ffff",
    "0:0:0:0:0:ffff:7f00:1",
    " ::1",
    "::1 ",
    "::g",
    "fe80::1%eth0%x",
    "::ffff:1.2.3.4%eth0",
    "0000:0000::",
    "00000::1",
    "::0001",
    "1.2.3.4:80",
]
HOSTPORTS = [
    "",
    "a",
    ":",
    "a:",
    ":80",
    "db:5432",
    "[::1]:80",
    "[::1]",
    "[::1]80",
    "[::1]:",
    "::1:80",
    "[::1",
    "::1]:80",
    "[[::1]]:80",
    "[::1]]:80",
    "a]:80",
    "a[:80",
    "[a]:b:80",
    "[]:80",
    "1.2.3.4:80",
    "[1.2.3.4]:80",
    "[fe80::1%eth0]:80",
    "host:port:80",
]
JOINS = [["::1", "80"], ["127.0.0.1", "80"], ["", "80"], ["db", ""], ["fe80::1%eth0", "1"]]
PATHS = [
    "/web/db",
    "/web/./db",
    "/web/../db",
    "/web/",
    "/web//db",
    "/../db",
    "/",
    "/a/b/../../..",
    "/.",
]
JSON = [
    '{"HostIp": "1.2.3.4", "HostPort": "80"}',
    '{"hostip": "1.2.3.4", "hostport": "80"}',
    '{"HostPort": "1", "hostport": "2"}',
    '{"hostport": "2", "HostPort": "1"}',
    '{"HOSTPORT": "3"}',
    '{"Host_Port": "4"}',
    '{"HostPort": 5}',
    '{"HostPort": null}',
    '{"hoſtip": "1.1.1.1"}',
    '{"HostIp": "1.1.1.1", "HostIp": "2.2.2.2"}',
]


def _random_questions(rng: random.Random) -> dict[str, Any]:
    digits = "0123456789+-x "
    hexes = "0123456789abcdefABCDEF:.%"
    numbers = ["".join(rng.choice(digits) for _ in range(rng.randint(0, 24))) for _ in range(300)]
    addresses = []
    for _ in range(1500):
        groups = [format(rng.getrandbits(16), "x")[: rng.randint(1, 5)] for _ in range(8)]
        cut = rng.randint(0, 8)
        text = ":".join(groups[:cut]) + rng.choice(["::", ":", ""]) + ":".join(groups[cut:])
        if rng.random() < 0.2:
            text = (
                text.rsplit(":", 2)[0] + ":" + ".".join(str(rng.randint(0, 300)) for _ in range(4))
            )
        if rng.random() < 0.1:
            text = "".join(rng.choice(hexes) for _ in range(rng.randint(1, 20)))
        addresses.append(text)
    for _ in range(300):
        addresses.append(
            ".".join(
                str(rng.choice([0, 1, 9, 10, 99, 255, 256, 999])) for _ in range(rng.randint(3, 5))
            )
        )
    port_maps = []
    for size in [*range(1, 16), 20, 30, 45, 60, 80, 120] * 6:
        ports: list[str] = []
        bindings: dict[str, list[str]] = {}
        while len(ports) < size:
            port = f"{rng.choice([53, 80, 443, 5000, 5001, 8080, 9000, rng.randint(1, 9999)])}/"
            port += rng.choice(["tcp", "tcp", "udp", "sctp", "TCP"])
            if port in ports:
                continue
            ports.append(port)
            if rng.random() < 0.6:
                bindings[port] = [
                    rng.choice(["", "127.0.0.1", "::1"])
                    + "/"
                    + rng.choice(
                        ["", "0", "80", "8080", "8080", "9000-9005", str(rng.randint(1, 9999))]
                    )
                    for _ in range(rng.choice([1, 1, 1, 2, 3]))
                ]
        port_maps.append({"ports": ports, "bindings": bindings})
    return {"numbers": numbers, "addresses": addresses, "port_maps": port_maps}


PATTERNS = [
    "web",
    "^web$",
    "^/web$",
    "^t1$",
    "web$",
    "^w",
    "w.b",
    "w.*b",
    "^w.+b$",
    "we?b",
    "a|web",
    "(web|db)$",
    "^(?:web|db)[0-9]*$",
    "[a-z]+_[a-z]+",
    "[^/]+",
    "[[:digit:]]",
    "[[:^digit:]]",
    "\\d+",
    "\\D",
    "\\w+$",
    "\\W",
    "\\s",
    "\\S",
    "\\bweb\\b",
    "\\Bb",
    "\\Aweb",
    "web\\z",
    "(?i)WEB",
    "(?i:W)eb",
    "(?s).",
    "a{2}",
    "a{2,}",
    "a{1,3}b",
    "x{0}y",
    "[a-c-]",
    "[]a]",
    "[\\]a]",
    "\\.",
    "\\x41",
    "[\\x41-\\x43]",
    "(a+)+$",
    "(a|aa)*b",
    "a**",
    "a{1001}",
    "(",
    ")",
    "[",
    "[a",
    "a{2,1}",
    "\\",
    "\\q",
    "(?P<n>web)",
    "(?P<>x)",
    "(?x)web",
    "*",
    "+a",
    "a{,2}",
    "^$",
    "",
    "^",
    "$",
    "ä+",
    "(?i)Ä",
    "\\pL",
    "[[:foo:]]",
]
TEXTS = [
    "web",
    "/web",
    "t1",
    "/t1",
    "web2",
    "my web",
    "db",
    "db1",
    "a",
    "aa",
    "aaab",
    "xy",
    "wb",
    "w\nb",
    "WEB",
    "A",
    "ABC",
    "",
    "x]",
    "-",
    "a.b",
    "äää",
    "Ä",
    "nostalgic_morse",
]


def _regexp_questions(rng: random.Random) -> list[list[str]]:
    pairs = [[p, t] for p in PATTERNS for t in TEXTS]
    atoms = ["a", "b", ".", "[ab]", "(a|b)", "(ab)", "\\d", "^", "$", "x"]
    for _ in range(300):
        pattern = "".join(
            rng.choice(atoms) + rng.choice(["", "", "*", "+", "?", "{1,2}"])
            for _ in range(rng.randint(1, 5))
        )
        text = "".join(rng.choice("abx1") for _ in range(rng.randint(0, 8)))
        pairs.append([pattern, text])
    return pairs


def main() -> None:
    rng = random.Random(20261201)
    extra = _random_questions(rng)
    questions = {
        "numbers": NUMBERS + extra["numbers"],
        "quotes": QUOTES,
        "cases": CASES,
        "addresses": ADDRESSES + extra["addresses"],
        "hostports": HOSTPORTS,
        "joins": JOINS,
        "paths": PATHS,
        "json": JSON,
        "port_maps": extra["port_maps"],
        "regexps": _regexp_questions(rng),
    }
    answers = subprocess.run(
        ["go", "run", "record.go", "version.go"],
        cwd=HERE,
        input=json.dumps(questions),
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    data = json.loads(answers)
    document = {
        "source": {
            "what": "Go standard library answers (strconv, strings, unicode, net, net/netip, "
            "path, encoding/json, sort.Sort on go-connections' SortPortMap comparator, "
            "regexp.MatchString)",
            "go": data.pop("go"),
            "recorded_by": "tests/data/go/record.py (tests/data/go/record.go)",
        },
        **data,
    }
    OUT.write_text(json.dumps(document, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    print(f"wrote {OUT}")


if __name__ == "__main__":
    main()
