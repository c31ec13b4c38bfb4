"""``migrate`` for a transcript of ``docker run`` commands (the :mod:`dockerlinks.transcript`
format): the same containers on a user-defined network, links as network aliases.

What lives here: reading which container each ``--link`` reached (the transcript is replayed
against the engine model of the source profile, step by step, so names, images, ``-e``,
``--env-file`` and the image directives mean what they meant), and writing the commands
again. It reads no file and prints nothing; it must not know compose files or the CLI.

Rules::

    source                                  migrated
    --------------------------------------  ---------------------------------------------
    (before the first container involved)   $ docker network create NETWORK
    docker run/create of a linked child     + --network NETWORK, and --network-alias ALIAS
                                            for each alias another container linked it by
                                            (not its own name, which resolves already)
    docker run/create with --link C:ALIAS   --link removed; + --network NETWORK and one
                                            -e NAME=VALUE for each link variable kept:
                                            dns_link_env of the source profile, ALIAS in
                                            place of C's address (none when the profile
                                            sets none, or the container's own env sets
                                            the name)
    an ALIAS another container answers to   the --link stays (on a user-defined network
                                            it is a DNS alias of that container only)
    other lines                             as written; expected output is left out (the
                                            new setup's answers are not recorded yet)

A rewritten command's words are written again with POSIX shell quoting. Which words are
flags and which is the image follows docker run's flag table (docker/cli v28
``cli/command/container/opts.go`` and ``run.go``): the flags listed in ``_BOOL_FLAGS`` take
no value, every other flag does.
"""

from __future__ import annotations

import shlex
from collections.abc import Iterable, Sequence

import attrs

from dockerlinks._args import check_items
from dockerlinks.engine.container import Container
from dockerlinks.engine.images import Image, parse_image_directive
from dockerlinks.engine.state import Engine
from dockerlinks.errors import DockerLinksError, TranscriptError
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
from dockerlinks.migrate.model import DEFAULT_SOURCE_PROFILE, Migration, Note, header
from dockerlinks.names import unsafe_index
from dockerlinks.profiles import Profile, get_profile
from dockerlinks.shellwords import split_words
from dockerlinks.transcript import Session, Step, directive_defaults, read_transcript, run_line

__all__ = ["DEFAULT_NETWORK", "migrate_transcript"]

#: The user-defined network the migrated transcript creates.
DEFAULT_NETWORK = "appnet"

_BOOL_SHORT = frozenset("dDitPq")
_BOOL_FLAGS = frozenset(
    {
        "detach",
        "disable-content-trust",
        "help",
        "init",
        "interactive",
        "no-healthcheck",
        "oom-kill-disable",
        "privileged",
        "publish-all",
        "quiet",
        "read-only",
        "rm",
        "sig-proxy",
        "tty",
        "use-api-socket",
    }
)


@attrs.frozen
class _Words:
    """A ``docker run`` / ``create`` command line: its words, where the options end (the
    image's index), the ``--link`` words (start, count, value), the flags' values and
    whether a ``--`` ends the options (the word before the image)."""

    words: tuple[str, ...]
    image: int
    links: tuple[tuple[int, int, str], ...]
    values: tuple[tuple[str, str], ...]
    separator: bool = False

    def value(self, name: str) -> str | None:
        found = None
        for key, value in self.values:
            if key == name:
                found = value
        return found


def _run_words(words: Sequence[str]) -> _Words | None:
    """The run/create command of ``words`` (``docker run ...``), or None for another one."""
    if len(words) < 2 or words[0] != "docker":
        return None
    start = 2
    if words[1] == "container" and len(words) > 2:
        start = 3
    if words[start - 1] not in ("run", "create"):
        return None
    links: list[tuple[int, int, str]] = []
    values: list[tuple[str, str]] = []
    i = start
    separator = False
    while i < len(words):
        word = words[i]
        if word == "--":
            i += 1
            separator = True
            break
        if word.startswith("--") and len(word) > 2:
            key, eq, value = word[2:].partition("=")
            if eq or key in _BOOL_FLAGS:
                count = 1
            else:
                value, count = (words[i + 1] if i + 1 < len(words) else ""), 2
            if key == "link":
                links.append((i, count, value))
            values.append((key, value if not (key in _BOOL_FLAGS and not eq) else "true"))
            i += count
            continue
        if word.startswith("-") and len(word) > 1:
            j = 1
            count = 1
            while j < len(word):
                char = word[j]
                if char in _BOOL_SHORT:
                    j += 1
                    continue
                rest = word[j + 1 :]
                if rest:
                    values.append((char, rest.removeprefix("=")))
                else:
                    values.append((char, words[i + 1] if i + 1 < len(words) else ""))
                    count = 2
                break
            i += count
            continue
        break
    return _Words(tuple(words), i, tuple(links), tuple(values), separator)


