"""What the site serves to apps under api/v2/: the schemas (served, with their $id there),
TypeScript declarations made from them, the change feed, a page that explains it; dates
that move with the text and only with it; and api/v1/ kept in the shape apps knew."""

from __future__ import annotations

import hashlib
import json
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from helpers import FIXTURE_TODAY, SITE, edit
from jsonschema import Draft202012Validator

from liberation_content.build import BuildOptions, build
from liberation_content.cli.content import record_texts

RELEASED = "2026-05-01"


def _build(content: Path, out: Path, site_url: str = SITE) -> Path:
    build(BuildOptions(out=out, content=content, today=FIXTURE_TODAY, site_url=site_url), ("json",))
    return out / "html" / "api" / "v2"


def _files(api: Path) -> dict[str, bytes]:
    """The snippet files of the API folder (``<lang>/<id>.json``), by path."""
    return {
        p.relative_to(api).as_posix(): p.read_bytes()
        for p in api.glob("*/*.json")
        if p.parent.name not in ("leaflets", "schemas")
    }


@pytest.fixture
def released(content: Path) -> Path:
    """The test content, with its texts recorded as released on RELEASED."""
    record_texts(content, "1.0", today=RELEASED)
    return content


def test_the_schemas_are_served_and_every_file_validates_against_them(
    released: Path, tmp_path: Path
) -> None:
    api = _build(released, tmp_path / "out")
    schemas = {}
    for name in ("snippet", "manifest"):
        schema = json.loads((api / "schemas" / f"{name}.schema.json").read_bytes())
        assert schema["$id"] == f"{SITE}api/v2/schemas/{name}.schema.json"
        Draft202012Validator.check_schema(schema)
        schemas[name] = Draft202012Validator(
            schema, format_checker=Draft202012Validator.FORMAT_CHECKER
        )
    manifest = json.loads((api / "index.json").read_bytes())
    assert not list(schemas["manifest"].iter_errors(manifest))
    for entry in manifest["snippets"].values():
        for published in entry["languages"].values():
            data = (api / published["path"]).read_bytes()
            assert hashlib.sha256(data).hexdigest() == published["sha256"]
            assert not list(schemas["snippet"].iter_errors(json.loads(data))), published["path"]
    page = (api / "index.html").read_text(encoding="utf-8")
    for link in re.findall(r'href="([^"]+)"', page):
        assert (api / link).is_file(), link  # every address the page gives is there


def test_typescript_declarations_name_every_field_of_the_schemas(
    released: Path, tmp_path: Path
) -> None:
    api = _build(released, tmp_path / "out")
    declarations = (api / "schemas" / "liberation-content.d.ts").read_text(encoding="utf-8")
    snippet = json.loads((api / "schemas" / "snippet.schema.json").read_bytes())
    body = declarations.split("export interface Snippet {", 1)[1].split("\n}\n", 1)[0]
    for name in snippet["properties"]:
        optional = "" if name in snippet["required"] else "?"
        assert re.search(rf"^  {re.escape(name + optional)}: ", body, re.MULTILINE), name
    assert 'dir: "ltr" | "rtl";' in body and "export interface Manifest {" in declarations
    for name in snippet["$defs"]:
        assert f"export type {name[0].upper()}{name[1:]} = " in declarations
    tsc = shutil.which("tsc")
    if tsc:  # where the TypeScript compiler is installed, it must accept them
        done = subprocess.run(
            [tsc, "--noEmit", "--strict", str(api / "schemas" / "liberation-content.d.ts")],
            check=False,
            capture_output=True,
            text=True,
        )
        assert done.returncode == 0, done.stdout


def test_a_sync_from_the_manifest_and_the_feed_picks_up_exactly_what_an_edit_changed(
    released: Path, tmp_path: Path
) -> None:
    api = _build(released, tmp_path / "out")
    before = _files(api)
    feed = json.loads((api / "changes.json").read_bytes())
    assert {change["date"] for change in feed["changes"]} == {RELEASED}
    assert feed["since"] == RELEASED and feed["releases"] == [{"release": "1.0", "date": RELEASED}]
    manifest = json.loads((api / "index.json").read_bytes())
    stored = {
        published["path"]: published["sha256"]
        for entry in manifest["snippets"].values()
        for published in entry["languages"].values()
    }
    # An author changes one sentence of one section.
    edit(released / "topic.md", "Trials found no gain", "Trials found no benefit")
    api = _build(released, tmp_path / "out")
    after = _files(api)
    changed = {path for path in after if before.get(path) != after[path]}
    assert changed and all(path.startswith("en/") for path in changed)
    # The app: the manifest's hashes say what to fetch ...
    manifest = json.loads((api / "index.json").read_bytes())
    fetched = {
        published["path"]
        for entry in manifest["snippets"].values()
        for published in entry["languages"].values()
        if stored.get(published["path"]) != published["sha256"]
    }
    assert fetched == changed
    # ... and the feed says they are new today, and nothing else is.
    feed = json.loads((api / "changes.json").read_bytes())
    new = {change["path"] for change in feed["changes"] if change["date"] >= FIXTURE_TODAY}
    assert new == changed
    assert all(c["release"] is None for c in feed["changes"] if c["path"] in changed)
    for path in changed:
        assert json.loads(after[path])["dateModified"] == FIXTURE_TODAY


