"""Every text Docker prints that the library reproduces, per CLI and per daemon release.

Two catalogues, each a table of rows: the first row has every text, later rows only the texts
that changed, with the upstream change. A profile names its row (``cli.messages``,
``daemon.messages``); :func:`cli_text` and :func:`daemon_text` fold the rows up to it and fill
the template. Fields in braces are filled by the caller; nothing else in a template varies.

Who prints which: daemon texts are what the Engine API returns (the CLI shows them after
``Error response from daemon: ``); CLI texts are the docker command's own. The library's
renderers (:mod:`dockerlinks.display`, the engine, the docker CLI model) take their wording from
here and from nowhere else.

Sources: docker/cli at each tag (``cli/command/container/*.go``, ``cli/required.go``,
``cli/cobra.go``, ``cmd/docker/docker.go``; the vendored moby client's ``errors.go``) and
moby/moby (``daemon/*.go``, ``libnetwork/...``), as each row says.

What this module must not know: when a text is printed (that is each caller's rule).
"""

from __future__ import annotations

import functools
from collections.abc import Mapping

from dockerlinks.errors import ProfileError
from dockerlinks.profiles import Profile

__all__ = ["CLI_MESSAGES", "DAEMON_MESSAGES", "cli_text", "daemon_text"]

_Rows = tuple[tuple[str, Mapping[str, str], str], ...]

