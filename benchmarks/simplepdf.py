"""sphinx-simplepdf making one PDF of the same content: the baseline both benchmarks use."""

from __future__ import annotations

import os
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path


def simplepdf_seconds(content: Path, scratch: Path, rounds: int) -> float:
    """Median seconds sphinx-simplepdf takes to make one PDF of the English content."""
    script = """
import sys
from pathlib import Path
from sphinx.application import Sphinx
from sphinx.util.docutils import docutils_namespace, patch_docutils
from liberation_content.sphinx_ext.run import content_config
out = Path(sys.argv[1])
src = Path(sys.argv[2])
config = content_config(
    lang="en", languages=["en"], base_url="https://example.org/", today="",
    references=src / "references.toml", allow_overdue=True,
)
config["extensions"] = [*config["extensions"], "sphinx_simplepdf"]
config.pop("html_theme")
config.pop("html_additional_pages", None)  # the site's own pages need its own theme
with patch_docutils(src), docutils_namespace():
    Sphinx(src, None, out / "pdf", out / "doctrees", "simplepdf", confoverrides=config,
           freshenv=True, status=None).build()
"""
    env = {**os.environ, "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ['PATH']}"}
    samples = []
    for round_ in range(rounds):
        target = scratch / f"simplepdf-{round_}"
        start = time.perf_counter()
        subprocess.run(
            [sys.executable, "-c", script, str(target), str(content)],
            check=True,
            capture_output=True,
            env=env,
        )
        samples.append(time.perf_counter() - start)
        if not any(pdf.stat().st_size for pdf in (target / "pdf").glob("*.pdf")):
            msg = f"sphinx-simplepdf wrote no PDF under {target / 'pdf'}"
            raise RuntimeError(msg)
        shutil.rmtree(target)
    return statistics.median(samples)
