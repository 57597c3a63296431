"""The markup content may use, and nothing else.

Pages and translations come from contributors. Any directive or role beyond what the pages,
the glossary, the urgent-help box and the citations need is refused where it is written,
with its line and what to write instead, before it runs: no directive or role can read a
file (``{include}``, ``{literalinclude}``, ``{csv-table}`` with ``:file:``, ``{download}``),
fetch an address (``:url:``), pass raw markup through (``{raw}``, ``{eval-rst}``) or add
a meta tag. As a second lock, docutils' own file insertion and raw markup are switched
off.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from docutils import nodes
from docutils.parsers.rst import Directive, directives
from sphinx.application import Sphinx

from .codes import Code, report
from .markup import ADMONITIONS

__all__ = ["ALLOWED_DIRECTIVES", "ALLOWED_ROLES", "setup"]

#: The directives content may use: the contents tree, the urgent-help box and notes.
ALLOWED_DIRECTIVES = frozenset({"toctree", "urgent", "admonition", *ADMONITIONS})
#: The roles content may use: citations, and sub- and superscript.
ALLOWED_ROLES = frozenset({"cite", "sub", "sup", "subscript", "superscript"})

#: What to write instead of markup that is refused, by its name.
_INSTEAD = {
    "include": "copy the text into the page: the content may not read other files",
    "literalinclude": "copy the text into the page: the content may not read other files",
    "csv-table": "write a Markdown table (| a | b |)",
    "list-table": "write a Markdown table (| a | b |)",
    "table": "write a Markdown table (| a | b |)",
    "raw": "write Markdown: raw markup is not allowed",
    "eval-rst": "write Markdown: reStructuredText is not allowed in content",
    "meta": "leave it out: a page's description comes from its front matter summary",
    "image": "leave it out: pictures are not part of the content",
    "figure": "leave it out: pictures are not part of the content",
    "download": "link to the page that has the file, as a Markdown link",
    "doc": "write a Markdown link: [text](page.md)",
    "ref": "write a Markdown link: [text](page.md#label)",
}


def _instead(name: str, allowed: frozenset[str]) -> str:
    return _INSTEAD.get(name, "use Markdown, or one of: " + ", ".join(sorted(allowed)))


class _AnyOption(dict[str, Any]):
    """Accepts every option, so that a refused directive is reported for what it is."""

    def __contains__(self, key: object) -> bool:
        return True

    def __missing__(self, key: str) -> Callable[[str | None], str]:
        return directives.unchanged


def _refused(name: str) -> type[Directive]:
    class Refused(Directive):
        has_content = True
        optional_arguments = 99
        final_argument_whitespace = True
        option_spec = _AnyOption()

        def run(self) -> list[nodes.Node]:
            env = self.state.document.settings.env
            report(
                Code.NOT_ALLOWED,
                f"the {{{name}}} directive is not allowed in content: "
                f"{_instead(name, ALLOWED_DIRECTIVES)}",
                (env.docname, self.lineno),
                error=True,
            )
            return []

    return Refused


def _refused_role(name: str) -> Callable[..., tuple[list[nodes.Node], list[Any]]]:
    def role(
        typ: str, rawtext: str, text: str, lineno: int, inliner: Any, *_: Any, **__: Any
    ) -> tuple[list[nodes.Node], list[Any]]:
        env = inliner.document.settings.env
        report(
            Code.NOT_ALLOWED,
            f"the {{{name}}} role is not allowed in content: {_instead(name, ALLOWED_ROLES)}",
            (env.docname, lineno),
            error=True,
        )
        return [nodes.Text(text)], []

    return role


def _guard_lookups() -> None:
    """Refuse every directive and role that is not allowed, where Sphinx looks them up
    (pages and translations are read through the same lookup), once per process."""
    from sphinx.util.docutils import sphinx_domains  # noqa: PLC0415

    if getattr(sphinx_domains.directive, "liberation_allowlist", False):
        return
    find_directive, find_role = sphinx_domains.directive, sphinx_domains.role

    def directive(self: Any, name: str, *args: Any) -> Any:
        if name.lower() not in ALLOWED_DIRECTIVES:
            return _refused(name.lower()), []
        return find_directive(self, name, *args)

    def role(self: Any, name: str, *args: Any) -> Any:
        if name.lower() not in ALLOWED_ROLES:
            return _refused_role(name.lower()), []
        return find_role(self, name, *args)

    directive.liberation_allowlist = True  # type: ignore[attr-defined]
    sphinx_domains.directive = directive  # type: ignore[method-assign,assignment]
    sphinx_domains.role = role  # type: ignore[method-assign,assignment]
    _refuse_restructuredtext()


def _refuse_restructuredtext() -> None:
    """MyST reads an ``{eval-rst}`` block itself, without looking the name up: refuse it
    where MyST renders it."""
    from myst_parser.mdit_to_docutils.base import DocutilsRenderer  # noqa: PLC0415

    def render_restructuredtext(self: Any, token: Any) -> None:
        line = token.map[0] if token.map else None  # as MyST reports its own lines
        report(
            Code.NOT_ALLOWED,
            f"the {{eval-rst}} directive is not allowed in content: "
            f"{_instead('eval-rst', ALLOWED_DIRECTIVES)}",
            (self.document.settings.env.docname, line),
            error=True,
        )

    DocutilsRenderer.render_restructuredtext = render_restructuredtext  # type: ignore[method-assign]


def _no_file_insertion(app: Sphinx) -> None:
    """docutils' own locks: no file inserted, no raw markup, whatever asks for it."""
    app.env.settings["file_insertion_enabled"] = False
    app.env.settings["raw_enabled"] = False


def setup(app: Sphinx) -> None:
    _guard_lookups()
    app.connect("builder-inited", _no_file_insertion)
