"""Type stub of :mod:`dockerlinks.compose`: the names ``_EXPORTS`` gives, for type checkers.

The package loads each of them on first use (PEP 562); this stub states where each comes from.
"""

__all__: list[str]

from dockerlinks.compose.check import ENV_ENTRY_LIMIT as ENV_ENTRY_LIMIT
from dockerlinks.compose.check import ENV_TOTAL_LIMIT as ENV_TOTAL_LIMIT
from dockerlinks.compose.check import check as check
from dockerlinks.compose.disk import load_from_disk as load_from_disk
from dockerlinks.compose.files import MemoryFiles as MemoryFiles
from dockerlinks.compose.load import ComposeFile as ComposeFile
from dockerlinks.compose.load import SexagesimalScalar as SexagesimalScalar
from dockerlinks.compose.load import load_compose_text as load_compose_text
from dockerlinks.compose.problems import CODES as CODES
from dockerlinks.compose.problems import ComposeCheckError as ComposeCheckError
from dockerlinks.compose.problems import ComposeError as ComposeError
from dockerlinks.compose.problems import Problem as Problem
from dockerlinks.compose.problems import Severity as Severity
from dockerlinks.compose.project import Options as Options
from dockerlinks.compose.project import Project as Project
from dockerlinks.compose.project import load_project as load_project
from dockerlinks.compose.render import RenderedService as RenderedService
from dockerlinks.compose.render import Rendering as Rendering
from dockerlinks.compose.render import render as render
from dockerlinks.compose.secrets import looks_secret as looks_secret
