"""The leaflet fonts: PyPI packages, so a leaflet looks the same on every machine, and a
character none of them has fails the build instead of printing a box."""

from __future__ import annotations

import functools
import io
from dataclasses import dataclass
from pathlib import Path

from liberation_content.errors import LiberationError

__all__ = ["FONT_FACES", "check_families", "embedded_fonts", "font_face_css", "font_files"]


@dataclass(frozen=True)
class Face:
    """One face the leaflets may use: its CSS family, weight and style, and its file."""

    family: str
    weight: str
    style: str
    file: str
    #: For a variable font, the weight it is fixed at (a static instance is printed).
    wght: int | None = None

    @property
    def name(self) -> str:
        """The name it is served under: the file's, or the static instance's."""
        stem = self.file.removesuffix(".ttf").split("[")[0]
        return self.file if self.wght is None else f"{stem}-{self.wght}.ttf"


#: Every face the leaflets may use.
FONT_FACES = (
    Face("Atkinson Hyperlegible", "normal", "normal", "AtkinsonHyperlegible-Regular.ttf"),
    Face("Atkinson Hyperlegible", "bold", "normal", "AtkinsonHyperlegible-Bold.ttf"),
    Face("Atkinson Hyperlegible", "normal", "italic", "AtkinsonHyperlegible-Italic.ttf"),
    Face("Atkinson Hyperlegible", "bold", "italic", "AtkinsonHyperlegible-BoldItalic.ttf"),
    Face("Noto Sans", "normal", "normal", "NotoSans[wdth,wght].ttf", 400),
    Face("Noto Sans", "bold", "normal", "NotoSans[wdth,wght].ttf", 700),
    Face("Noto Sans", "normal", "italic", "NotoSans-Italic[wdth,wght].ttf", 400),
    Face("Noto Sans Arabic", "normal", "normal", "NotoSansArabic[wdth,wght].ttf", 400),
    Face("Noto Sans Arabic", "bold", "normal", "NotoSansArabic[wdth,wght].ttf", 700),
)


def _files() -> dict[str, Path]:
    import fontpkg_atkinson_hyperlegible as atkinson  # noqa: PLC0415
    import fontpkg_noto_sans as noto  # noqa: PLC0415
    import fontpkg_noto_sans_arabic as noto_arabic  # noqa: PLC0415

    found: dict[str, Path] = {}
    for package in (atkinson, noto, noto_arabic):
        for path in sorted((Path(package.ROOT) / "files").glob("*.ttf")):
            found[path.name] = path
    return found


def _static_instance(path: Path, wght: int) -> bytes:
    """A variable font fixed at one weight (its other axes at their defaults), made with
    HarfBuzz in milliseconds. WeasyPrint would otherwise fix it while writing every PDF,
    with fontTools, which takes a good part of a second for each Arabic leaflet."""
    import uharfbuzz as hb  # noqa: PLC0415

    face = hb.Face(hb.Blob.from_file_path(str(path)))
    request = hb.SubsetInput()
    request.keep_everything()
    for axis in face.axis_infos:
        if axis.tag == "wght":
            request.pin_axis_location(face, "wght", wght)
        else:
            request.pin_axis_to_default(face, axis.tag)
    return bytes(hb.subset(face, request).blob.data)


@functools.cache
def font_files() -> dict[str, bytes]:
    """The bytes of every face, by the name it is served under (read once per process)."""
    files = _files()
    return {
        face.name: (
            files[face.file].read_bytes()
            if face.wght is None
            else _static_instance(files[face.file], face.wght)
        )
        for face in FONT_FACES
    }


def font_face_css(base: str) -> str:
    """``@font-face`` rules for every face, each read from ``base`` + its name."""
    return "\n".join(
        f'@font-face {{ font-family: "{face.family}"; font-weight: {face.weight}; '
        f"font-style: {face.style}; src: url({base}{face.name}); }}"
        for face in FONT_FACES
    )


def embedded_fonts(pdf: bytes) -> set[str]:
    """The base names of every font the PDF's pages use, without subset prefixes."""
    from pypdf import PdfReader  # noqa: PLC0415

    names = set()
    for page in PdfReader(io.BytesIO(pdf)).pages:
        fonts = page.get("/Resources", {}).get("/Font", {})
        for ref in fonts.values():
            names.add(str(ref.get_object()["/BaseFont"]).lstrip("/").split("+")[-1])
    return names


def check_families(families: set[str], what: str) -> None:
    """Fail if any text of ``what`` was set in a font that is not one of the package's own."""
    others = sorted(families - {face.family for face in FONT_FACES})
    if others:
        msg = (
            f"{what}: some text needed a font that is not part of the package "
            f"({', '.join(others)}): a character is missing from the leaflet fonts. "
            "Remove the character or add a font"
        )
        raise LiberationError(msg)