@attrs.frozen
class _Link:
    """One link of a parent: the child's id and name, the alias, the child's config."""

    child: str
    child_name: str
    alias: str
    ports: tuple[str, ...]
    env: tuple[str, ...]
    word: int


@attrs.define
class _Run:
    """A run/create step, as planned (mutable while planning only)."""

    step: int
    line: int
    words: _Words
    container: str | None = None
    name: str | None = None
    links: list[_Link] = attrs.field(factory=list)
    own_env: list[str] = attrs.field(factory=list)
    texts: list[str] = attrs.field(factory=list)
    variables: list[tuple[str, str]] = attrs.field(factory=list)
    aliases: list[str] = attrs.field(factory=list)
    kept_links: set[int] = attrs.field(factory=set)
    network: bool = False


def _check(keep: object, forward_secrets: object, network: object) -> None:
    if keep not in KEEP:
        raise TranscriptError(f"invalid keep {keep!r:.40}: one of {', '.join(KEEP)}")
    if type(forward_secrets) is not bool:
        raise TranscriptError(f"forward_secrets must be True or False, not {forward_secrets!r:.40}")
    if not isinstance(network, str) or not network or unsafe_index(network) is not None:
        raise TranscriptError(f"invalid network name {network!r:.40}")


def migrate_transcript(
    text: str,
    *,
    keep: Keep = "all",
    forward_secrets: bool = False,
    profile: Profile | str | None = None,
    network: str = DEFAULT_NETWORK,
    images: Iterable[Image] = (),
) -> Migration:
    """Migrate a transcript off legacy links (module rules). ``profile`` is the release the
    transcript ran on: given, else its ``profile`` directive, else 28.5. ``images`` are
    images the replay knows besides the built-in ones and the transcript's ``image``
    directives (which replace them by name): a command whose image the model does not know
    fails in the replay, as it would on a daemon without it, and gets an ``unknown-image``
    note.

    >>> result = migrate_transcript('''\\
    ... $ docker run -d --name db training/postgres
    ... e2d790cf1b31c176ed73b9f29b5d221c8556c8b33e2bf23476639101e4ce22ad
    ... $ docker run --rm --link db:pg training/webapp env
    ... ''')
    >>> print(result.text, end="")
    # Migrated off legacy links by dockerlinks migrate: links are network aliases; link variables
    # as Docker 28.5 set them (keep: all), with DNS names in place of addresses.
    # (Expected output left out: replay the migrated commands to record it.)
    $ docker network create appnet
    $ docker run -d --name db --network appnet --network-alias pg training/postgres
    $ docker run --rm --network appnet -e PG_PORT=tcp://pg:5432 -e PG_PORT_5432_TCP=tcp://pg:5432 \
-e PG_PORT_5432_TCP_ADDR=pg -e PG_PORT_5432_TCP_PORT=5432 -e PG_PORT_5432_TCP_PROTO=tcp \
-e PG_ENV_PG_VERSION=9.3 training/webapp env
    """
    if not isinstance(text, str):
        raise TranscriptError(f"a transcript must be text, not {type(text).__name__}")
    _check(keep, forward_secrets, network)
    known: tuple[Image, ...] = check_items(images, Image, "images")
    steps = read_transcript(text)
    defaults = directive_defaults(steps)
    wanted = profile if profile is not None else defaults.get("profile", DEFAULT_SOURCE_PROFILE)
    chosen = get_profile(wanted)
    shown = wanted if isinstance(wanted, str) else chosen.daemon.release
    try:
        seed = int(defaults.get("seed", "0"))
    except ValueError:
        seed = 0
    notes: list[Note] = []
    engine = Engine(profile=chosen, seed=seed)
    for image in known:
        engine = engine.with_image(image)
    runs = _replay(steps, engine, notes)
    _plan(runs, chosen, keep, forward_secrets, notes)
    if not any(run.links for run in runs.values()):
        return Migration(text, text, "transcript", shown, tuple(notes), ())
    out = [*header(shown, keep).splitlines()]
    out.append("# (Expected output left out: replay the migrated commands to record it.)")
    created = False
    for index, step in enumerate(steps):
        run = runs.get(index)
        if run is not None and run.network and not created:
            out.append(f"$ docker network create {shlex.quote(network)}")
            created = True
        if run is not None and (run.network or run.links):
            out.append("$ " + _rewrite(run, network))
        else:
            out.append(step.text)
    variables = tuple(
        (run.name or f"line {steps[i].line}", tuple(f"{k}={v}" for k, v in run.variables))
        for i, run in runs.items()
        if run.variables
    )
    return Migration(text, "\n".join(out) + "\n", "transcript", shown, tuple(notes), variables)


