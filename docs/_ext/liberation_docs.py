"""Directives that generate the docs' reference tables from the code, so they cannot drift;
and the docs' search index."""

from __future__ import annotations

import contextlib
import dataclasses
import io
import json
from importlib.resources import files
from pathlib import Path
from typing import Any

from docutils import nodes
from sphinx.util.docutils import SphinxDirective

from liberation_content.build.options import BuildOptions
from liberation_content.cli import build_parser
from liberation_content.model.frontmatter import FIELDS
from liberation_content.sphinx_ext.codes import CODE_HELP


def _cell(text: str, *, code: bool = False) -> nodes.entry:
    entry = nodes.entry()
    para = nodes.paragraph()
    para += nodes.literal(text, text) if code else nodes.Text(text)
    entry += para
    return entry


def _table(headers: list[str], rows: list[list[nodes.entry]], widths: list[int]) -> nodes.table:
    table = nodes.table(classes=["reference-table"])
    group = nodes.tgroup(cols=len(headers))
    table += group
    for width in widths:
        group += nodes.colspec(colwidth=width)
    head = nodes.thead()
    row = nodes.row()
    for header in headers:
        row += _cell(header)
    head += row
    group += head
    body = nodes.tbody()
    for cells in rows:
        row = nodes.row()
        for cell in cells:
            row += cell
        body += row
    group += body
    return table


class FrontMatterFields(SphinxDirective):
    """The front matter keys of a content page, from ``liberation_content...FIELDS``."""

    def run(self) -> list[nodes.Node]:
        rows = [
            [
                _cell(f.name, code=True),
                _cell("yes" if f.required else "no"),
                _cell(f.kind),
                _cell(f.help),
                _cell(f.example, code=True),
            ]
            for f in FIELDS
        ]
        return [
            _table(["key", "required", "format", "meaning", "example"], rows, [14, 8, 8, 50, 20])
        ]


class WarningCodes(SphinxDirective):
    """Every ``[liberation.<code>]`` the build can report."""

    def run(self) -> list[nodes.Node]:
        rows = [
            [_cell(f"liberation.{code}", code=True), _cell(text)]
            for code, text in CODE_HELP.items()
        ]
        return [_table(["code", "what it means"], rows, [25, 75])]


class BuildOptionsTable(SphinxDirective):
    """The build options, from the BuildOptions dataclass."""

    def run(self) -> list[nodes.Node]:
        rows = [
            [_cell(f.name, code=True), _cell(str(f.metadata.get("help", "")))]
            for f in dataclasses.fields(BuildOptions)
        ]
        return [_table(["option", "meaning"], rows, [20, 80])]


class CliHelp(SphinxDirective):
    """The ``--help`` text of the command, or of one of its subcommands."""

    optional_arguments = 1

    def run(self) -> list[nodes.Node]:
        args = [*self.arguments[0].split(), "--help"] if self.arguments else ["--help"]
        out = io.StringIO()
        with contextlib.redirect_stdout(out), contextlib.suppress(SystemExit):
            build_parser().parse_args(args)
        text = out.getvalue().replace("usage: ", "usage: ", 1)
        return [nodes.literal_block(text, text, language="text")]


def _type_of(spec: dict[str, Any], defs: dict[str, Any]) -> str:
    if "$ref" in spec:
        return spec["$ref"].rsplit("/", 1)[-1]
    if "const" in spec:
        return f"always {json.dumps(spec['const'])}"
    if "enum" in spec:
        return " | ".join(json.dumps(v) for v in spec["enum"])
    if spec.get("type") == "array" and "items" in spec:
        return f"array of {_type_of(spec['items'], defs)}"
    return str(spec.get("type", "object"))


class JsonSchemaTable(SphinxDirective):
    """The properties of a JSON Schema shipped in the package, with their descriptions."""

    required_arguments = 1
    optional_arguments = 1  # a $defs name, to describe one nested object

    def run(self) -> list[nodes.Node]:
        path = files("liberation_content").joinpath("schemas", self.arguments[0])
        schema = json.loads(path.read_text(encoding="utf-8"))
        defs = schema.get("$defs", {})
        target = defs[self.arguments[1]] if len(self.arguments) > 1 else schema
        required = set(target.get("required", []))
        rows = []
        for name, spec in target.get("properties", {}).items():
            described = (
                spec
                if "description" in spec or "$ref" not in spec
                else defs.get(spec["$ref"].rsplit("/", 1)[-1], {})
            )
            rows.append(
                [
                    _cell(name, code=True),
                    _cell(_type_of(spec, defs)),
                    _cell("yes" if name in required else "no"),
                    _cell(str(described.get("description", ""))),
                ]
            )
        return [_table(["field", "type", "required", "meaning"], rows, [18, 22, 8, 52])]


class BrandFields(SphinxDirective):
    """The keys of a brand file, from ``BRAND_FIELDS``."""

    def run(self) -> list[nodes.Node]:
        from liberation_content.pdf import BRAND_FIELDS  # noqa: PLC0415

        rows = [[_cell(key, code=True), _cell(text)] for key, text in BRAND_FIELDS.items()]
        return [_table(["key", "meaning"], rows, [20, 80])]


