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

from dockerlinks._args import shown
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
            # a warning of the create response, and the CLI's own about --dns (create.go)
            "warning": "WARNING: {text}",
            "localhost_dns": "WARNING: Localhost DNS setting (--dns={ip}) may fail in containers.",
            # --network and the per-network flags (cli/command/container/opts.go
            # parseNetworkOpts, parseNetworkAttachmentOpt); the vendored client's version check
            "network_modes_conflict": (
                "conflicting options: cannot attach both user-defined and non-user-defined "
                "network-modes"
            ),
            "network_repeated": 'network "{name}" is specified multiple times',
            "aliases_predefined": (
                "network-scoped aliases are only supported for user-defined networks"
            ),
            "links_predefined": "links are only supported for user-defined networks",
            "api_too_old": (
                '"{feature}" requires API version {required}, but the Docker daemon API version '
                "is {api}"
            ),
            # docker network (cli/command/network/*.go; the v20.10 client's 404 wrapper for
            # inspect and remove)
            "no_such_network": "Error: No such network: {ref}",
            "network_rm_status": "",
            "ipam_ranges_without_subnet": (
                "every ip-range or gateway must have a corresponding subnet"
            ),
            "ipam_overlapping": "multiple overlapping subnet configuration is not supported",
            "ipam_no_subnet_for": "no matching subnet for {what} {value}",
            "ipam_two_ranges": (
                "cannot configure multiple ranges ({new}, {old}) on the same subnet ({subnet})"
            ),
            "ipam_two_gateways": (
                "cannot configure multiple gateways ({new}, {old}) for the same subnet ({subnet})"
            ),
            "invalid_cidr": "invalid CIDR address: {value}",
            "invalid_subnet_cidr": "invalid subnet: invalid CIDR address: {value}",
            "driver_opt_format": "invalid key/value pair format in driver options",
            # `docker network <unknown>`: the group's help (cobra), as for `docker container`
            "network_unknown": (
                "\n"
                "Usage:  docker network COMMAND\n"
                "\n"
                "Manage networks\n"
                "\n"
                "Commands:\n"
                "  connect     Connect a container to a network\n"
                "  create      Create a network\n"
                "  disconnect  Disconnect a container from a network\n"
                "  inspect     Display detailed information on one or more networks\n"
                "  ls          List networks\n"
                "  prune       Remove all unused networks\n"
                "  rm          Remove one or more networks\n"
                "\n"
                "Run 'docker network COMMAND --help' for more information on a command."
            ),
        },
        "docker/cli v20.10.27: cli/command/container/{port,start,run}.go, cli/required.go, "
        "cli/cobra.go; vendor/github.com/docker/docker/client/errors.go",
    ),
    (
        "23.0",
        {
            "no_such_container": "Error response from daemon: No such container: {ref}",
            "no_such_network": "Error response from daemon: network {ref} not found",
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
            "network_unknown": (
                "docker: unknown command: {path}\n\nUsage:  docker network\n\n"
                "Run 'docker network --help' for more information"
            ),
            "network_rm_status": "exit status {status}",
        },
        "docker/cli v28.0.0: run/create errors (docker/cli#5236), usage errors "
        "(docker/cli#5233, #5234); a StatusError prints 'exit status N' (cli/error.go, kept "
        "for network rm by docker/cli#5854)",
    ),
    (
        "28.0.2",
        {"localhost_dns": "WARNING: Localhost DNS ({ip}) may fail in containers."},
        "docker/cli v28.0.2: the --dns warning joins the daemon's warnings after the create "
        "(docker/cli#5906, cli/command/container/create.go localhostDNSWarning)",
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
            # networks: create, remove, lookups (daemon/network.go, libnetwork error.go,
            # ipamapi/contract.go, ipam/allocator.go, plugin/errors.go)
            "no_such_network": "network {ref} not found",
            "network_ambiguous_name": "network {ref} is ambiguous ({count} matches found on name)",
            "network_ambiguous_id": (
                "network {ref} is ambiguous ({count} matches found based on ID prefix)"
            ),
            "network_predefined": "operation is not permitted on predefined {name} network ",
            "network_name_conflict": "network with name {name} already exists",
            "plugin_not_found": 'plugin "{name}" not found',
            "invalid_subnet": "Invalid subnet {subnet} : invalid CIDR address: {subnet}",
            "pool_overlap": "Pool overlaps with other one on this address space",
            "no_pool": (
                "could not find an available, non-overlapping IPv4 address pool among the "
                "defaults to assign to the network"
            ),
            "network_rm_predefined": "{name} is a pre-defined network and cannot be removed",
            "network_in_use": (
                "error while removing network: network {name} id {id} has active endpoints"
            ),
            "filter_invalid": "Invalid filter '{name}'",
            "filter_type": "invalid filter: 'type'='{value}'",
            "filter_dangling_many": 'got more than one value for filter key "dangling"',
            "filter_dangling": (
                'invalid value for filter \'dangling\', must be "true" (or "1"), or '
                '"false" (or "0")'
            ),
            # connect, disconnect and the endpoints of a start (daemon/container_operations.go,
            # runconfig/errors.go, libnetwork network.go and endpoint.go)
            "endpoint_exists": "endpoint with name {name} already exists in network {network}",
            "not_connected": "container {id} is not connected to network {network}",
            "not_connected_stopped": "container {id} is not connected to the network {network}",
            "conflict_host_network": (
                "container cannot be disconnected from host network or connected to host network"
            ),
            "conflict_shared_network": (
                "container sharing network namespace with another container or host cannot be "
                "connected to any other network"
            ),
            "conflict_no_network": (
                "container cannot be connected to multiple networks with one of the networks in "
                "private (none) mode"
            ),
            "ip_predefined": "user specified IP address is supported on user defined networks only",
            "ip_no_subnet": (
                "user specified IP address is supported only when connecting to networks with "
                "user configured subnets"
            ),
            "alias_predefined": (
                "network-scoped alias is supported only for containers in user defined networks"
            ),
            "address_in_use": "Address already in use",
            "address_outside": (
                "Invalid address {ip}: It does not belong to any of this network's subnets"
            ),
            "join_not_running": "cannot join network of a non running container: {ref}",
            # create: the network settings of the request (daemon/create.go
            # verifyNetworkingConfig, runconfig/hostconfig*.go validateNetMode)
            "several_endpoints": "Container cannot be connected to network endpoints: {names}",
            "invalid_ipv4": "invalid IPv4 address: {ip}",
            "invalid_container_mode": (
                "Invalid network mode: invalid container format container:<name|id>"
            ),
            "conflict_hostname": "conflicting options: hostname and the network mode",
            "conflict_container_links": (
                "conflicting options: container type network can't be used with links. This "
                "would result in undefined behavior"
            ),
            "conflict_dns": "conflicting options: dns and the network mode",
            "conflict_hosts": "conflicting options: custom host-to-IP mapping and the network mode",
            "conflict_mac": "conflicting options: mac-address and the network mode",
            "conflict_publish": (
                "conflicting options: port publishing and the container type network mode"
            ),
            "conflict_expose": (
                "conflicting options: port exposing and the container type network mode"
            ),
            "conflict_host_links": (
                "conflicting options: host type networking can't be used with links. This would "
                "result in undefined behavior"
            ),
            # a create warning (daemon/daemon_unix.go verifyPlatformContainerSettings)
            "host_ports_discarded": "Published ports are discarded when using host network mode",
        },
        "moby/moby v20.10.27: daemon/{delete,exec,names,links,container_operations,network,"
        "create}.go, runconfig/errors.go, vendored libnetwork (portallocator, portmapper/"
        "proxy.go, drivers/bridge, error.go, ipam, ipamapi)",
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
            "no_pool": "all predefined address pools have been fully subnetted",
        },
        "moby/moby v27.0.1: libnetwork/drivers/bridge/port_mapping_linux.go; default pools "
        "lowest-free (moby/moby#47768, libnetwork/ipams/defaultipam/address_space.go)",
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
        raise ProfileError(f"no {table} message catalogue {shown(row)} (have {', '.join(names)})")
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
