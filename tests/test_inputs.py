"""Every file a person gives the build is read with care: a file that cannot be read, or a
leaflet definition with a mistake, is named with its line, and nothing is built."""

from __future__ import annotations

from pathlib import Path

import pytest
from helpers import BuildSite, edit

from liberation_content.cli import main
from liberation_content.errors import LiberationError
from liberation_content.pdf import load_brand


def _messages(build_site: BuildSite, content: Path) -> list[str]:
    with pytest.raises(LiberationError) as failure:
        build_site(content)
    return [str(p) for p in failure.value.problems] + [failure.value.args[0]]


@pytest.mark.parametrize(
    ("name", "line"),
    [("topic.md", 20), ("references.toml", 2), ("leaflets/leaflet.toml", 3)],
)
def test_a_file_that_is_not_utf8_is_named_with_its_line(
    content: Path, build_site: BuildSite, name: str, line: int
) -> None:
    path = content / name
    lines = path.read_bytes().split(b"\n")
    lines[line - 1] += b" caf\xe9"  # Latin-1, as an old editor might save it
    path.write_bytes(b"\n".join(lines))
    messages = _messages(build_site, content)
    assert messages[0] == (
        f"{path}:{line}: this file is not UTF-8 text (byte 0xe9). Save it as UTF-8 "
        "[liberation.encoding]"
    )


def test_a_missing_bibliography_is_named(content: Path, build_site: BuildSite) -> None:
    (content / "references.toml").unlink()
    messages = _messages(build_site, content)
    assert messages[-1].startswith(f"{content / 'references.toml'}: no bibliography here")


@pytest.mark.parametrize(
    ("old", "new", "line", "expected"),
    [
        ('layout = "leaflet"', 'layout = "leaflet', 1, "not valid TOML"),
        ('layout = "leaflet"', 'layout = "poster"', 1, "'layout' must be one of"),
        ('description = "A short', 'colour = "red"\ndescription = "A short', 3, "unknown key"),
    ],
)
def test_leaflet_definition_mistakes_name_the_file_and_line(
    content: Path, build_site: BuildSite, old: str, new: str, line: int, expected: str
) -> None:
    definition = content / "leaflets" / "leaflet.toml"
    edit(definition, old, new)
    messages = _messages(build_site, content)
    assert any(m.startswith(f"{definition}:{line}: {expected}") for m in messages), messages
    assert not any(".rst" in m for m in messages), messages


def test_the_translators_extract_names_an_unreadable_page(
    content: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    page = content / "topic.md"
    page.write_bytes(page.read_bytes().replace(b"Ask these.", b"Ask th\xe9se."))
    assert main(["i18n", "extract", "--content", str(content)]) == 1
    err = capsys.readouterr().err
    assert f"{page}:23: this file is not UTF-8 text" in err and "Traceback" not in err


def test_a_leaflet_is_never_written_where_it_cannot_go(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["leaflet", "-o", str(tmp_path / "missing" / "x.pdf")]) == 1
    assert (
        f"there is no folder {tmp_path / 'missing'} to write x.pdf into" in capsys.readouterr().err
    )
    assert main(["leaflet", "-o", str(tmp_path)]) == 1
    assert f"{tmp_path} is a folder; give -o a file name" in capsys.readouterr().err
    assert list(tmp_path.iterdir()) == []


def test_a_toml_mistake_is_named_with_its_line_in_every_kind_of_file(
    content: Path, build_site: BuildSite, tmp_path: Path
) -> None:
    references = content / "references.toml"
    edit(references, "[agency2012]", "[agency2012")
    line = references.read_text(encoding="utf-8").splitlines().index("[agency2012") + 1
    assert _messages(build_site, content)[0].startswith(f"{references}:{line}: not valid TOML")
    brand = tmp_path / "brand.toml"
    brand.write_text('name = "A"\nhelpline = 0800\n', encoding="utf-8")
    with pytest.raises(LiberationError) as failure:
        load_brand(brand)
    assert str(failure.value).startswith(f"{brand}:2: not valid TOML")
