"""The output folder belongs to the build, and only what the build wrote: a folder it did
not make is refused, files it did not write are never deleted, a build killed while
swapping its outputs in is finished by the next run, leftovers are cleared, and a full
or read-only disk ends with a message and the previous outputs intact."""

from __future__ import annotations

import errno
import hashlib
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from helpers import FIXTURE_TODAY

from liberation_content.cli import main
from liberation_content.files import JOURNAL


def _build(
    content: Path, out: Path, capsys: pytest.CaptureFixture[str], *products: str
) -> tuple[int, str]:
    capsys.readouterr()
    command = ["build", *products, "--content", str(content), "--out", str(out)]
    code = main([*command, "--today", FIXTURE_TODAY])
    return code, capsys.readouterr().err


def _append(path: Path, text: str) -> None:
    path.write_text(path.read_text(encoding="utf-8") + text, encoding="utf-8")


def _snapshot(out: Path) -> dict[str, bytes]:
    """Every published file of an output folder, by path."""
    return {
        str(p.relative_to(out)): p.read_bytes()
        for folder in ("html", "json", "pdf")
        for p in sorted((out / folder).rglob("*"))
        if p.is_file()
    }


def _leftovers(out: Path) -> list[str]:
    return [
        str(p)
        for p in out.rglob("*")
        if ".staging-" in p.name or ".old-" in p.name or p.name.endswith(".partial")
    ] + ([JOURNAL] if (out / JOURNAL).exists() else [])


def _assert_consistent(out: Path) -> None:
    """The manifest's hashes are those of the snippets, and the API mirror is the JSON."""
    manifest = json.loads((out / "json" / "index.json").read_bytes())
    for entry in manifest["snippets"].values():
        for lang in entry["languages"].values():
            data = (out / "json" / lang["path"]).read_bytes()
            assert hashlib.sha256(data).hexdigest() == lang["sha256"], lang["path"]
    api = out / "html" / "api" / "v2"
    mirrored = {
        p.relative_to(api): p.read_bytes()
        for p in api.rglob("*.json")
        if p.parts[len(api.parts)] not in ("schemas",) and p.name != "changes.json"
    }
    json_files = {
        p.relative_to(out / "json"): p.read_bytes()
        for p in (out / "json").rglob("*")
        if p.is_file()
    }
    assert mirrored == json_files


