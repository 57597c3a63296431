"""Live preview for authors and translators: rebuild on save, from a process that stays warm.

::

    preview = Preview(BuildOptions(out=Path("build"), content=Path("content")), lang="fr")
    preview.build()     # the site and JSON of one language, and optionally one leaflet
    preview.watch()     # rebuild whenever a page, catalog, template or brand file changes

The preview writes into ``<out>/preview/`` and never touches the products in ``<out>``.
Sphinx, WeasyPrint and the fonts are loaded once; Sphinx's cache means a changed page or
catalog entry is read again on its own, and only the pages that changed are written.
"""

from __future__ import annotations

import functools
import http.server
import threading
import time
from collections.abc import Iterable
from pathlib import Path

from liberation_content.errors import LiberationError
from liberation_content.files import atomic_write
from liberation_content.model.languages import available_languages
from liberation_content.resources import templates_dir

from .options import BuildOptions

TYPE_CHECKING = False
if TYPE_CHECKING:
    from liberation_content.pdf.render import LeafletPrinter

__all__ = ["Preview"]


class Preview:
    """Builds one language's site and JSON, and optionally one leaflet, again and again."""

    def __init__(self, options: BuildOptions, lang: str = "en", leaflet: str | None = None):
        known = available_languages(options.content)
        if lang not in known:
            msg = f"there is no '{lang}' translation. Available languages: {', '.join(known)}"
            raise LiberationError(msg)
        self.lang = lang
        self.leaflet = leaflet
        self.root = options.out / "preview"
        self.options = options.with_(out=self.root, languages=(lang,), allow_overdue=True)
        self.known = tuple(known)
        self._printer: LeafletPrinter | None = None
        self._templates: dict[Path, tuple[int, int]] = {}

    @property
    def html(self) -> Path:
        """The preview site of the language: open ``index.html`` in it."""
        return self.root / "html" / self.lang

    def build(self) -> list[Path]:
        """Refresh the site and JSON (and the chosen leaflet); return what was refreshed."""
        from .site import build_site, publish_json  # noqa: PLC0415

        written = build_site(self.options, self.lang, self.known, in_place=True)
        publish_json(self.options, (self.lang,))
        if self.leaflet:
            written.append(self._print_leaflet())
        return written

    def _print_leaflet(self) -> Path:
        from liberation_content.pdf import new_printer, print_leaflet  # noqa: PLC0415

        # The printer reads its templates once: a saved template means a new printer.
        templates = self._signature(templates_dir().rglob("*"))
        if self._printer is None or templates != self._templates:
            self._printer = new_printer()
            self._templates = templates
        pdf = print_leaflet(
            str(self.leaflet),
            self.lang,
            brand=self.options.brand,
            data=self.root / "json",
            printer=self._printer,
        )
        target = self.root / "pdf" / self.lang / f"{self.leaflet}.pdf"
        target.parent.mkdir(parents=True, exist_ok=True)
        atomic_write(target, pdf)
        return target

    @staticmethod
    def _signature(paths: Iterable[Path]) -> dict[Path, tuple[int, int]]:
        found = {}
        for path in paths:
            try:
                stat = path.stat()
            except OSError:
                continue
            found[path] = (stat.st_size, stat.st_mtime_ns)
        return found

    def _inputs(self) -> dict[Path, tuple[int, int]]:
        """Every file a rebuild depends on, with its size and modification time."""
        from liberation_content.pdf import load_brand  # noqa: PLC0415

        content = self.options.content
        paths = [
            *content.glob("*.md"),
            content / "references.toml",
            *(content / "leaflets").glob("*.toml"),
            *(content / "locales" / self.lang / "LC_MESSAGES").glob("*.po"),
            *templates_dir().rglob("*"),
        ]
        if self.options.brand is not None:
            paths.append(self.options.brand)
            try:
                logo = load_brand(self.options.brand).logo
            except LiberationError:
                logo = None  # the next build reports the brand file's problem
            if logo is not None:
                paths.append(logo)
        return self._signature(paths)

    def watch(self, *, interval: float = 0.3, rounds: int | None = None) -> None:
        """Rebuild whenever an input changes; stop with Ctrl+C (or after ``rounds`` builds)."""
        seen: dict[Path, tuple[int, int]] = {}
        builds = 0
        while rounds is None or builds < rounds:
            current = self._inputs()
            if current != seen:
                changed = sorted(p.name for p, _ in set(current.items()) ^ set(seen.items()))
                seen = current
                self._rebuild(changed if builds else [])
                builds += 1
            time.sleep(interval)

    def _rebuild(self, changed: list[str]) -> None:
        start = time.perf_counter()
        reason = f" ({', '.join(dict.fromkeys(changed))[:60]})" if changed else ""
        try:
            self.build()
        except LiberationError as exc:
            print(f"preview{reason}: the build stopped; fix this and save again:\n{exc}")
            return
        what = f"site, JSON and the '{self.leaflet}' leaflet" if self.leaflet else "site and JSON"
        print(f"preview{reason}: {what} refreshed in {time.perf_counter() - start:.1f} s")

    def serve(self, port: int) -> str:
        """Serve the preview site on this machine only; return its address."""
        handler = functools.partial(_QuietHandler, directory=str(self.root / "html"))
        server = http.server.ThreadingHTTPServer(("127.0.0.1", port), handler)
        threading.Thread(target=server.serve_forever, daemon=True).start()
        return f"http://127.0.0.1:{server.server_port}/{self.lang}/index.html"


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        """The preview's own lines are enough; requests are not logged."""
