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
import os
import threading
import time
from collections.abc import Iterable
from pathlib import Path

from liberation_content.errors import LiberationError
from liberation_content.files import atomic_write, commit, output_lock
from liberation_content.model.languages import available_languages
from liberation_content.model.sources import check_sources
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
        #: What the last build would refuse to publish, each with its file and line.
        self.problems: list[str] = []
        #: How many builds have finished: the previewed page reloads when it changes.
        self.generation = 0

    @property
    def html(self) -> Path:
        """The preview site of the language: open ``index.html`` in it."""
        return self.root / "html" / self.lang

    def build(self) -> list[Path]:
        """Refresh the site and JSON (and the chosen leaflet); return what was refreshed.
        What the build would refuse to publish is in :attr:`problems` afterwards."""
        from .site import build_site, publish_json  # noqa: PLC0415

        try:
            # What the build refuses, the preview refuses too: links out, files too large.
            check_sources(self.options.content)
            with output_lock(self.root):  # also keeps a build into the folder above out
                written = list(build_site(self.options, self.lang, self.known, in_place=True)[:2])
                commit(self.root, publish_json(self.options, (self.lang,)))
        except LiberationError as exc:
            self.problems = [str(p) for p in exc.problems] or [str(exc)]
            self.generation += 1
            raise
        problems = self._check()
        if self.leaflet:
            try:
                written.append(self._print_leaflet())
            except LiberationError as exc:  # the site is fresh; the leaflet says why not
                problems.append(f"the '{self.leaflet}' leaflet was not printed: {exc}")
        self.problems = problems
        self.generation += 1
        return written

    def _check(self) -> list[str]:
        """Every check failure that holds a page of the language back, with file and line:
        the build shows that page in English, and the preview says why."""
        if self.lang == "en":
            return []
        from liberation_content.i18n.catalogs import status  # noqa: PLC0415

        pages = status(self.options.content, self.lang).values()
        return [str(problem) for page in pages for problem in page.problems]

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
        if self.problems:
            print(f"preview: {len(self.problems)} problem(s) hold pages back from publishing:")
            for problem in self.problems:
                print(f"  {problem}")

    def state(self) -> bytes:
        """What the previewed page asks for each second: the build's generation and its
        problems."""
        import json  # noqa: PLC0415

        data = {"generation": self.generation, "problems": self.problems}
        return json.dumps(data, ensure_ascii=False).encode("utf-8")

    def serve(self, port: int) -> str:
        """Serve the preview site on this machine only; return its address. Each page
        shows what the build would refuse, as a banner, and reloads after a rebuild."""
        handler = functools.partial(_PreviewHandler, self, directory=str(self.root / "html"))
        if not 0 <= port <= 65535:
            msg = f"--port {port}: a port is a number from 1 to 65535 (0: any free port)"
            raise LiberationError(msg)
        try:
            server = http.server.ThreadingHTTPServer(("127.0.0.1", port), handler)
        except OSError as exc:
            msg = (
                f"--port {port}: the preview cannot listen there ({exc.strerror or exc}). "
                "Stop what uses it, or choose another port with --port (0: any free port)"
            )
            raise LiberationError(msg) from None
        threading.Thread(target=server.serve_forever, daemon=True).start()
        return f"http://127.0.0.1:{server.server_port}/{self.lang}/index.html"


#: Where the previewed pages ask for the build's state, and the script that asks.
STATE_PATH = "/__preview__/state.json"
_SCRIPT = f"""<script>
(function () {{
  var seen = null;
  function show(problems) {{
    var box = document.getElementById("preview-problems");
    if (!problems.length) {{ if (box) box.remove(); return; }}
    if (!box) {{
      box = document.createElement("div");
      box.id = "preview-problems";
      box.setAttribute("role", "alert");
      box.setAttribute("lang", "en");
      box.setAttribute("dir", "ltr");
      box.style.cssText = "position:sticky;top:0;z-index:9;background:#a4190f;color:#fff;" +
        "padding:0.6em 1em;font:14px/1.4 sans-serif;white-space:pre-wrap";
      document.body.prepend(box);
    }}
    box.textContent = "Preview: the build would not publish this as it is:\\n" +
      problems.join("\\n");
  }}
  function poll() {{
    fetch("{STATE_PATH}", {{cache: "no-store"}}).then(function (r) {{ return r.json(); }})
      .then(function (state) {{
        if (seen !== null && state.generation !== seen) {{ location.reload(); return; }}
        seen = state.generation;
        show(state.problems);
      }}).catch(function () {{}}).finally(function () {{ setTimeout(poll, 1000); }});
  }}
  poll();
}})();
</script>"""


class _PreviewHandler(http.server.SimpleHTTPRequestHandler):
    """Serves the preview site; pages get the banner-and-reload script, and the build's
    state is served from memory."""

    def __init__(self, preview: Preview, *args: object, **kwargs: object) -> None:
        self.preview = preview
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]

    def do_GET(self) -> None:
        path = self.path.split("?", 1)[0]
        if path == STATE_PATH:
            self._send(self.preview.state(), "application/json")
            return
        # Only the site: nothing a link leads out to, and no folder listings.
        root = Path(self.directory).resolve()
        if not Path(self.translate_path(path)).resolve().is_relative_to(root):
            self.send_error(404)
            return
        if path.endswith(".html"):
            local = Path(self.translate_path(path))
            if local.is_file():
                page = local.read_bytes().replace(b"</body>", _SCRIPT.encode() + b"</body>", 1)
                self._send(page, "text/html; charset=utf-8")
                return
        super().do_GET()

    def list_directory(self, path: str | os.PathLike[str]) -> None:
        """No folder listings: a folder without an index.html is not found."""
        self.send_error(404)

    def _send(self, body: bytes, kind: str) -> None:
        self.send_response(200)
        self.send_header("Content-Type", kind)
        self.send_header("Cache-Control", "no-store")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format: str, *args: object) -> None:
        """The preview's own lines are enough; requests are not logged."""