CLI_MESSAGES: _Rows = (
    (
        "20.10",
        {
            # the daemon's answer, as the client shows it
            "daemon": "Error response from daemon: {message}",
            # the v20.10 client's own 404 wrapper (inspect, remove, logs, port)
            "no_such_container": "Error: No such container: {ref}",
            "no_such_object": "Error: No such object: {ref}",
            # docker port
            "no_public_port": "Error: No public port '{port}' published for {container}",
            "invalid_port_argument": "{why}",
            # docker start
            "failed_to_start": "Error: failed to start containers: {names}",
            # docker run / create: errors of the create phase and of the start phase
            # {trimmed}: the message without one final full stop (the CLI adds one back)
            "run_error": "docker: {trimmed}.\nSee 'docker {command} --help'.",
            "run_start_error": "docker: {trimmed}.",
            # flag and argument errors (cobra / pflag)
            "flag_error": "{message}\nSee '{path} --help'.",
            "no_arguments": (
                "\"{path}\" accepts no arguments.\nSee '{path} --help'.\n\nUsage:  {use}\n\n{short}"
            ),
            "min_arguments": (
                "\"{path}\" requires at least {count} {word}.\nSee '{path} --help'.\n\n"
                "Usage:  {use}\n\n{short}"
            ),
            "range_arguments": (
                '"{path}" requires at least {low} and at most {high} arguments.\n'
                "See '{path} --help'.\n\nUsage:  {use}\n\n{short}"
            ),
            "exact_arguments": (
                "\"{path}\" requires exactly {count} {word}.\nSee '{path} --help'.\n\n"
                "Usage:  {use}\n\n{short}"
            ),
            "unknown_command": "docker: '{name}' is not a docker command.\nSee 'docker --help'",
            # `docker container <unknown>`: v20.10 prints the group's help (cobra)
            "container_unknown": (
                "\n"
                "Usage:  docker container COMMAND\n"
                "\n"
                "Manage containers\n"
                "\n"
                "Commands:\n"
                "  attach      Attach local standard input, output, and error streams to a "
                "running container\n"
                "  commit      Create a new image from a container's changes\n"
                "  cp          Copy files/folders between a container and the local filesystem\n"
                "  create      Create a new container\n"
                "  diff        Inspect changes to files or directories on a "
                "container's filesystem\n"
                "  exec        Run a command in a running container\n"
                "  export      Export a container's filesystem as a tar archive\n"
                "  inspect     Display detailed information on one or more containers\n"
                "  kill        Kill one or more running containers\n"
                "  logs        Fetch the logs of a container\n"
                "  ls          List containers\n"
                "  pause       Pause all processes within one or more containers\n"
                "  port        List port mappings or a specific mapping for the container\n"
                "  prune       Remove all stopped containers\n"
                "  rename      Rename a container\n"
                "  restart     Restart one or more containers\n"
                "  rm          Remove one or more containers\n"
                "  run         Run a command in a new container\n"
                "  start       Start one or more stopped containers\n"
                "  stats       Display a live stream of container(s) resource usage statistics\n"
                "  stop        Stop one or more running containers\n"
                "  top         Display the running processes of a container\n"
                "  unpause     Unpause all processes within one or more containers\n"
                "  update      Update configuration of one or more containers\n"
                "  wait        Block until one or more containers stop, then print their "
                "exit codes\n"
                "\n"
                "Run 'docker container COMMAND --help' for more information on a command."
            ),
            "empty_name": "Container name cannot be empty",
            "rename_failed": "Error: failed to rename container named {name}",
            "not_a_tty": "the input device is not a TTY",
            # the image reference, parsed by the CLI (vendored docker/distribution v2.7)
            "reference_invalid": "invalid reference format",
            "reference_uppercase": "invalid reference format: repository name must be lowercase",
            # after a failed start of an attached `docker run`, the wait request is cancelled
            # and the 20.10 CLI logs it (logrus, with the time)
            "wait_cancelled": (
                'time="{time}" level=error msg="error waiting for container: context canceled"'
            ),
        },
        "docker/cli v20.10.27: cli/command/container/{port,start,run}.go, cli/required.go, "
        "cli/cobra.go; vendor/github.com/docker/docker/client/errors.go",
    ),
    (
        "23.0",
        {
            "no_such_container": "Error response from daemon: No such container: {ref}",
            "invalid_port_argument": "Error: invalid port ({number}): {why}",
            "run_short": "Create and run a new container from an image",
            "reference_uppercase": (
                "invalid reference format: repository name ({remote}) must be lowercase"
            ),
        },
        "docker/cli v23.0.0: the client passes the daemon's 404 text on (moby/moby#43398); "
        "docker port checks its argument with ParseUint (docker/cli#2972); docker/distribution "
        "v2.8 names the repository (distribution/distribution commit 3f53a5a)",
    ),
    (
        "28.0",
        {
            "run_error": "docker: {message}\n\nRun 'docker {command} --help' for more information",
            "run_start_error": (
                "docker: {message}\n\nRun 'docker {command} --help' for more information"
            ),
            "flag_error": (
                "{message}\n\nUsage:  {path} {use}\n\nRun '{path} --help' for more information"
            ),
            "no_arguments": (
                "docker: '{path}' accepts no arguments\n\nUsage:  {use}\n\n"
                "Run '{path} --help' for more information"
            ),
            "min_arguments": (
                "docker: '{path}' requires at least {count} {word}\n\nUsage:  {use}\n\n"
                "See '{path} --help' for more information"
            ),
            "range_arguments": (
                "docker: '{path}' requires at least {low} and at most {high} arguments\n\n"
                "Usage:  {use}\n\nRun '{path} --help' for more information"
            ),
            "unknown_command": (
                "docker: unknown command: {path}\n\nRun 'docker --help' for more information"
            ),
            "container_unknown": (
                "docker: unknown command: {path}\n\nUsage:  docker container\n\n"
                "Run 'docker container --help' for more information"
            ),
            "exact_arguments": (
                "docker: '{path}' requires {count} {word}\n\nUsage:  {use}\n\n"
                "Run '{path} --help' for more information"
            ),
            "empty_name": "container name cannot be empty",
            "wait_cancelled": "",
        },
        "docker/cli v28.0.0: run/create errors (docker/cli#5236), usage errors "
        "(docker/cli#5233, #5234)",
    ),
    (
        "29.0",
        {
            "no_such_object": "error: no such object: {ref}",
            "no_public_port": "no public port '{port}' published for {container}",
            "invalid_port_argument": "{why}",
            "failed_to_start": "failed to start containers: {names}",
        },
        "docker/cli v29.0.0: texts without 'Error: ' (docker/cli#6441); moby's port parser",
    ),
)

