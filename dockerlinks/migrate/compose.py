"""``migrate`` for one compose file: links become network aliases, link variables explicit.

What lives here: the rules that turn a compose file's ``links`` into the same setup on a
user-defined network, and the text edits that write it (the file's comments and key order
kept: only the lines of what changes are rewritten). It reads no file: the text is given.
It must not know transcripts or the CLI.

Rules, per link ``TARGET[:ALIAS]`` of a service ``S`` to a service ``T`` of the file::

    what                          becomes
    ----------------------------  ---------------------------------------------------------
    the link                      removed from S's links (the key when none is left)
    ALIAS (not T's own name)      an alias of T on each network S and T share
                                  (networks.<net>.aliases; "default" when neither sets
                                  networks); kept as a link when another service or another
                                  target already answers to ALIAS (alias-kept)
    start order                   depends_on T with condition service_started, restart true
                                  (what Compose derives from a link: compose-go
                                  loader/normalize.go; recorded in tests/data/migrate), unless
                                  S already depends on T
    network_mode: bridge          removed from S and T: both join the project's network
    the link's variables          S's environment, only when both ran on the default bridge
                                  (network_mode: bridge) and the source profile sets link
                                  variables: on Compose's own network a link gave none
                                  (tests/data/daemon: links-user-net#4); each is
                                  dns_link_env's, with ALIAS for the address, filtered by
                                  keep and the secret rule; a name S sets itself is left out

The variables of a link are computed from what the file says of T: ``expose``, the container
ports of ``ports``, its ``environment`` as written (so ``${VAR}`` is interpolated by Compose
as before), plus the EXPOSE and ENV of a known image (the built-in ones and ``images``);
T's ``env_file`` is not read (env-file), a bare entry takes its value from the shell
(shell-value). The parent's link name is ``/<container>/<ALIAS>`` with Compose's container
name (container_name, else ``<project>-<service>-1``).

Written text: new keys go where ``links`` was (or at the end of the service), nested by the
file's own indentation step; values are quoted as JSON strings where a plain scalar would
not read back as the same text. Keys written through an anchor, a merge key or a flow
mapping are left as they are (not-own-text).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import Any

import attrs
import yaml

from dockerlinks._args import check_items
from dockerlinks.compose.model import Report, Service, project_name, read_document
from dockerlinks.compose.yamlread import Map, read_yaml
from dockerlinks.engine.images import BUILTIN_IMAGES, Image, normalize_reference
from dockerlinks.errors import ComposeError, DockerLinksError
from dockerlinks.links import link_name, link_prefix, parse_link
from dockerlinks.migrate.linkvars import (
    KEEP,
    Keep,
    dns_link_env,
    keep_variables,
    merge_link_env,
    referenced_names,
    split_secrets,
)
from dockerlinks.migrate.model import DEFAULT_SOURCE_PROFILE, Migration, Note, apply_edits, header
from dockerlinks.migrate.yamltext import (
    Lines,
    compose_node,
    emit_block,
    go_value_text,
    pairs,
    quoted,
    shared_nodes,
)
from dockerlinks.profiles import Profile, get_profile

__all__ = ["migrate_compose"]

_STARTED = {"condition": "service_started", "restart": True}
_UNLINKABLE = ("host", "none")


@attrs.define
class _Plan:
    """What one service gets (mutable only while one migration is planned)."""

    remove_links: list[tuple[str, str]] = attrs.field(factory=list)
    depends: list[str] = attrs.field(factory=list)
    variables: list[tuple[str, str]] = attrs.field(factory=list)
    aliases: dict[str, list[str]] = attrs.field(factory=dict)
    drop_network_mode: bool = False


def _check_options(keep: object, forward_secrets: object, project: object) -> None:
    if keep not in KEEP:
        raise DockerLinksError(f"invalid keep {keep!r:.40}: one of {', '.join(KEEP)}")
    if type(forward_secrets) is not bool:
        raise DockerLinksError(
            f"forward_secrets must be True or False, not {forward_secrets!r:.40}"
        )
    if project is not None and not isinstance(project, str):
        raise DockerLinksError(f"project must be text, not {type(project).__name__}")


def migrate_compose(
    text: str,
    *,
    keep: Keep = "all",
    forward_secrets: bool = False,
    profile: Profile | str = DEFAULT_SOURCE_PROFILE,
    project: str | None = None,
    filename: str = "compose.yaml",
    images: Iterable[Image] = (),
) -> Migration:
    """Migrate one compose file's text off legacy links (module rules).

    ``profile`` is the Docker release the file ran on (whose link variables are
    reproduced), ``project`` the project name when the file has no ``name``.

    >>> result = migrate_compose('''\\
    ... services:
    ...   db:
    ...     image: training/postgres
    ...     network_mode: bridge
    ...   web:
    ...     image: training/webapp
    ...     network_mode: bridge
    ...     links:
    ...       - db:pg  # the database
    ... ''', project="shop")
    >>> print(result.text, end="")
    # Migrated off legacy links by dockerlinks migrate: links are network aliases; link variables
    # as Docker 28.5 set them (keep: all), with DNS names in place of addresses.
    services:
      db:
        image: training/postgres
        networks:
          default:
            aliases:
              - pg
      web:
        image: training/webapp
        environment:
          PG_PORT: "tcp://pg:5432"
          PG_PORT_5432_TCP: "tcp://pg:5432"
          PG_PORT_5432_TCP_ADDR: pg
          PG_PORT_5432_TCP_PORT: "5432"
          PG_PORT_5432_TCP_PROTO: tcp
          PG_NAME: "/shop-web-1/pg"
          PG_ENV_PG_VERSION: "9.3"
        depends_on:
          db:
            condition: service_started
            restart: true
    """
    if not isinstance(text, str):
        raise ComposeError(f"a compose file must be text, not {type(text).__name__}")
    if not isinstance(filename, str):
        raise ComposeError(f"filename must be text, not {type(filename).__name__}")
    _check_options(keep, forward_secrets, project)
    chosen = get_profile(profile)
    shown = profile if isinstance(profile, str) else chosen.daemon.release
    catalog = _catalog(images)
    source = text
    body = text[1:] if text.startswith("\ufeff") else text
    documents = read_yaml(body, filename)
    if len(documents) != 1:
        raise ComposeError(
            f"cannot migrate {filename}: {len(documents)} YAML documents (migrate takes one)"
        )
    data = documents[0].value
    if not isinstance(data, Map) or not isinstance(data.get("services"), Map):
        raise ComposeError(f"cannot migrate {filename}: no 'services' mapping")
    root = compose_node(body)
    if root is None:  # pragma: no cover - read_yaml found a mapping
        raise ComposeError(f"cannot migrate {filename}: empty")
    name = project_name(data.get("name")) or project_name(project or "") or "project"
    document = read_document(data, Report(None), profile=chosen, project=name)
    work = _Work(body, data, root, document.services, profile=chosen, catalog=catalog, project=name)
    work.plan(keep, forward_secrets)
    edits = work.edits()
    if not edits:
        return Migration(source, source, "compose", shown, tuple(work.notes), ())
    migrated = header(shown, keep).replace("\n", work.lines.newline) + apply_edits(body, edits)
    try:
        read_yaml(migrated, filename)
    except ComposeError as exc:  # pragma: no cover - a bug of the edits, said plainly
        raise ComposeError(f"migrate wrote text that does not read back: {exc}") from None
    variables = tuple(
        (service, tuple(f"{k}={v}" for k, v in plan.variables))
        for service, plan in work.plans.items()
        if plan.variables
    )
    return Migration(source, migrated, "compose", shown, tuple(work.notes), variables)


def _catalog(images: Iterable[Image]) -> dict[str, Image]:
    found = {image.name: image for image in BUILTIN_IMAGES}
    for image in check_items(images, Image, "images"):
        found[image.name] = image
    return found


class _Work:
    """One migration being planned: the file's nodes, services and notes."""

    def __init__(
        self,
        text: str,
        data: Map,
        root: yaml.Node,
        services: Sequence[Service],
        *,
        profile: Profile,
        catalog: Mapping[str, Image],
        project: str,
    ) -> None:
        self.lines = Lines(text)
        self.data = data
        self.services = {service.name: service for service in services}
        self.profile = profile
        self.catalog = catalog
        self.project = project
        self.notes: list[Note] = []
        self.plans: dict[str, _Plan] = {}
        self.shared = shared_nodes(root)
        self.nodes: dict[str, tuple[yaml.Node, yaml.Node]] = {}
        services_node = next((v for k, _, v in pairs(root) if k == "services"), None)
        self.services_node = services_node
        if services_node is not None:
            for key, key_node, value in pairs(services_node):
                self.nodes[key] = (key_node, value)

    # ------------------------------------------------------------------ reading

    def body(self, name: str) -> Map:
        value = self.data["services"].get(name)
        return value if isinstance(value, Map) else Map(("", 0, 0))

    def own(self, name: str) -> dict[str, tuple[yaml.Node, yaml.Node]]:
        """The keys written in the service's own mapping (empty when it is not editable)."""
        found = self.nodes.get(name)
        if found is None:
            return {}
        node = found[1]
        if not isinstance(node, yaml.MappingNode) or node.flow_style or id(node) in self.shared:
            return {}
        return {key: (k, v) for key, k, v in pairs(node)}

    def line(self, name: str, field: str | None = None) -> int:
        body = self.body(name)
        if field is not None and field in body.keys_at:
            return body.keys_at[field][1]
        found = self.nodes.get(name)
        return found[0].start_mark.line + 1 if found else 0

    def note(self, name: str, code: str, message: str, field: str | None = None) -> None:
        self.notes.append(Note(self.line(name, field), name, code, message))

    def networks(self, name: str) -> list[str] | None:
        """The networks a service is on after the migration (None: a mode links cannot use)."""
        body = self.body(name)
        mode = body.get("network_mode")
        if isinstance(mode, str) and mode != "bridge":
            return None
        value = body.get("networks")
        if isinstance(value, Mapping):
            return [str(key) for key in value]
        if isinstance(value, list):
            return [str(item) for item in value if isinstance(item, str)]
        return ["default"]

    def legacy(self, name: str) -> bool:
        return self.body(name).get("network_mode") == "bridge"

    # ------------------------------------------------------------------ planning

    def plan(self, keep: Keep, forward_secrets: bool) -> None:
        taken = {
            alias: name
            for name in self.services
            for alias in (name, self.services[name].container_name)
            if alias
        }
        for name, service in self.services.items():
            links = [link for link in service.links if not link.external]
            for link in service.links:
                if link.external:
                    self.note(
                        name,
                        "external-link",
                        f"{link.target}:{link.alias} is a container outside the file: connect "
                        f"it to the project's network with the alias {link.alias} "
                        "(docker network connect --alias); its variables are not known",
                        "external_links",
                    )
            if not links:
                continue
            own = self.own(name)
            if "links" not in own:
                self.note(
                    name,
                    "not-own-text",
                    "links written through an anchor, a merge key or extends: left as they are",
                    "links",
                )
                continue
            plan = self.plans.setdefault(name, _Plan())
            blocks: list[list[str]] = []
            prefixes: list[str] = []
            for link in links:
                self.plan_link(
                    name,
                    link.target,
                    link.alias,
                    plan,
                    taken=taken,
                    blocks=blocks,
                    prefixes=prefixes,
                )
            if blocks:
                self.plan_variables(
                    name, plan, blocks, prefixes, keep=keep, forward_secrets=forward_secrets
                )
            elif self.legacy(name) and not self.profile.daemon.sets_link_vars:
                self.note(
                    name,
                    "no-link-variables",
                    f"Docker {self.profile.daemon.release} sets no link variables "
                    "(moby/moby#50719): aliases only",
                    "links",
                )
            elif not self.legacy(name):
                self.note(
                    name,
                    "no-link-variables",
                    "on Compose's own network a link is a DNS alias and gives no variables: "
                    "aliases only",
                    "links",
                )

    def plan_link(
        self,
        name: str,
        target: str,
        alias: str,
        plan: _Plan,
        *,
        taken: dict[str, str],
        blocks: list[list[str]],
        prefixes: list[str],
    ) -> None:
        if target not in self.services:
            return  # an undefined service: Compose refuses the file; nothing to carry
        mine, theirs = self.networks(name), self.networks(target)
        if mine is None or theirs is None:
            who = name if mine is None else target
            mode = self.body(who).get("network_mode")
            self.note(
                name,
                "network-mode",
                f"link {target}:{alias}: {who} has network_mode {mode}, with which a link "
                "cannot work: left as it is",
                "links",
            )
            return
        shared = [net for net in mine if net in theirs]
        if not shared:
            self.note(
                name,
                "no-shared-network",
                f"link {target}:{alias}: {name} and {target} share no network: left as it is",
                "links",
            )
            return
        if alias and alias != target:
            holder = taken.get(alias)
            if holder is not None and holder != target:
                self.note(
                    name,
                    "alias-kept",
                    f"link {target}:{alias}: {holder} already answers to {alias}, so it cannot "
                    "be a network alias of "
                    f"{target}: the link stays (on a user-defined network it is a DNS alias "
                    "of this service only)",
                    "links",
                )
                return
            taken[alias] = target
            target_plan = self.plans.setdefault(target, _Plan())
            for net in shared:
                listed = target_plan.aliases.setdefault(net, [])
                if alias not in listed:
                    listed.append(alias)
        plan.remove_links.append((target, alias))
        depends = self.body(name).get("depends_on")
        depended = isinstance(depends, Mapping | list) and target in depends
        if not depended and target not in plan.depends:
            plan.depends.append(target)
        legacy = self.legacy(name) and self.legacy(target)
        if legacy:
            plan.drop_network_mode = True
            self.plans.setdefault(target, _Plan()).drop_network_mode = True
        if legacy and self.profile.daemon.sets_link_vars:
            parent = self.services[name].container_name or f"{self.project}-{name}-1"
            ports, env = self.child(name, target)
            blocks.append(
                dns_link_env(
                    link_name("/" + parent, alias or target),
                    alias or target,
                    ports,
                    env,
                    profile=self.profile,
                )
            )
            prefixes.append(link_prefix(alias or target))

    def child(self, parent: str, target: str) -> tuple[list[str], list[str]]:
        """The exposed ports and configured environment Docker's link read from ``target``."""
        service = self.services[target]
        body = self.body(target)
        ports = [str(port) for port in service.exposed_ports]
        env: dict[str, str] = {}
        image = body.get("image")
        known = None
        if isinstance(image, str):
            try:
                known = self.catalog.get(normalize_reference(image))
            except DockerLinksError:
                known = None
        if known is not None:
            ports.extend(str(port) for port in known.exposed)
            for entry in known.env:
                key, _, value = entry.partition("=")
                env[key] = value
        else:
            what = f"image {image}" if isinstance(image, str) else "its build"
            self.note(
                parent,
                "unknown-image",
                f"{target}: the EXPOSE and ENV of {what} are not known here: variables from "
                "them are not written (pass --image)",
                "links",
            )
        if body.get("env_file") is not None:
            self.note(
                parent,
                "env-file",
                f"{target}'s env_file is not read: its {link_prefix(target)}_ENV_ variables "
                "are not written",
                "links",
            )
        for key, text in _environment(body.get("environment")):
            if text is None:
                self.note(
                    parent,
                    "shell-value",
                    f"{target}'s {key} takes its value from the shell: not copied",
                    "links",
                )
                continue
            env[key] = text
        return ports, [f"{k}={v}" for k, v in env.items()]

    def plan_variables(
        self,
        name: str,
        plan: _Plan,
        blocks: list[list[str]],
        prefixes: list[str],
        *,
        keep: Keep,
        forward_secrets: bool,
    ) -> None:
        body = self.body(name)
        variables = merge_link_env(blocks)
        own = {key for key, _ in _environment(body.get("environment"))}
        kept: list[tuple[str, str]] = []
        for key, value in variables:
            if key in own:
                self.note(
                    name,
                    "own-value-wins",
                    f"{key} is set by the service itself: Docker gave it that value",
                    "environment",
                )
            else:
                kept.append((key, value))
        if body.get("env_file") is not None:
            self.note(
                name,
                "env-file",
                "env_file is not read: a link variable it sets was its value before, the "
                "explicit entry wins now",
                "env_file",
            )
        used = referenced_names(_texts(body))
        kept = keep_variables(kept, keep, used)
        without, held = split_secrets(kept, prefixes)
        for key in held:
            code = "secret-forwarded" if forward_secrets else "secret-held-back"
            verb = "written (--forward-secrets)" if forward_secrets else "not copied"
            self.note(name, code, f"{key} copies another service's secret: {verb}", "links")
        plan.variables = kept if forward_secrets else without

    # ------------------------------------------------------------------ writing

    def edits(self) -> list[tuple[int, int, str]]:
        out: list[tuple[int, int, str]] = []
        for name, plan in self.plans.items():
            own = self.own(name)
            if not own:
                if plan.aliases or plan.drop_network_mode:
                    self.note(
                        name,
                        "not-own-text",
                        "the service is written through an anchor or in flow style: "
                        "add its aliases by hand",
                    )
                continue
            writer = _Writer(self, name, plan, own)
            out.extend(writer.edits())
        return out


