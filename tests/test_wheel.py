"""The built wheel, installed where no build tools exist, gives the whole API."""

from __future__ import annotations

import subprocess
import sys
import venv
from pathlib import Path

ROOT = Path(__file__).parents[1]

CHECK = """
import importlib.util, json, liberation_content as lc
assert importlib.util.find_spec("sphinx") is None, "sphinx must not be installed here"
snippet = lc.get("key-facts")
print(json.dumps({"langs": lc.languages(), "ids": len(lc.ids()), "type": snippet.type,
                  "items": len(snippet.items), "where": str(lc.where())}))
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
    env = tmp_path / "venv"
    venv.create(env, with_pip=True)
    python = env / "bin" / "python"
    subprocess.run(
        [str(python), "-m", "pip", "install", "--no-index", "--no-deps", "-q", str(wheel)],
        check=True,
    )
    out = subprocess.run(
        [str(python), "-c", CHECK], capture_output=True, text=True, check=True, cwd=tmp_path
    ).stdout
    import json  # noqa: PLC0415

    found = json.loads(out)
    assert found["langs"][0] == "en" and found["type"] == "key-facts"
    assert found["ids"] > 40 and 5 <= found["items"] <= 7
    assert "site-packages/liberation_content/data" in found["where"]
