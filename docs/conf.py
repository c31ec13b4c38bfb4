"""Sphinx configuration of the dockerlinks documentation (built with warnings as errors)."""

from __future__ import annotations

import dockerlinks

project = "dockerlinks"
author = "The dockerlinks authors"
copyright = "2026, The dockerlinks authors"  # noqa: A001
release = dockerlinks.__version__
version = release

extensions = [
    "myst_parser",
    "sphinx.ext.autodoc",
    "sphinx.ext.viewcode",
]
source_suffix = {".md": "markdown", ".rst": "restructuredtext"}
root_doc = "index"
exclude_patterns = ["_build"]
myst_enable_extensions = ["colon_fence", "deflist"]
myst_heading_anchors = 3
suppress_warnings = ["myst.xref_missing"]

autodoc_member_order = "bysource"
autodoc_typehints = "description"
autodoc_default_options = {"members": True, "show-inheritance": True}
nitpicky = False

html_theme = "furo"
html_title = f"dockerlinks {release}"