def test_a_folder_no_build_made_is_refused(
    content: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "photos"
    (out / "2024").mkdir(parents=True)
    (out / "2024" / "cat.jpg").write_bytes(b"\xff\xd8 a cat")
    code, err = _build(content, out, capsys, "json")
    assert code == 1 and "this folder is not empty (2024)" in err and "Traceback" not in err
    assert sorted(p.name for p in out.iterdir()) == ["2024"]  # not even a lock was left
    assert (out / "2024" / "cat.jpg").read_bytes() == b"\xff\xd8 a cat"
    # A new or empty folder is the build's from the start, even if that build fails.
    empty = tmp_path / "empty"
    empty.mkdir()
    page = content / "topic.md"
    good = page.read_text(encoding="utf-8")
    page.write_text(good + "\n```{include} ../x\n```\n", encoding="utf-8")
    assert _build(content, empty, capsys, "json")[0] == 1
    page.write_text(good, encoding="utf-8")
    assert _build(content, empty, capsys, "json")[0] == 0


def test_files_no_build_wrote_are_never_deleted(
    content: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "out"
    assert _build(content, out, capsys, "pdf")[0] == 0
    mine = [
        out / "html" / "en" / "notes.txt",
        out / "json" / "en" / "extra.json",
        out / "html" / "api" / "v2" / "en" / "mine.json",
        out / "json" / "leaflets" / "en" / "draft.json",
    ]
    for path in mine:
        path.write_text("mine", encoding="utf-8")
    before = _snapshot(out)
    _append(content / "topic.md", "\nA sentence added to change the page.\n")
    code, err = _build(content, out, capsys)
    assert code == 1 and "Traceback" not in err
    assert "4 files in" in err and "would be deleted" in err
    for path in mine:
        assert f"{path}: no build wrote this file" in err
    assert _snapshot(out) == before  # nothing was built, nothing deleted
    for path in mine:
        path.unlink()
    # A PDF the build did not write stays, even where the build removes its own.
    (out / "pdf" / "en" / "our-own-leaflet.pdf").write_bytes(b"%PDF-1.7 ours")
    leaflets = content / "leaflets"
    for definition in sorted(leaflets.glob("*.toml"))[1:]:
        definition.unlink()
    assert _build(content, out, capsys)[0] == 0
    assert (out / "pdf" / "en" / "our-own-leaflet.pdf").read_bytes() == b"%PDF-1.7 ours"
    printed = {Path(k).name for k in before if k.startswith("pdf/")}
    kept = {p.name for p in (out / "pdf" / "en").glob("*.pdf")} - {"our-own-leaflet.pdf"}
    assert kept and kept < printed  # the PDFs of the leaflets taken away went with them
    _assert_consistent(out)


_KILLED_WHILE_SWAPPING = """
import os, sys
import liberation_content.files as files
from liberation_content.cli import main

swap, count = files._swap, []
def killed_after_one(staging, final):
    swap(staging, final)
    count.append(final)
    if len(count) == int(sys.argv[3]):
        os._exit(137)  # as kill -9 would: nothing runs after this
files._swap = killed_after_one
main(["build", "json", "--content", sys.argv[1], "--out", sys.argv[2], "--today", "{today}"])
"""


@pytest.mark.parametrize("swapped", [1, 3])
def test_a_build_killed_while_swapping_in_is_finished_by_the_next(
    content: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str], swapped: int
) -> None:
    out = tmp_path / "out"
    assert _build(content, out, capsys, "json")[0] == 0
    _append(content / "topic.md", "\nA sentence added to change the page.\n")
    script = tmp_path / "killed.py"
    script.write_text(_KILLED_WHILE_SWAPPING.format(today=FIXTURE_TODAY), encoding="utf-8")
    killed = subprocess.run(
        [sys.executable, str(script), str(content), str(out), str(swapped)],
        check=False,
        capture_output=True,
        timeout=120,
    )
    assert killed.returncode == 137, killed.stderr.decode()
    assert (out / JOURNAL).is_file()  # half swapped in: the journal says what is left
    code, err = _build(content, out, capsys, "json")
    assert code == 0 and "swapped in, as a build that was stopped began" in err, err
    assert not _leftovers(out)
    _assert_consistent(out)
    assert "A sentence added" in (out / "json" / "en" / "topic.json").read_text(encoding="utf-8")
    code, err = _build(content, out, capsys, "json")
    assert code == 0 and "html and json en" not in err  # the record was swapped in too


def test_what_an_interrupted_build_left_is_cleared(
    content: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "out"
    assert _build(content, out, capsys, "json")[0] == 0
    left = [
        out / "html" / ".en.staging-k2j3",
        out / "json" / ".en.old-4242",
        out / "json" / ".index.json.4242-7.partial",
        out / "html" / "api" / ".v1.staging-x",
    ]
    for path in left:
        if path.name.endswith(".partial"):
            path.write_bytes(b"\0" * 4096)
        else:
            (path / "deep").mkdir(parents=True)
    assert _build(content, out, capsys, "json")[0] == 0
    assert not any(path.exists() for path in left)
    assert not _leftovers(out)


def test_a_full_disk_is_named_and_the_previous_outputs_kept(
    content: Path,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Simulated, on every machine: the disk fills just as the new outputs are swapped in."""
    from liberation_content.build import site  # noqa: PLC0415

    out = tmp_path / "out"
    assert _build(content, out, capsys, "json")[0] == 0
    before = _snapshot(out)
    _append(content / "topic.md", "\nA sentence added to change the page.\n")

    def full(out_folder: Path, moves: object) -> None:
        raise OSError(errno.ENOSPC, "No space left on device", str(out_folder / JOURNAL))

    monkeypatch.setattr(site, "commit", full)
    code, err = _build(content, out, capsys, "json")
    assert code == 1 and "Traceback" not in err
    assert f"the disk that holds {out} is full" in err and "a build needs about" in err
    assert "the previous outputs were kept" in err
    assert _snapshot(out) == before
    assert not _leftovers(out)


_SMALL_DISK = r"""
set -e
mount -t tmpfs -o size=24m tmpfs "$OUT_DISK"
"$PYTHON" - <<'EOF'
import hashlib, json, os, sys
from pathlib import Path
from liberation_content.cli import main

disk, content = Path(os.environ["OUT_DISK"]), os.environ["CONTENT"]
out = disk / "out"
command = ["build", "json", "--content", content, "--out", str(out), "--today", "2026-06-01"]
def snapshot():
    return {str(p): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(out.rglob("*")) if p.is_file() and ".cache" not in p.parts}
first = main(command)
before = snapshot()
free = os.statvfs(disk).f_bavail * os.statvfs(disk).f_frsize
with open(disk / "filler", "wb") as filler:  # leave 64 KB
    filler.write(b"\0" * (free - 65536))
with open(Path(content) / "topic.md", "a", encoding="utf-8") as page:
    page.write("\nA sentence added to change the page.\n")
full = main(command)
after_full = snapshot()
leftovers = [str(p) for p in out.rglob("*") if ".staging-" in p.name or p.name.endswith(".partial")]
os.remove(disk / "filler")
os.system(f"mount -o remount,ro {disk}")
read_only = main(command)
after_read_only = snapshot()
print(json.dumps({"first": first, "full": full, "read_only": read_only,
                  "kept": before == after_full == after_read_only, "leftovers": leftovers}))
EOF
"""


def test_a_real_full_or_read_only_disk(content: Path, tmp_path: Path) -> None:
    """A small disk of its own (a tmpfs in a private mount namespace), where the machine
    allows one: filled, then made read-only."""
    unshare = shutil.which("unshare")
    if not unshare:
        pytest.skip("no unshare here to make a small disk")
    disk = tmp_path / "disk"
    disk.mkdir()
    environment = {
        **os.environ,
        "OUT_DISK": str(disk),
        "CONTENT": str(content),
        "PYTHON": sys.executable,
    }
    done = subprocess.run(
        [unshare, "--user", "--map-root-user", "--mount", "sh", "-c", _SMALL_DISK],
        check=False,
        capture_output=True,
        text=True,
        env=environment,
        timeout=300,
    )
    if "mount" in done.stderr and done.returncode != 0 and "{" not in done.stdout:
        pytest.skip(f"this machine allows no small disk: {done.stderr.strip()[:200]}")
    result = json.loads(done.stdout.strip().splitlines()[-1])
    assert result == {"first": 0, "full": 1, "read_only": 1, "kept": True, "leftovers": []}
    assert "is full:" in done.stderr and "a build needs about" in done.stderr
    assert "is on a read-only disk" in done.stderr
    assert "Traceback" not in done.stderr, done.stderr


def test_a_swap_that_fails_half_way_is_finished_by_the_next_build(
    content: Path,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A rename the file system refuses in the middle of the swap: the build says so, keeps
    what is still to swap in, and the next build finishes it."""
    from liberation_content import files  # noqa: PLC0415

    out = tmp_path / "out"
    assert _build(content, out, capsys, "json")[0] == 0
    _append(content / "topic.md", "\nA sentence added to change the page.\n")
    swap, done = files._swap, []

    def refused_second(staging: Path | None, final: Path) -> None:
        if len(done) == 1:
            raise OSError(errno.EBUSY, "Device or resource busy", str(final))
        done.append(final)
        swap(staging, final)

    monkeypatch.setattr(files, "_swap", refused_second)
    code, err = _build(content, out, capsys, "json")
    assert code == 1 and "only partly swapped in" in err and "Build again" in err, err
    assert "Traceback" not in err and (out / JOURNAL).is_file()
    monkeypatch.setattr(files, "_swap", swap)
    code, err = _build(content, out, capsys, "json")
    assert code == 0 and "swapped in, as a build that was stopped began" in err
    _assert_consistent(out)
    assert "A sentence added" in (out / "json" / "en" / "topic.json").read_text(encoding="utf-8")


def test_a_preview_inside_the_output_folder_is_not_someone_elses_file(
    content: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from liberation_content.build import BuildOptions  # noqa: PLC0415
    from liberation_content.build.preview import Preview  # noqa: PLC0415

    out = tmp_path / "out"
    Preview(BuildOptions(out=out, content=content, today=FIXTURE_TODAY)).build()
    assert (out / "preview").is_dir()
    code, err = _build(content, out, capsys, "json")
    assert code == 0, err


def test_an_output_folder_recorded_before_files_were_recorded_is_taken_as_it_is(
    content: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "out"
    assert _build(content, out, capsys, "json")[0] == 0
    record = out / ".liberation-build.json"
    older = json.loads(record.read_bytes())
    del older["files"]
    record.write_text(json.dumps(older), encoding="utf-8")
    _append(content / "topic.md", "\nA sentence added to change the page.\n")
    assert _build(content, out, capsys, "json")[0] == 0
    assert "files" in json.loads(record.read_bytes())
    _append(content / "topic.md", "\nAnother sentence.\n")
    code, err = _build(content, out, capsys, "json")
    assert code == 0, err  # what an older build wrote is the build's own, not foreign
    (out / "html" / "en" / "notes.txt").write_text("mine", encoding="utf-8")
    assert _build(content, out, capsys, "json")[0] == 1  # and files added later are not


def test_file_system_messages_say_only_what_is_known() -> None:
    from liberation_content.files import output_error  # noqa: PLC0415

    read = str(output_error(PermissionError(errno.EACCES, "Permission denied", "/etc/shadow")))
    assert read.startswith("/etc/shadow: permission denied") and "write" not in read
    full = str(output_error(OSError(errno.ENOSPC, "No space left on device", "leaflet.pdf")))
    assert "is full" in full and "needs about" not in full and "previous outputs" not in full
