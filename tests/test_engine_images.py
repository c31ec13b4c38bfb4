"""Images: references, the catalog, the image directive."""

from __future__ import annotations

import contextlib
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from dockerlinks.engine import ContainerConfig, Engine, ImageNotFoundError
from dockerlinks.engine.images import (
    BUILTIN_IMAGES,
    MAX_DIRECTIVE_PORTS,
    Image,
    ImageCatalog,
    normalize_reference,
    parse_image_directive,
)
from dockerlinks.errors import ImageError
from dockerlinks.ports import Port
from dockerlinks.shellwords import split_words
from tests.robustness import ANY_TEXT, assert_linear_time, call_with_drawn_arguments

# ----------------------------------------------------------------------------- references


@pytest.mark.parametrize(
    ("reference", "name"),
    [
        ("redis", "redis:latest"),
        ("training/webapp:v2", "training/webapp:v2"),
        ("localhost:5000/a/b", "localhost:5000/a/b:latest"),
        ("a__b.c-d", "a__b.c-d:latest"),
    ],
)
def test_references(reference: str, name: str) -> None:
    assert normalize_reference(reference) == name


# ----------------------------------------------------------------------------- directive


def test_every_port_of_a_protocol_is_one_directive_in_linear_time() -> None:
    image = parse_image_directive("big expose=1-65535")
    assert len(image.exposed) == 65535
    assert image.exposed[0] == Port(1)
    assert image.exposed[-1] == Port(65535)


def test_expose_keeps_first_seen_order_and_drops_duplicates() -> None:
    image = parse_image_directive("x expose=443,80,443/udp,80,1-3,2")
    assert image.exposed == (Port(443), Port(80), Port(443, "udp"), Port(1), Port(2), Port(3))


@pytest.mark.parametrize(
    "expose", ["1-65535,1", "1-65535/tcp,1-65535/udp", ",".join(["80"] * 65536)]
)
def test_expose_lists_at_most_the_limit(expose: str) -> None:
    with pytest.raises(ImageError, match=f"more than {MAX_DIRECTIVE_PORTS} ports"):
        parse_image_directive(f"big expose={expose}")


def test_env_redeclared_moves_to_the_end() -> None:
    image = parse_image_directive("x env=A=1 env=B=2 env=A=3 env=PATH=/bin")
    assert image.env == ("B=2", "A=3", "PATH=/bin")


def test_cmd_is_split_into_words_twice() -> None:
    assert parse_image_directive("x 'cmd=redis-server --port \"7 0\"'").cmd == (
        "redis-server",
        "--port",
        "7 0",
    )
    with pytest.raises(ImageError, match="image directive: No closing quotation"):
        parse_image_directive('x "cmd=\'a"')


@pytest.mark.parametrize("text", [None, 7, b"redis", ["redis"]])
def test_a_directive_must_be_text(text: object) -> None:
    with pytest.raises(ImageError, match="image directive: expected text"):
        parse_image_directive(text)  # type: ignore[arg-type]


# ----------------------------------------------------------------------------- catalog


def test_catalog_finds_by_name_and_replaces() -> None:
    catalog = ImageCatalog().add(Image("cache:latest", cmd=("a",)))
    catalog = catalog.add(Image("cache:latest", cmd=("b",)))
    found = catalog.find("cache")
    assert found is not None
    assert found.cmd == ("b",)
    assert catalog.find("nosuch") is None
    assert len(catalog.images) == len(BUILTIN_IMAGES) + 1


@pytest.mark.parametrize(
    "construct",
    [
        lambda: Image(None),  # type: ignore[arg-type]
        lambda: Image("x", exposed=[Port(80)]),  # type: ignore[arg-type]
        lambda: Image("x", env=("A=1", 2)),  # type: ignore[arg-type]
        lambda: Image("x", workdir=None),  # type: ignore[arg-type]
        lambda: Image("x", cmd="sh"),  # type: ignore[arg-type]
        lambda: ImageCatalog(images=[BUILTIN_IMAGES[0]]),  # type: ignore[arg-type]
        lambda: ImageCatalog().add("redis"),  # type: ignore[arg-type]
    ],
)
def test_wrongly_typed_values_are_image_errors(construct: Any) -> None:
    with pytest.raises(ImageError):
        construct()


# ----------------------------------------------------------------------------- any input

ANY_VALUE = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(),
    st.floats(),
    ANY_TEXT,
    st.binary(max_size=4),
    st.lists(ANY_TEXT, max_size=3),
    st.tuples(ANY_TEXT),
    st.just(BUILTIN_IMAGES[0]),
    st.just(BUILTIN_IMAGES),
    st.builds(object),
    st.dictionaries(ANY_TEXT, ANY_TEXT, max_size=2),
)
PUBLIC = [
    (normalize_reference, 1),
    (parse_image_directive, 1),
    (Image, 5),
    (ImageCatalog, 1),
    (lambda ref: ImageCatalog().find(ref), 1),
    (lambda image: ImageCatalog().add(image), 1),
]