class _Writer:
    """The edits of one service's text (its plan, its own keys, its indentation)."""

    def __init__(
        self, work: _Work, name: str, plan: _Plan, own: dict[str, tuple[yaml.Node, yaml.Node]]
    ) -> None:
        self.work = work
        self.lines = work.lines
        self.name = name
        self.plan = plan
        self.own = own
        self.body = work.body(name)
        key_node, self.node = work.nodes[name]
        self.indent = next(iter(own.values()))[0].start_mark.column
        self.step = max(self.indent - key_node.start_mark.column, 1)
        self.nl = self.lines.newline
        self.out: list[tuple[int, int, str]] = []
        self.here: list[str] = []  # blocks written where links was
        self.tail: list[str] = []  # blocks written at the end of the service

    def block(self, key: str, value: Any, column: int | None = None) -> str:
        return emit_block(key, value, self.indent if column is None else column, self.step, self.nl)

    def after(self, node: yaml.Node, text: str) -> None:
        at = self.lines.end(self.lines.last_line(node))
        self.out.append((at, at, text))

    def replace(self, key: yaml.Node, value: yaml.Node, text: str) -> None:
        """Replace a pair's lines with ``text`` (at the end of the service when the pair
        shares its lines with other text)."""
        span = self.lines.pair_span(key, value)
        if span is None:
            self.tail.append(text)
        else:
            self.out.append((span[0], span[1], text))

    def edits(self) -> list[tuple[int, int, str]]:
        plan, own, lines = self.plan, self.own, self.lines
        end_of_service = lines.end(lines.last_line(self.node))
        links_span = self.links()
        if plan.variables:
            self.environment()
        if plan.depends:
            self.depends()
        mode_span = None
        if plan.drop_network_mode and "network_mode" in own:
            mode_span = lines.pair_span(*own["network_mode"])
        if plan.aliases:
            self.networks()
        if links_span is not None:
            self.out.append((links_span[0], links_span[1], "".join(self.here)))
        elif self.here:
            self.tail = self.here + self.tail
        if mode_span is not None:
            self.out.append((mode_span[0], mode_span[1], ""))
        if self.tail:
            ended = lines.text[:end_of_service].endswith(("\n", "\r"))
            text = ("" if ended else self.nl) + "".join(self.tail)
            self.out.append((end_of_service, end_of_service, text))
        return self.out

    def links(self) -> tuple[int, int] | None:
        """Remove the migrated links; the span of the whole pair when none is left."""
        if not self.plan.remove_links:
            return None
        key, value = self.own["links"]
        items = value.value if isinstance(value, yaml.SequenceNode) else []
        wanted = set(self.plan.remove_links)
        removed = set()
        for index, item in enumerate(items):
            if isinstance(item, yaml.ScalarNode):
                try:
                    spec = parse_link(item.value)
                except DockerLinksError:
                    continue
                if (spec.name, spec.alias) in wanted:
                    removed.add(index)
        span = self.lines.pair_span(key, value)
        if len(removed) == len(items):
            if span is None:
                self.work.note(
                    self.name, "not-own-text", "links share a line with other text: kept", "links"
                )
            return span
        if getattr(value, "flow_style", False) or span is None:
            kept = [
                self.lines.text[n.start_mark.index : n.end_mark.index]
                for i, n in enumerate(items)
                if i not in removed
            ]
            self.out.append((value.start_mark.index, value.end_mark.index, f"[{', '.join(kept)}]"))
            return None
        for index in sorted(removed):
            item = items[index]
            start = self.lines.start(item.start_mark.line)
            self.out.append((start, self.lines.end(self.lines.last_line(item)), ""))
        return None

    def environment(self) -> None:
        variables, nl = self.plan.variables, self.nl
        found = self.own.get("environment")
        if found is None:
            if "environment" in self.body:
                self.work.note(
                    self.name,
                    "not-own-text",
                    "environment comes through a merge key: the link variables are written "
                    "as the service's own environment, which replaces it",
                )
            self.here.append(self.block("environment", dict(variables)))
            return
        key, value = found
        if isinstance(value, yaml.MappingNode) and not value.flow_style and value.value:
            pad = " " * value.value[0][0].start_mark.column
            self.after(value, "".join(f"{pad}{quoted(k)}: {quoted(v)}{nl}" for k, v in variables))
            return
        if isinstance(value, yaml.SequenceNode) and not value.flow_style and value.value:
            pad = " " * value.start_mark.column
            self.after(value, "".join(f"{pad}- {quoted(f'{k}={v}')}{nl}" for k, v in variables))
            return
        old = self.body.get("environment")
        merged: dict[str, Any] | list[str]
        if isinstance(old, list):
            merged = [str(item) for item in old] + [f"{k}={v}" for k, v in variables]
        else:
            merged = {str(k): _env_leaf(v) for k, v in (old or {}).items()}
            merged.update(variables)
        self.replace(key, value, self.block("environment", merged))

    def depends(self) -> None:
        new = {target: dict(_STARTED) for target in self.plan.depends}
        found = self.own.get("depends_on")
        if found is None:
            self.here.append(self.block("depends_on", new))
            return
        key, value = found
        if isinstance(value, yaml.MappingNode) and not value.flow_style and value.value:
            column = value.value[0][0].start_mark.column
            self.after(value, "".join(self.block(t, c, column) for t, c in new.items()))
            return
        old = self.body.get("depends_on")
        merged: dict[str, Any] = {}
        if isinstance(old, list):  # short syntax: condition service_started, no restart
            merged = {str(t): {"condition": "service_started"} for t in old}
        elif isinstance(old, Mapping):
            merged = {str(t): _plain(v) for t, v in old.items()}
        merged.update(new)
        self.replace(key, value, self.block("depends_on", merged))

    def networks(self) -> None:
        aliases = self.plan.aliases
        found = self.own.get("networks")
        if found is None:
            self.tail.append(
                self.block("networks", {net: {"aliases": list(a)} for net, a in aliases.items()})
            )
            return
        key, value = found
        if isinstance(value, yaml.MappingNode) and not value.flow_style:
            nets = {k: (kn, vn) for k, kn, vn in pairs(value)}
            trial = _Writer(self.work, self.name, self.plan, self.own)
            if all(trial.alias(nets[n], a) for n, a in aliases.items() if n in nets) and all(
                n in nets for n in aliases
            ):
                self.out.extend(trial.out)
                return
        old = self.body.get("networks")
        merged: dict[str, Any] = {}
        if isinstance(old, list):
            merged = {str(net): None for net in old}
        elif isinstance(old, Mapping):
            merged = {str(net): _plain(config) for net, config in old.items()}
        for net, names in aliases.items():
            config = merged.get(net)
            config = dict(config) if isinstance(config, dict) else {}
            listed = list(config.get("aliases") or [])
            listed.extend(alias for alias in names if alias not in listed)
            config["aliases"] = listed
            merged[net] = config
        self.replace(key, value, self.block("networks", merged))

    def alias(self, net: tuple[yaml.Node, yaml.Node], aliases: list[str]) -> bool:
        """Add ``aliases`` to one network's entry in place; False when that cannot be done
        surgically (then the whole ``networks`` value is rewritten)."""
        key, value = net
        column = key.start_mark.column
        if isinstance(value, yaml.ScalarNode) and value.value == "" and not value.style:
            span = self.lines.pair_span(key, value)
            if span is None:
                return False
            self.out.append((span[0], span[1], self.block(key.value, {"aliases": aliases}, column)))
            return True
        if not isinstance(value, yaml.MappingNode) or value.flow_style or not value.value:
            return False
        inner = {k: (kn, vn) for k, kn, vn in pairs(value)}
        found = inner.get("aliases")
        if found is None:
            self.after(value, self.block("aliases", aliases, value.value[0][0].start_mark.column))
            return True
        listed = found[1]
        if not isinstance(listed, yaml.SequenceNode) or listed.flow_style or not listed.value:
            return False
        have = {item.value for item in listed.value if isinstance(item, yaml.ScalarNode)}
        pad = " " * listed.start_mark.column
        self.after(
            listed, "".join(f"{pad}- {quoted(a)}{self.nl}" for a in aliases if a not in have)
        )
        return True


