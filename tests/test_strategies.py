"""The public hypothesis strategies: every "valid" value is accepted by the parsers and
round-trips; near misses are rejected; ``st.from_type`` draws the library's values."""

from __future__ import annotations

import subprocess
import sys

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from dockerlinks import strategies as ds
from dockerlinks.compose import check
from dockerlinks.engine import Engine, EngineError
from dockerlinks.envfile import parse_env_file
from dockerlinks.errors import PortSpecError
from dockerlinks.links import LinkSpec, link_env, parse_link
from dockerlinks.names import validate_container_name
from dockerlinks.ports import (
    GENERATIONS,
    Port,
    PortBinding,
    PortConfig,
    PortMap,
    PortRange,
    PortSpec,
    parse_expose,
    parse_port_spec,
)
from dockerlinks.profiles import Profile

# -------------------------------------------------------------------------- -p texts and values


@pytest.mark.parametrize("generation", GENERATIONS)
@settings(max_examples=50)
@given(data=st.data())
def test_spec_texts_parse_to_the_value_the_grammar_says(
    generation: str, data: st.DataObject
) -> None:
    text, expected = data.draw(ds.port_spec_cases(generation=generation))
    assert parse_port_spec(text, generation=generation) == expected


@given(ds.port_spec_texts(canonical=True))
def test_canonical_texts_are_their_own_str(text: str) -> None:
    spec = parse_port_spec(text)
    assert parse_port_spec(str(spec)) == spec


@given(ds.port_specs())
def test_spec_values_round_trip_through_str(spec: PortSpec) -> None:
    assert parse_port_spec(str(spec)) == spec
    assert len(list(spec.mappings())) == (len(spec.container_range))


@settings(max_examples=60)
@given(ds.invalid_port_spec_texts())
def test_near_misses_are_rejected_with_a_port_spec_error(text: str) -> None:
    with pytest.raises(PortSpecError):
        parse_port_spec(text)


@settings(max_examples=30)
@given(ds.invalid_port_spec_texts(generation="v0.5"))
def test_near_misses_of_an_older_generation(text: str) -> None:
    with pytest.raises(PortSpecError):
        parse_port_spec(text, generation="v0.5")


def test_unknown_generation_is_refused() -> None:
    with pytest.raises(ValueError, match="unknown parser generation"):
        ds.port_spec_texts(generation="v9")


@settings(max_examples=50)
@given(ds.port_configs())
def test_port_configs_round_trip_through_the_api_shape(config: PortConfig) -> None:
    assert PortConfig.from_api(config.to_api()) == config


@settings(max_examples=50)
@given(ds.port_maps())
def test_port_maps_round_trip_through_the_api_shape(ports: PortMap) -> None:
    assert PortMap.from_api(ports.to_api()) == ports


@given(ds.port_bindings())
def test_port_bindings_are_api_strings(binding: PortBinding) -> None:
    api = binding.to_api()
    assert set(api) == {"HostIp", "HostPort"}
    if binding.host_port:
        parse_port_spec(f"{binding.host_port}:80")
    if binding.host_ip:
        parse_port_spec(f"[{binding.host_ip}]::80")


@settings(max_examples=10)
@given(ds.port_bindings(host_ports=False))
def test_port_bindings_without_host_ports(binding: PortBinding) -> None:
    assert binding.host_port == ""


@given(ds.host_ips(family=4), ds.host_ips(family=6))
def test_host_ips_of_each_family(v4: str, v6: str) -> None:
    assert ":" not in v4
    assert ":" in v6
    assert parse_port_spec(f"{v4}::80").host_ip == v4
    assert parse_port_spec(f"{v6}::80").host_ip == v6


@given(ds.port_ranges(max_size=8))
def test_port_ranges_are_ordered_and_small(rng: PortRange) -> None:
    assert 1 <= rng.start <= rng.end <= 65535
    assert len(rng) <= 8


# -------------------------------------------------------------------------- expose, names, links


@given(ds.expose_texts())
def test_expose_texts_are_accepted(text: str) -> None:
    ports = parse_expose(text)
    assert ports
    assert all(isinstance(p, Port) for p in ports)


@given(ds.exposed_port_sets())
def test_exposed_port_sets_feed_link_env(ports: frozenset[Port]) -> None:
    env = link_env("/web/db", "172.17.0.2", ports, profile="28.5")
    assert env[-1] == "DB_NAME=/web/db"
    assert sum(1 for line in env if line.endswith("_PROTO=" + line.rsplit("=", 1)[-1])) >= len(
        ports
    )


@given(ds.container_names(slash=True))
def test_container_names_are_valid(name: str) -> None:
    assert validate_container_name(name) == name.removeprefix("/")


@given(ds.link_spec_texts())
def test_link_texts_parse_and_round_trip(text: str) -> None:
    spec = parse_link(text)
    assert parse_link(str(spec)) == spec


@given(st.from_type(LinkSpec))
def test_link_spec_values(spec: LinkSpec) -> None:
    assert parse_link(str(spec)) == spec


@given(ds.env_lists())
def test_env_lists_hold_assignments(env: list[str]) -> None:
    assert all("=" in entry for entry in env)
    link_env("/web/db", "172.17.0.2", [], env)


@given(ds.env_file_texts())
def test_env_file_texts_parse(text: str) -> None:
    for entry in parse_env_file(text):
        assert "=" in entry


# -------------------------------------------------------------------------- registration


@pytest.mark.parametrize(
    "kind", [Port, PortRange, PortBinding, PortSpec, PortConfig, PortMap, LinkSpec, Profile]
)
@settings(max_examples=10)
@given(data=st.data())
def test_from_type_draws_registered_values(kind: type, data: st.DataObject) -> None:
    value = data.draw(st.from_type(kind))
    assert isinstance(value, kind)


def test_the_hook_registers_again_without_harm() -> None:
    ds._hypothesis_setup_hook()

    @settings(max_examples=10)
    @given(st.from_type(PortSpec))
    def check(spec: PortSpec) -> None:
        assert isinstance(spec, PortSpec)

    check()


def test_importing_dockerlinks_does_not_import_hypothesis() -> None:
    code = "import sys, dockerlinks; sys.exit('hypothesis' in sys.modules)"
    assert subprocess.run([sys.executable, "-c", code], check=False).returncode == 0


def test_importing_the_strategies_first_still_registers() -> None:
    code = (
        "import dockerlinks.strategies\n"
        "from hypothesis import strategies as st\n"
        "from dockerlinks.ports import PortSpec\n"
        "assert isinstance(st.from_type(PortSpec).example(), PortSpec)\n"
    )
    assert subprocess.run([sys.executable, "-c", code], check=False).returncode == 0


# -------------------------------------------------------------------------- compose, engine


@settings(max_examples=25)
@given(ds.compose_configs())
def test_generated_compose_configs_have_no_errors(config: dict[str, object]) -> None:

    assert [p for p in check(config) if p.severity == "error"] == []


@settings(max_examples=40)
@given(ds.engine_commands())
def test_engine_commands_apply_or_are_refused_by_the_engine(
    commands: list[ds.EngineCommand],
) -> None:

    engine = Engine.new(seed=1)
    for command in commands:
        before = engine
        try:
            engine = command.apply(engine)
        except EngineError:
            assert engine == before
    names = [c.name for c in engine.containers]
    assert len(names) == len(set(names))


def test_an_unknown_engine_command_is_refused() -> None:

    with pytest.raises(ValueError, match="unknown engine command"):
        ds.EngineCommand("pause", ref="web").apply(Engine.new())
