"""Type stub of :mod:`dockerlinks`: the public names of ``_EXPORTS``, for type checkers.

The module loads each of them on first use (PEP 562); this stub states where each comes from.
``tests/test_public_names.py`` keeps it and the table in step.
"""

__version__: str
__all__: list[str]

from dockerlinks.allocate import PortAllocator as PortAllocator
from dockerlinks.allocate import release_bindings as release_bindings
from dockerlinks.allocate import resolve_bindings as resolve_bindings
from dockerlinks.compose import Problem as Problem
from dockerlinks.compose import load_compose_text as load_compose_text
from dockerlinks.compose.check import check as _check
from dockerlinks.compose.render import render as _render
from dockerlinks.display import PsPort as PsPort
from dockerlinks.display import port_lines as port_lines
from dockerlinks.display import ps_entries as ps_entries
from dockerlinks.display import ps_ports as ps_ports
from dockerlinks.engine import Container as Container
from dockerlinks.engine import ContainerConfig as ContainerConfig
from dockerlinks.engine import Engine as Engine
from dockerlinks.engine import Image as Image
from dockerlinks.engine import ImageCatalog as ImageCatalog
from dockerlinks.envfile import parse_env_file as parse_env_file
from dockerlinks.errors import AllocationError as AllocationError
from dockerlinks.errors import AllPortsAllocatedError as AllPortsAllocatedError
from dockerlinks.errors import ArgumentError as ArgumentError
from dockerlinks.errors import ComposeCheckError as ComposeCheckError
from dockerlinks.errors import ComposeError as ComposeError
from dockerlinks.errors import ConflictError as ConflictError
from dockerlinks.errors import ContainerNameError as ContainerNameError
from dockerlinks.errors import DockerLinksError as DockerLinksError
from dockerlinks.errors import DotenvError as DotenvError
from dockerlinks.errors import EngineError as EngineError
from dockerlinks.errors import EnvFileError as EnvFileError
from dockerlinks.errors import ExposeError as ExposeError
from dockerlinks.errors import HostsError as HostsError
from dockerlinks.errors import ImageNotFoundError as ImageNotFoundError
from dockerlinks.errors import InspectError as InspectError
from dockerlinks.errors import InterpolationError as InterpolationError
from dockerlinks.errors import InvalidAddressError as InvalidAddressError
from dockerlinks.errors import InvalidPortRangeError as InvalidPortRangeError
from dockerlinks.errors import IpamError as IpamError
from dockerlinks.errors import LinkError as LinkError
from dockerlinks.errors import LinkSpecError as LinkSpecError
from dockerlinks.errors import MergeError as MergeError
from dockerlinks.errors import NoAddressesError as NoAddressesError
from dockerlinks.errors import NoPublicPortError as NoPublicPortError
from dockerlinks.errors import NoSuchContainerError as NoSuchContainerError
from dockerlinks.errors import PortAlreadyAllocatedError as PortAlreadyAllocatedError
from dockerlinks.errors import PortError as PortError
from dockerlinks.errors import PortSpecError as PortSpecError
from dockerlinks.errors import ProfileError as ProfileError
from dockerlinks.errors import ProjectError as ProjectError
from dockerlinks.errors import ReservedPortsError as ReservedPortsError
from dockerlinks.errors import StartError as StartError
from dockerlinks.errors import UnknownProtocolError as UnknownProtocolError
from dockerlinks.hosts import HostsLink as HostsLink
from dockerlinks.hosts import HostsRecord as HostsRecord
from dockerlinks.hosts import add_hosts as add_hosts
from dockerlinks.hosts import build_hosts as build_hosts
from dockerlinks.hosts import container_hosts as container_hosts
from dockerlinks.hosts import delete_hosts as delete_hosts
from dockerlinks.hosts import parse_add_host as parse_add_host
from dockerlinks.hosts import parse_hosts as parse_hosts
from dockerlinks.hosts import update_hosts as update_hosts
from dockerlinks.interop import InspectedContainer as InspectedContainer
from dockerlinks.interop import from_inspect as from_inspect
from dockerlinks.links import LinkRule as LinkRule
from dockerlinks.links import LinkSpec as LinkSpec
from dockerlinks.links import container_env as container_env
from dockerlinks.links import host_config_links as host_config_links
from dockerlinks.links import link_env as link_env
from dockerlinks.links import link_name as link_name
from dockerlinks.links import link_prefix as link_prefix
from dockerlinks.links import link_rules as link_rules
from dockerlinks.links import parse_link as parse_link
from dockerlinks.links import process_env as process_env
from dockerlinks.lint import PortWarning as PortWarning
from dockerlinks.lint import lint_port_spec as lint_port_spec
from dockerlinks.names import NameGenerator as NameGenerator
from dockerlinks.names import generate_name as generate_name
from dockerlinks.names import validate_container_name as validate_container_name
from dockerlinks.ports import LongSyntax as LongSyntax
from dockerlinks.ports import Port as Port
from dockerlinks.ports import PortBinding as PortBinding
from dockerlinks.ports import PortConfig as PortConfig
from dockerlinks.ports import PortMap as PortMap
from dockerlinks.ports import PortMapping as PortMapping
from dockerlinks.ports import PortRange as PortRange
from dockerlinks.ports import PortSpec as PortSpec
from dockerlinks.ports import convert_compose_port as convert_compose_port
from dockerlinks.ports import convert_publish_long as convert_publish_long
from dockerlinks.ports import expose_range as expose_range
from dockerlinks.ports import parse_expose as parse_expose
from dockerlinks.ports import parse_port_range as parse_port_range
from dockerlinks.ports import parse_port_spec as parse_port_spec
from dockerlinks.ports import parse_port_specs as parse_port_specs
from dockerlinks.ports import parse_publish_long as parse_publish_long
from dockerlinks.ports import publish_all_ports as publish_all_ports
from dockerlinks.profiles import CLASSIC as CLASSIC
from dockerlinks.profiles import DEFAULT as DEFAULT
from dockerlinks.profiles import MODERN as MODERN
from dockerlinks.profiles import Api as Api
from dockerlinks.profiles import Cli as Cli
from dockerlinks.profiles import Daemon as Daemon
from dockerlinks.profiles import Profile as Profile
from dockerlinks.profiles import get_profile as get_profile
from dockerlinks.profiles import releases as releases
from dockerlinks.transcript import CheckResult as CheckResult
from dockerlinks.transcript import TranscriptError as TranscriptError
from dockerlinks.transcript import replay as replay

# the names given under another name
check_compose = _check
render_compose = _render
