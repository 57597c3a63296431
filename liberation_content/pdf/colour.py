"""Colour for press: sRGB through the output-intent profile (littleCMS), text and rules in
near-black on the black plate alone, a brand's own CMYK and spot inks, pictures included.

:func:`convert_colours_quickly` and :func:`convert_colours` turn a content stream's RGB
operators into CMYK (or a spot ink, as a Separation colour space with the brand's CMYK as
its alternate); :func:`convert_image` turns an RGB picture into CMYK pixels.
"""

from __future__ import annotations

import functools
import hashlib
import io
import re
import zlib
from typing import Any, NamedTuple

from liberation_content.resources import templates_dir

__all__ = [
    "PROFILE_FILE",
    "PROFILE_NAME",
    "TOTAL_INK",
    "Ink",
    "Overrides",
    "cmyk",
    "convert_colours",
    "convert_colours_quickly",
    "convert_image",
    "profile_bytes",
    "separation",
    "spot_resource",
]

#: The output intent: a freely licensed profile for offset printing on coated paper
#: (its licence ships beside it in templates/print/).
PROFILE_FILE = "ISOcoated_v2_300_bas.icc"
PROFILE_NAME = "ISO Coated v2 300% (basICColor)"


#: Colours this close to grey are printed on the black plate alone, and this dark a grey
#: as solid black, so that text and rules print sharp, without a dot screen.
_NEUTRAL = 0.02
_SOLID_BLACK = 0.2
#: The most ink a press sheet takes: the profile's own limit, 300 %.
TOTAL_INK = 3.0


@functools.cache
def _transform() -> Any:
    """sRGB to the press profile, through littleCMS (relative colorimetric, with black
    point compensation), made once per process."""
    from PIL import ImageCms  # noqa: PLC0415

    press = ImageCms.ImageCmsProfile(io.BytesIO(profile_bytes()))
    return ImageCms.buildTransform(
        ImageCms.createProfile("sRGB"),
        press,
        "RGB",
        "CMYK",
        renderingIntent=ImageCms.Intent.RELATIVE_COLORIMETRIC,
        flags=ImageCms.Flags.BLACKPOINTCOMPENSATION,
    )


@functools.cache
def cmyk(red: float, green: float, blue: float) -> tuple[float, float, float, float]:
    """An sRGB colour (0-1) as the press prints it: through the output-intent profile,
    except greys, which go to the black plate only (and dark greys to solid black)."""
    if max(red, green, blue) - min(red, green, blue) <= _NEUTRAL:
        grey = (red + green + blue) / 3
        return 0.0, 0.0, 0.0, 1.0 if grey <= _SOLID_BLACK else round(1 - grey, 4)
    from PIL import Image, ImageCms  # noqa: PLC0415

    pixel = Image.new("RGB", (1, 1), tuple(round(c * 255) for c in (red, green, blue)))
    converted: Any = ImageCms.applyTransform(pixel, _transform())
    values = [v / 255 for v in converted.getpixel((0, 0))]
    if sum(values) > TOTAL_INK:  # (the profile keeps to it; this is a guard)
        scale = (TOTAL_INK - values[3]) / sum(values[:3])
        values = [*(v * scale for v in values[:3]), values[3]]
    cyan, magenta, yellow, black = (round(v, 4) for v in values)
    return cyan, magenta, yellow, black


class Ink(NamedTuple):
    """A brand's own ink for one of its colours: CMYK (0-1) and, for a spot colour, the
    ink's name (the CMYK is then its appearance for proofs and screens)."""

    cmyk: tuple[float, float, float, float]
    spot: str = ""


#: A brand's own inks for some of its colours: sRGB as 0-255 integers -> its ink.
Overrides = dict[tuple[int, int, int], Ink]


def _ink(values: list[float], overrides: Overrides | None) -> Ink:
    """A colour as the press prints it: the brand's own ink for it, if given."""
    chosen = (overrides or {}).get(tuple(round(v * 255) for v in values))  # type: ignore[arg-type]
    return chosen if chosen is not None else Ink(cmyk(*values))


def spot_resource(name: str) -> str:
    """The resource name a page's content uses for the spot ink ``name``."""
    return "/Spot" + hashlib.sha256(name.encode()).hexdigest()[:8]