@pytest.mark.parametrize(("function", "arity"), PUBLIC)
@given(data=st.data())
def test_every_public_callable_raises_only_library_errors(
    function: Any, arity: int, data: st.DataObject
) -> None:
    call_with_drawn_arguments(function, arity, data, ANY_VALUE)


DIRECTIVE_TEXT = st.lists(
    st.sampled_from(
        [
            *("redis", "Bad", " ", "expose=", "80", ",", "-", "/udp", "env=", "A=1", "cmd="),
            *("'", '"', "\\", "workdir=", "x", "#", "="),
        ]
    ),
    max_size=10,
).map("".join)


@given(DIRECTIVE_TEXT)
def test_any_directive_raises_only_image_errors(text: str) -> None:
    with contextlib.suppress(ImageError):
        parse_image_directive(text)


# ----------------------------------------------------------------------------- linear time

TIMED = [
    ("long-token", lambda n: "a" * n, split_words),
    ("long-single", lambda n: "'" + "a " * (n // 2) + "'", split_words),
    ("long-double", lambda n: '"' + "\\$a " * (n // 4) + '"', split_words),
    ("unclosed-single", lambda n: "x '" + "a " * (n // 2), split_words),
    ("unclosed-double", lambda n: 'x "' + '\\"' * (n // 2), split_words),
    ("many-escapes", lambda n: "\\a" * (n // 2), split_words),
    ("many-words", lambda n: "a " * (n // 2), split_words),
    ("many-empty-words", lambda n: "'' " * (n // 3), split_words),
    ("expose-items", lambda n: "x expose=" + ",".join(["80"] * (n // 12)), parse_image_directive),
    (
        "env-items",
        lambda n: "x " + " ".join(f"env=V{i}=1" for i in range(n // 10)),
        parse_image_directive,
    ),
    ("cmd-words", lambda n: "x 'cmd=" + "a " * (n // 2) + "'", parse_image_directive),
    ("reference-dashes", lambda n: "a" + "-" * n + "X", normalize_reference),
    ("reference-slashes", lambda n: "a/" * (n // 2) + "X", normalize_reference),
    ("reference-letters", lambda n: "a" * n + ":", normalize_reference),
]


@pytest.mark.parametrize(
    ("make", "run"), [(m, r) for _, m, r in TIMED], ids=[i for i, _, _ in TIMED]
)
def test_linear_time(make: Any, run: Any) -> None:
    assert_linear_time(make, run)


@pytest.mark.parametrize("reference", ["", "bad image", "a:b:c", 7])
def test_malformed_references(reference: object) -> None:
    with pytest.raises(ImageError) as info:
        normalize_reference(reference)  # type: ignore[arg-type]
    assert info.value.docker_message == "invalid reference format"


def test_malformed_reference_on_run_is_docker_s_error() -> None:
    with pytest.raises(ImageNotFoundError) as info:
        Engine().create(ContainerConfig("bad image"))
    assert info.value.docker_message == "invalid reference format"
    assert info.value.notice == ""


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("", "image directive: missing image name"),
        ("redis 'unclosed", "image directive: No closing quotation"),
        ("redis expose", "image directive: expected KEY=VALUE, got 'expose'"),
        ("redis env=NOVALUE", "image directive: env needs NAME=VALUE, got 'NOVALUE'"),
        ("redis env==x", "image directive: env needs NAME=VALUE, got '=x'"),
        ('redis "cmd=\'a"', "image directive: No closing quotation"),
        ("redis size=3", "image directive: unknown key 'size'"),
        ("redis expose=80,abc", "image directive: "),
    ],
)
def test_bad_image_directives(text: str, message: str) -> None:
    with pytest.raises(ImageError) as info:
        parse_image_directive(text)
    assert info.value.docker_message.startswith(message)


def test_image_directive_values() -> None:
    image = parse_image_directive("cache expose=80,,443/udp,80 env=PATH=/x workdir= cmd='a b'")
    assert image.exposed == (Port(80), Port(443, "udp"))
    assert image.env == ("PATH=/x",)
    assert (image.workdir, image.cmd) == ("/", ("a", "b"))


def test_engine_new_with_images_and_replacement() -> None:
    engine = Engine.new(images=[Image("cache:latest", exposed=(Port(6379),))])
    engine, c = engine.create(ContainerConfig("cache"))
    assert c.exposed == (Port(6379),)
    assert c.cmd == ("/bin/sh",)
    replaced = engine.with_image(Image("cache:latest", cmd=("redis-server",)))
    assert replaced.create(ContainerConfig("cache"))[1].cmd == ("redis-server",)