def _directive(session: Session, step: Step, notes: list[Note]) -> Session:
    """The image, file and env directives, as a replay applies them (others change nothing);
    a refused image directive is an ``unknown-image`` note (the image stays unknown)."""
    word, _, rest = step.command.partition(" ")
    rest = rest.strip()
    if word == "image":
        try:
            image = parse_image_directive(rest)
        except DockerLinksError as exc:
            why = " ".join(exc.docker_message.split())
            notes.append(
                Note(step.line, "", "unknown-image", f"the image directive is refused: {why}")
            )
            return session
        return session.with_engine(session.engine.with_image(image))
    if word == "file":
        path, _, content = rest.partition(" ")
        content = content.replace("\\n", "\n").replace("\\t", "\t")
        return attrs.evolve(session, files=(*session.files, (path, content)))
    if word == "env":
        name, eq, value = rest.partition("=")
        if eq and name:
            return attrs.evolve(session, host_env=(*session.host_env, (name, value)))
    return session


def _replay(steps: Sequence[Step], engine: Engine, notes: list[Note]) -> dict[int, _Run]:
    """Replay the steps; the run/create steps with what each ``--link`` reached."""
    session = Session(engine)
    runs: dict[int, _Run] = {}
    created_by: dict[str, int] = {}
    interactive: dict[str, int] = {}
    for index, step in enumerate(steps):
        if step.kind == "directive":
            session = _directive(session, step, notes)
            continue
        if step.kind == "comment":
            continue
        if step.kind == "container":
            owner = interactive.get(session.interactive or "")
            if owner is not None:
                runs[owner].texts.append(step.command)
        run = None
        if step.kind == "host":
            try:
                words = split_words(step.command)
            except DockerLinksError:
                words = []
            parsed = _run_words(words)
            if parsed is not None:
                run = _Run(index, step.line, parsed)
                _links_before(run, session.engine)
            elif "Links" in step.command and words[:2] == ["docker", "inspect"]:
                notes.append(
                    Note(
                        step.line,
                        "",
                        "reads-link-state",
                        "HostConfig.Links is empty on a user-defined network: the names are "
                        "in NetworkSettings.Networks.<net>.Aliases",
                    )
                )
        before = session.engine.latest()
        unknown = None if run is None else _unknown_image(run.words, session.engine)
        try:
            session, lines = run_line(session, step)
        except DockerLinksError as exc:
            lines = [f"dockerlinks: {exc.docker_message}"]
        if run is None:
            continue
        latest = session.engine.latest()
        if unknown is not None and (latest is None or latest is before):
            notes.append(
                Note(
                    step.line,
                    run.words.value("name") or "",
                    "unknown-image",
                    f"image {unknown} is not known here, so this command fails in the replay: "
                    "its container is not created, and links to it are not migrated "
                    "(describe the image with --image or an image directive)",
                )
            )
        if latest is not None and latest is not before:
            run.container, run.name = latest.id, latest.name
            run.own_env = list(latest.env)
            created_by[latest.id] = index
            if session.interactive == latest.id:
                interactive[latest.id] = index
        else:
            run.name = run.words.value("name")
            run.own_env = _env_flags(run.words)
            if run.words.links and lines and lines[0].startswith("dockerlinks:"):
                notes.append(
                    Note(
                        step.line,
                        run.name or "",
                        "not-modelled",
                        f"the engine model cannot run this command ({lines[0][13:].strip()}):"
                        " its links are carried over without variables",
                    )
                )
        runs[index] = run
    for run in runs.values():
        for link in run.links:
            child_step = created_by.get(link.child)
            if child_step is not None:
                runs[child_step].network = True
        if run.links:
            run.network = True
    _assign_aliases(runs, created_by, steps, notes)
    return runs


def _unknown_image(words: _Words, engine: Engine) -> str | None:
    """The image a run/create command names, when the engine does not know it."""
    if words.image >= len(words.words):
        return None
    reference = words.words[words.image]
    try:
        return reference if engine.images.find(reference) is None else None
    except DockerLinksError:  # not a reference: Docker's own error is the replay's
        return None


