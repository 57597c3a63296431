"""Sphinx configuration of the project's own documentation (not the patient content)."""

from __future__ import annotations

import sys
from pathlib import Path

import fontpkg_atkinson_hyperlegible as atkinson

from liberation_content._version import __version__
from liberation_content.resources import templates_dir

sys.path.insert(0, str(Path(__file__).parent / "_ext"))

project = "liberation-content"
copyright = "liberation-content contributors"
version = release = __version__
# The theme's search page asks Pagefind's index, which liberation_docs writes after the build.
extensions = [
    "myst_parser",
    "sphinx.ext.autodoc",
    "liberation_content.sphinx_ext.search",
    "liberation_docs",
]
myst_enable_extensions = ["colon_fence", "deflist"]
myst_heading_anchors = 3
exclude_patterns = ["_build", "_ext", "_generated", "examples"]
autodoc_typehints = "description"
autodoc_member_order = "bysource"
# Standard-library types in signatures are not documented here.
nitpick_ignore_regex = [
    ("py:class", r"(dt|datetime|os|pathlib|typing)\..*"),
    ("py:class", r"Path|Any|Problem"),
]
html_theme = "liberation"
html_theme_path = [str(templates_dir() / "sphinx")]
html_static_path = [str(Path(atkinson.ROOT) / "files")]
html_theme_options = {"content_notice": "false"}
html_title = "liberation-content documentation"
html_short_title = "liberation-content docs"
html_show_sphinx = False
html_copy_source = False
html_use_index = False
html_domain_indices = False
nitpicky = True