class EditionPreviews(SphinxDirective):
    """Page 1 of a leaflet in each edition, printed during the docs build, as pictures."""

    required_arguments = 1  # the leaflet
    option_spec = {"brand": str}  # noqa: RUF012 - the docutils interface

    def run(self) -> list[nodes.Node]:
        import pypdfium2  # noqa: PLC0415

        from liberation_content import where  # noqa: PLC0415
        from liberation_content.model.leaflets import load_leaflet  # noqa: PLC0415
        from liberation_content.pdf import EDITIONS, load_brand, new_printer  # noqa: PLC0415

        name = self.arguments[0]
        srcdir = Path(self.env.srcdir)
        brand_path = srcdir / self.options["brand"] if "brand" in self.options else None
        if brand_path:
            self.env.note_dependency(str(brand_path))
        leaflet = load_leaflet(where(), name, "en")
        default_size = leaflet.default_size
        # The address a charity's own build prints (the docs' build has none: see
        # "The address printed on the leaflet").
        shown = dataclasses.replace(leaflet, url=leaflet.url or "https://your.site/en/index.html")
        brand = load_brand(brand_path)
        printer = new_printer()
        folder = srcdir / "_generated"
        folder.mkdir(exist_ok=True)
        figures: list[nodes.Node] = []
        for edition in EDITIONS.values():
            size = edition.size_for(default_size)
            pdf = printer.render(shown, edition, size, brand)
            png = folder / f"{name}-{edition.name}.png"
            page = pypdfium2.PdfDocument(pdf)[0]
            page.render(scale=150 / 72 if not edition.imposed else 110 / 72).to_pil().save(png)
            figure = nodes.figure(classes=["edition-preview"])
            alt = f"Page 1 of the {edition.name} edition of the {name} ({size})"
            figure += nodes.image(uri=f"_generated/{png.name}", alt=alt, width="100%")
            caption = f"{edition.name} ({size}): {edition.help}"
            figure += nodes.caption(caption, caption)
            figures.append(figure)
        return figures


class TranslationStatus(SphinxDirective):
    """The ``i18n status`` report of every language, as tables: one per language."""

    def run(self) -> list[nodes.Node]:
        from babel.messages.pofile import read_po  # noqa: PLC0415

        from liberation_content.i18n.catalogs import status  # noqa: PLC0415
        from liberation_content.model.languages import available_languages  # noqa: PLC0415
        from liberation_content.resources import content_dir  # noqa: PLC0415

        content = content_dir()
        found: list[nodes.Node] = []
        for lang in available_languages(content)[1:]:
            pages = status(content, lang)
            with (content / "locales" / lang / "LC_MESSAGES" / "index.po").open("rb") as handle:
                translator = str(read_po(handle).last_translator)
            publishable = sum(page.state == "complete" for page in pages.values())
            section = nodes.section(ids=[f"status-{lang}"])
            section += nodes.title(text=f"{lang}: {publishable} of {len(pages)} publishable")
            section += nodes.paragraph(text=f"Translated by: {translator}.")
            rows = [
                [
                    _cell(page.page, code=True),
                    _cell(str(page.translated)),
                    _cell(str(page.fuzzy)),
                    _cell(str(page.untranslated)),
                    _cell(f"{page.percent:.0f} %"),
                    _cell(str(page.words_outstanding)),
                    _cell("yes" if page.state == "complete" else f"no ({page.state})"),
                ]
                for page in pages.values()
            ]
            section += _table(
                [
                    "catalog",
                    "translated",
                    "fuzzy",
                    "untranslated",
                    "done",
                    "words left",
                    "published",
                ],
                rows,
                [20, 12, 8, 14, 8, 12, 14],
            )
            found.append(section)
        return found


class EvidenceLedger(SphinxDirective):
    """The evidence ledger, page by page: each citation, what it supports and where."""

    def run(self) -> list[nodes.Node]:
        from liberation_content.model.ledger import LEDGER_FILE, load_ledger  # noqa: PLC0415
        from liberation_content.model.references import load_references  # noqa: PLC0415
        from liberation_content.resources import content_dir  # noqa: PLC0415

        content = content_dir()
        self.env.note_dependency(str(content / LEDGER_FILE))
        entries, _ = load_ledger(content / LEDGER_FILE)
        refs = load_references(content / "references.toml")
        found: list[nodes.Node] = []
        for page in dict.fromkeys(e.page for e in entries):
            section = nodes.section(ids=[f"ledger-{page}"])
            section += nodes.title(text=f"{page}.md")
            rows = [
                [
                    _cell(f"\u201c{e.sentence}\u2026\u201d"),
                    _cell(refs[e.key].citation(authors_shown=1) if e.key in refs else e.key),
                    _cell(e.supports),
                    _cell(e.where),
                ]
                for e in entries
                if e.page == page
            ]
            section += _table(
                ["sentence", "source", "cited for", "where the source says so"],
                rows,
                [22, 26, 26, 26],
            )
            found.append(section)
        return found


def _index_for_search(app: Any, exception: BaseException | None) -> None:
    """The docs' search index, by Pagefind, as the content site's (``build/docs/pagefind``)."""
    if exception is None and app.builder.format == "html":
        from liberation_content.build.search import index_site  # noqa: PLC0415

        index_site(Path(app.outdir))


def setup(app: Any) -> dict[str, Any]:
    app.connect("build-finished", _index_for_search)
    app.add_directive("liberation-evidence-ledger", EvidenceLedger)
    app.add_directive("liberation-edition-previews", EditionPreviews)
    app.add_directive("liberation-brand-fields", BrandFields)
    app.add_directive("liberation-json-schema", JsonSchemaTable)
    app.add_directive("liberation-frontmatter-fields", FrontMatterFields)
    app.add_directive("liberation-warning-codes", WarningCodes)
    app.add_directive("liberation-build-options", BuildOptionsTable)
    app.add_directive("liberation-cli-help", CliHelp)
    app.add_directive("liberation-translation-status", TranslationStatus)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
