"""The built wheel, installed where no build tools exist, gives the whole API."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import venv
import zipfile
from pathlib import Path

from helpers import ROOT

from liberation_content import DATA_VARIABLE

CHECK = """
import importlib.util, json, liberation_content as lc
assert importlib.util.find_spec("sphinx") is None, "sphinx must not be installed here"
snippet = lc.get("key-facts")
leaflets = sorted(p.name for p in (lc.where() / "leaflets" / "fr").glob("*.json"))
print(json.dumps({"langs": lc.languages(), "ids": len(lc.ids()), "type": snippet.type,
                  "items": len(snippet.items), "where": str(lc.where()), "leaflets": leaflets}))
"""


def test_the_wheel_works_in_a_fresh_environment_without_sphinx(tmp_path: Path) -> None:
    subprocess.run(
        [
            sys.executable,
            "-m",
            "build",
            "--wheel",
            "--no-isolation",
            "--outdir",
            str(tmp_path / "dist"),
            str(ROOT),
        ],
        check=True,
        capture_output=True,
    )
    wheel = next((tmp_path / "dist").glob("liberation_content-*.whl"))
    with zipfile.ZipFile(wheel) as archive:
        shipped = set(archive.namelist())
    package = ROOT / "liberation_content"
    code = {
        str(path.relative_to(ROOT))
        for path in package.rglob("*.py")
        if path.relative_to(package).parts[0] != "content"
    }
    assert code <= shipped, f"not in the wheel: {sorted(code - shipped)}"
    assert "liberation_content/templates/leaflet/leaflet.html.j2" in shipped
    assert "liberation_content/content/index.md" in shipped
    env = tmp_path / "venv"
    venv.create(env, with_pip=True)
    python = env / "bin" / "python"
    subprocess.run(
        [str(python), "-m", "pip", "install", "--no-index", "--no-deps", "-q", str(wheel)],
        check=True,
    )
    # Only the wheel: not this checkout, nor the data the other tests read.
    env = {k: v for k, v in os.environ.items() if k not in {"PYTHONPATH", DATA_VARIABLE}}
    out = subprocess.run(
        [str(python), "-c", CHECK],
        capture_output=True,
        text=True,
        check=True,
        cwd=tmp_path,
        env=env,
    ).stdout
    found = json.loads(out)
    assert found["langs"][0] == "en" and found["type"] == "key-facts"
    assert found["ids"] > 40 and 5 <= found["items"] <= 7
    assert "site-packages/liberation_content/data" in found["where"]
    assert found["leaflets"] == ["article.json", "leaflet.json", "questions.json"]