DAEMON_MESSAGES: _Rows = (
    (
        "20.10",
        {
            "no_such_container": "No such container: {ref}",
            "invalid_identifier": 'invalid name or ID supplied: ""',
            "ambiguous": "Multiple IDs found with provided prefix: {ref}",
            "name_conflict": (
                'Conflict. The container name "{name}" is already in use by container "{id}". '
                "You have to remove (or rename) that container to be able to reuse that name."
            ),
            "invalid_name": "Invalid container name ({name}), only {chars} are allowed",
            "link_missing": "could not get container for {name}: {error}",
            "link_not_running": "Cannot link to a non running container: {child} AS {link}",
            "link_default_network": (
                "Cannot link to {child}, as it does not belong to the default network"
            ),
            "rm_running": (
                "You cannot remove a running container {id}. Stop the container before "
                "attempting removal or force remove"
            ),
            "rm_default_link": "Conflict, cannot remove the default link name of the container",
            "kill_not_running": "Cannot kill container: {ref}: Container {id} is not running",
            "rename_same": "Renaming a container with the same name as its current name",
            "rm_link_parent": "Cannot get parent {parent} for link name {name}",
            "exec_not_running": "Container {id} is not running",
            "port_allocated": "Bind for {address} failed: port is already allocated",
            "programming": (
                "driver failed programming external connectivity on endpoint {endpoint} "
                "({endpoint_id}): {cause}"
            ),
            # {why}: the kernel's refusal (address already in use, cannot assign requested
            # address, invalid argument)
            "proxy_failed": (
                "Error starting userland proxy: listen {network} {address}: bind: {why}"
            ),
            "bind_failed": "listen {network} {address}: bind: {why}",
            # an SCTP binding on a host without SCTP
            "proto_unsupported": "Error starting userland proxy: protocol not supported",
            "no_addresses": "no available addresses on this pool",
            "no_such_image": "No such image: {ref}",
            "pull_denied": (
                "pull access denied for {repo}, repository does not exist or may require "
                "'docker login': denied: requested access to the resource is denied"
            ),
        },
        "moby/moby v20.10.27: daemon/{delete,exec,names,links,container_operations}.go, "
        "vendored libnetwork portallocator, portmapper/proxy.go, drivers/bridge",
    ),
    (
        "25.0",
        {
            "rm_running": (
                'cannot remove container "{stored_name}": container is running: stop the '
                "container before removing or force remove"
            ),
            "exec_not_running": "container {id} is not running",
        },
        "moby/moby v25.0.0: rm and exec texts (moby/moby#46213)",
    ),
    (
        "27.0",
        {
            "proxy_failed": (
                "failed to bind port {address}/{proto}: Error starting userland proxy: listen "
                "{network} {address}: bind: {why}"
            ),
        },
        "moby/moby v27.0.1: libnetwork/drivers/bridge/port_mapping_linux.go",
    ),
    (
        "28.0",
        {
            "proxy_failed": "failed to bind host port for {binding}: {why}",
            "bind_failed": "failed to bind host port for {binding}: {why}",
            "proto_unsupported": (
                "failed to bind host port {address}/{proto}: protocol not supported"
            ),
        },
        "moby/moby v28.0.0: the daemon binds host ports itself (moby/moby#48132)",
    ),
    (
        "28.0.1",
        {
            "programming": (
                "failed to set up container networking: driver failed programming external "
                "connectivity on endpoint {endpoint} ({endpoint_id}): {cause}"
            ),
        },
        "moby/moby v28.0.1: networking set up after task creation (moby/moby#49507)",
    ),
    (
        "28.2",
        {
            "rm_running": (
                'cannot remove container "{ref}": container is running: stop the container '
                "before removing or force remove"
            ),
        },
        "moby/moby v28.2.0: rm names the container as the API was given it (moby/moby#49943)",
    ),
    (
        "29.0",
        {
            "proxy_failed": "failed to bind host port {address}/{proto}: {why}",
            "bind_failed": "failed to bind host port {address}/{proto}: {why}",
        },
        "moby/moby docker-v29.0.0: daemon/libnetwork/portallocator/osallocator_linux.go",
    ),
)


def _version(text: str) -> tuple[int, ...]:
    return tuple(int(part) for part in text.split("."))


@functools.cache
def _folded(table: str, row: str) -> dict[str, str]:
    rows = CLI_MESSAGES if table == "cli" else DAEMON_MESSAGES
    names = [name for name, _, _ in rows]
    if row not in names:
        raise ProfileError(f"no {table} message catalogue {row!r} (have {', '.join(names)})")
    texts: dict[str, str] = {}
    for name, changes, _source in rows:
        if _version(name) <= _version(row):
            texts.update(changes)
    return texts


def cli_text(profile: Profile, key: str, **fields: object) -> str:
    """The docker CLI's text ``key`` for the profile's CLI release, filled in.

    >>> from dockerlinks.profiles import get_profile
    >>> cli_text(get_profile("20.10"), "failed_to_start", names="web")
    'Error: failed to start containers: web'
    >>> cli_text(get_profile("29.7"), "failed_to_start", names="web")
    'failed to start containers: web'
    """
    return _folded("cli", profile.cli.messages)[key].format(**fields)


def daemon_text(profile: Profile, key: str, **fields: object) -> str:
    """The daemon's text ``key`` for the profile's daemon release, filled in.

    >>> from dockerlinks.profiles import get_profile
    >>> daemon_text(get_profile("20.10"), "exec_not_running", id="abc")
    'Container abc is not running'
    """
    return _folded("daemon", profile.daemon.messages)[key].format(**fields)