def _env_flags(words: _Words) -> list[str]:
    return [value for key, value in words.values if key in ("e", "env")]


def _links_before(run: _Run, engine: Engine) -> None:
    """The children each ``--link`` of the command reaches, in the state before it."""
    for position, (word, _, value) in enumerate(run.words.links):
        del position
        try:
            spec = parse_link(value)
        except DockerLinksError:
            continue
        child: Container | None = engine.find(spec.name)
        if child is None:
            continue
        run.links.append(
            _Link(
                child.id,
                child.name.lstrip("/"),
                spec.alias or child.name.lstrip("/"),
                tuple(str(port) for port in child.exposed),
                tuple(child.env),
                word,
            )
        )


def _assign_aliases(
    runs: dict[int, _Run], created_by: dict[str, int], steps: Sequence[Step], notes: list[Note]
) -> None:
    names = {run.name: run.container for run in runs.values() if run.name and run.container}
    holders: dict[str, str] = {}
    for run in runs.values():
        for link in run.links:
            if link.alias == link.child_name:
                continue
            holder = holders.get(link.alias) or names.get(link.alias)
            if holder is not None and holder != link.child:
                run.kept_links.add(link.word)
                notes.append(
                    Note(
                        steps[run.step].line,
                        run.name or "",
                        "alias-kept",
                        f"--link {link.child_name}:{link.alias}: another container answers "
                        f"to {link.alias}: the link stays (on a user-defined network it is a "
                        "DNS alias of this container only)",
                    )
                )
                continue
            holders[link.alias] = link.child
            child_step = created_by.get(link.child)
            if child_step is not None and link.alias not in runs[child_step].aliases:
                runs[child_step].aliases.append(link.alias)


def _line_of(run: _Run) -> int:
    """The transcript line of a run step."""
    return run.line


def _plan(
    runs: dict[int, _Run], profile: Profile, keep: Keep, forward_secrets: bool, notes: list[Note]
) -> None:
    for run in runs.values():
        if not run.links:
            continue
        parent = run.words.value("name") or run.name or "container"
        blocks = [
            dns_link_env(
                link_name("/" + parent, link.alias),
                link.alias,
                link.ports,
                link.env,
                profile=profile,
            )
            for link in run.links
            if link.word not in run.kept_links
        ]
        if not profile.daemon.sets_link_vars:
            notes.append(
                Note(
                    run.line,
                    parent,
                    "no-link-variables",
                    f"Docker {profile.daemon.release} sets no link variables "
                    "(moby/moby#50719): aliases only",
                )
            )
        own = {entry.partition("=")[0] for entry in run.own_env}
        if not run.words.value("name"):  # a generated name: another one on every run
            own.update(f"{link_prefix(link.alias)}_NAME" for link in run.links)
            notes.append(
                Note(
                    _line_of(run),
                    "",
                    "own-value-wins",
                    "the container's name is generated anew on every run: the _NAME "
                    "variables (/<name>/<alias>) are left out",
                )
            )
        variables = [(k, v) for k, v in merge_link_env(blocks) if k not in own]
        words = run.words.words
        texts = [*words[run.words.image + 1 :], *_env_flags(run.words), *run.texts]
        entrypoint = run.words.value("entrypoint")
        if entrypoint:
            texts.append(entrypoint)
        variables = keep_variables(variables, keep, referenced_names(texts))
        prefixes = [link_prefix(link.alias) for link in run.links]
        without, held = split_secrets(variables, prefixes)
        for key in held:
            code = "secret-forwarded" if forward_secrets else "secret-held-back"
            verb = "written (--forward-secrets)" if forward_secrets else "not copied"
            notes.append(Note(0, parent, code, f"{key} copies another container's secret: {verb}"))
        run.variables = variables if forward_secrets else without


def _rewrite(run: _Run, network: str) -> str:
    """The run/create command on the network (module table)."""
    words = run.words
    dropped: set[int] = set()
    for start, count, _ in words.links:
        if start in run.kept_links:
            continue
        dropped.update(range(start, start + count))
    added: list[str] = []
    if words.value("network") is None and words.value("net") is None:
        added += ["--network", network]
    for alias in run.aliases:
        added += ["--network-alias", alias]
    for key, value in run.variables:
        added += ["-e", f"{key}={value}"]
    options_end = words.image - 1 if words.separator else words.image  # flags go before "--"
    out = [w for i, w in enumerate(words.words[:options_end]) if i not in dropped]
    out += added
    out += words.words[options_end:]
    return " ".join(shlex.quote(word) for word in out)