def _operation(values: list[float], overrides: Overrides | None, fill: bool) -> list[Any]:
    """The (operands, operator) pairs that set an RGB colour as the press prints it."""
    import pikepdf  # noqa: PLC0415

    ink = _ink(values, overrides)
    if ink.spot:
        space = pikepdf.Name(spot_resource(ink.spot))
        if fill:
            return [([space], pikepdf.Operator("cs")), ([1], pikepdf.Operator("scn"))]
        return [([space], pikepdf.Operator("CS")), ([1], pikepdf.Operator("SCN"))]
    return [(list(ink.cmyk), pikepdf.Operator("k" if fill else "K"))]


def convert_colours(instructions: list[Any], overrides: Overrides | None = None) -> list[Any]:
    """Each RGB colour operator as its CMYK (or spot) equivalent; everything else unchanged."""
    import pikepdf  # noqa: PLC0415

    converted = []
    spaces = {"fill": "", "stroke": ""}
    for original, operator in instructions:
        operands = original
        name = str(operator)
        if name in ("rg", "RG"):
            converted.extend(_operation([float(v) for v in operands], overrides, name == "rg"))
            continue
        if name in ("cs", "CS"):
            spaces["fill" if name == "cs" else "stroke"] = str(operands[0])
            if str(operands[0]) == "/DeviceRGB":
                operands = [pikepdf.Name("/DeviceCMYK")]
        elif name in ("sc", "scn", "SC", "SCN"):
            side = "fill" if name in ("sc", "scn") else "stroke"
            if spaces[side] == "/DeviceRGB" and len(operands) == 3:
                operands = list(_ink([float(v) for v in operands], overrides).cmyk)
        converted.append((operands, operator))
    return converted


_NUMBER = rb"([-+]?(?:\d+\.?\d*|\.\d+))"
#: ``r g b rg`` (fill) or ``r g b RG`` (stroke), as whole tokens.
_RGB_OPERATOR = re.compile(rb"(?<![^\s])" + rb"\s+".join([_NUMBER] * 3) + rb"\s+(rg|RG)(?![^\s])")
#: What only the full parser handles: strings, inline images, colour spaces and comments.
_NEEDS_PARSER = re.compile(rb"[(%]|(?<![^\s])(?:BI|cs|CS|sc|scn|SC|SCN)(?![^\s])")


def _token(value: Any) -> bytes:
    """One operand as content-stream text: a number or a name."""
    if isinstance(value, int | float):
        return f"{value:g}".encode()
    return value.unparse() if hasattr(value, "unparse") else str(value).encode()


def convert_colours_quickly(data: bytes, overrides: Overrides | None = None) -> bytes | None:
    """The content with each ``rg``/``RG`` turned into ``k``/``K``, or None when the
    content holds anything that needs the full parser (WeasyPrint's pages do not)."""
    if _NEEDS_PARSER.search(data):
        return None

    def swap(match: re.Match[bytes]) -> bytes:
        values = [float(match.group(i)) for i in (1, 2, 3)]
        pairs = _operation(values, overrides, match.group(4) == b"rg")
        return b" ".join(
            b" ".join([*(_token(v) for v in operands), str(op).encode()]) for operands, op in pairs
        )

    return _RGB_OPERATOR.sub(swap, data)


def separation(ink: Ink) -> Any:
    """The Separation colour space of a spot ink, with its CMYK as the alternate (how a
    proof or a screen shows it)."""
    import pikepdf  # noqa: PLC0415

    tint = pikepdf.Dictionary(
        FunctionType=2,
        Domain=pikepdf.Array([0, 1]),
        C0=pikepdf.Array([0, 0, 0, 0]),
        C1=pikepdf.Array([round(v, 4) for v in ink.cmyk]),
        N=1,
    )
    return pikepdf.Array(
        [pikepdf.Name.Separation, pikepdf.Name("/" + ink.spot), pikepdf.Name.DeviceCMYK, tint]
    )


def convert_image(image: Any) -> None:
    """An RGB picture (a PNG logo) as CMYK pixels; its transparency mask is kept."""
    import pikepdf  # noqa: PLC0415
    from PIL import ImageCms  # noqa: PLC0415

    picture = pikepdf.PdfImage(image).as_pil_image().convert("RGB")
    pixels: Any = ImageCms.applyTransform(picture, _transform())
    image.write(zlib.compress(pixels.tobytes()), filter=pikepdf.Name.FlateDecode)
    image.ColorSpace = pikepdf.Name.DeviceCMYK
    image.BitsPerComponent = 8
    if "/DecodeParms" in image:
        del image.DecodeParms


def profile_bytes() -> bytes:
    return (templates_dir() / "print" / PROFILE_FILE).read_bytes()