def _environment(value: object) -> list[tuple[str, str | None]]:
    """A service's ``environment`` as written: (name, value text or None for a bare name)."""
    out: list[tuple[str, str | None]] = []
    if isinstance(value, Mapping):
        for key, item in value.items():
            out.append((str(key), None if item is None else _env_text(item)))
    elif isinstance(value, list):
        for item in value:
            if isinstance(item, str):
                key, eq, text = item.partition("=")
                out.append((key, text if eq else None))
    return out


def _env_text(value: object) -> str:
    if isinstance(value, str):
        return value
    if isinstance(value, bool | int | float):
        return go_value_text(value)
    return str(value)


def _env_leaf(value: object) -> object:
    return value if value is None or isinstance(value, str) else _env_text(value)


def _plain(value: object) -> Any:
    """A value read from the file as plain dicts and lists (for rewriting it)."""
    if isinstance(value, Mapping):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_plain(v) for v in value]
    return value


def _texts(body: Mapping[str, Any]) -> list[str]:
    """The texts of a service that may refer to a variable: command, entrypoint and
    environment values."""
    out: list[str] = []
    for field in ("command", "entrypoint"):
        value = body.get(field)
        if isinstance(value, str):
            out.append(value)
        elif isinstance(value, list):
            out.extend(item for item in value if isinstance(item, str))
    for _, text in _environment(body.get("environment")):
        if text is not None:
            out.append(text)
    return out