def test_the_date_modified_moves_with_the_text_and_only_with_it(
    released: Path, tmp_path: Path
) -> None:
    api = _build(released, tmp_path / "out")
    dates = {path: json.loads(data)["dateModified"] for path, data in _files(api).items()}
    assert {d for p, d in dates.items() if "/" in p and not p.startswith("leaflets")} == {RELEASED}
    # A new review, and a new site address: the text is the same, so is the date.
    edit(released / "topic.md", "last_reviewed: 2026-01-10", "last_reviewed: 2026-05-20")
    edit(released / "topic.md", "next_review_due: 2027-01-10", "next_review_due: 2027-05-20")
    api = _build(released, tmp_path / "other", site_url="https://elsewhere.example.net/")
    for path, data in _files(api).items():
        assert json.loads(data)["dateModified"] == dates[path], path


def test_api_v1_keeps_the_shape_apps_were_written_against(released: Path, tmp_path: Path) -> None:
    _build(released, tmp_path / "out")
    v1 = tmp_path / "out" / "html" / "api" / "v1"
    manifest = json.loads((v1 / "index.json").read_bytes())
    assert manifest["schema_version"] == "1.0" and manifest["languages"] == ["en"]
    for entry in manifest["snippets"].values():
        published = entry["languages"]["en"]
        data = (v1 / published["path"]).read_bytes()
        assert hashlib.sha256(data).hexdigest() == published["sha256"]
        snippet = json.loads(data)
        assert snippet["schema_version"] == "1.0" and "translation_status" in snippet
        assert "dir" not in snippet and "translationStatus" not in snippet
        for entry_faq in snippet["faq"]:
            assert set(entry_faq) == {"id", "question", "answer_html", "answer_text"}


def test_each_page_names_its_json(released: Path, tmp_path: Path) -> None:
    api = _build(released, tmp_path / "out")
    page = (tmp_path / "out" / "html" / "en" / "topic.html").read_text(encoding="utf-8")
    found = re.search(r'<link rel="alternate" type="application/json" href="([^"]+)"', page)
    assert found and found.group(1) == f"{SITE}api/v2/en/topic.json"
    assert (api / "en" / "topic.json").is_file()


def test_an_address_without_its_last_slash_makes_the_same_addresses(
    released: Path, tmp_path: Path
) -> None:
    api = _build(released, tmp_path / "out", site_url="https://ms.example.net/info")
    schema = json.loads((api / "schemas" / "snippet.schema.json").read_bytes())
    assert schema["$id"] == "https://ms.example.net/info/api/v2/schemas/snippet.schema.json"
    for name in ("index.json", "changes.json"):
        assert json.loads((api / name).read_bytes())["baseUrl"] == "https://ms.example.net/info/"


def test_a_text_that_comes_back_is_dated_when_it_came_back(tmp_path: Path) -> None:
    from liberation_content.model.history import History  # noqa: PLC0415

    history = History(tmp_path / "history.toml")
    for digest, day, release in (("a", "2026-01-01", "1.0"), ("b", "2026-02-01", "1.1")):
        history.record({("x", "en"): digest}, day, release)
    history.record({("x", "en"): "a"}, "2026-03-01", "1.2")
    change = history.recorded("x", "en", "a")
    assert change is not None and (change.date, change.release) == ("2026-03-01", "1.2")


def test_a_release_whose_texts_cannot_be_read_records_nothing(
    content: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """The texts are read first: a build that fails leaves both records as they were, so the
    same release can be tried again."""
    import liberation_content.cli.content as command  # noqa: PLC0415
    from liberation_content.cli import main  # noqa: PLC0415
    from liberation_content.errors import LiberationError  # noqa: PLC0415
    from liberation_content.model import ledger  # noqa: PLC0415

    def broken(content: Path, today: str = "") -> dict[tuple[str, str], str]:
        raise LiberationError("the build failed")

    monkeypatch.setattr(ledger, "check_ledger", lambda content: [])
    monkeypatch.setattr(command, "text_digests", broken)
    before = sorted(p.name for p in content.iterdir())
    assert main(["content", "release", "9.9", "--content", str(content)]) == 1
    assert "the build failed" in capsys.readouterr().err
    assert sorted(p.name for p in content.iterdir()) == before
