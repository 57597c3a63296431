"""Content versions: each page's ``version``, and the version of the content as a whole,
which leaflets print and the manifest carries. Both change whenever the text changes.

``content/release.toml`` records the content version and, for every page, the version and
a digest of the text it was released with::

    version = "2.0"

    [pages.evidence]
    version = "2.0"
    sha256 = "..."

:func:`check_release` reports a page whose text changed while its version did not, or
whose new version is not recorded yet; :func:`record_release` writes the record for a new
content version once the pages' versions (and ``CHANGELOG.md``) say what changed.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from pathlib import Path

from liberation_content.errors import LiberationError, Problem
from liberation_content.files import atomic_write, read_toml, text_of

from .frontmatter import split_front_matter

__all__ = [
    "RELEASE_FILE",
    "Release",
    "check_release",
    "load_release",
    "page_digest",
    "record_release",
]

RELEASE_FILE = "release.toml"
_VERSION = re.compile(r"^\d+\.\d+(?:\.\d+)?$")
# Front matter lines that record a review, not the text: changing them is not a new version.
_REVIEW_KEYS = re.compile(
    r"^(version|last_reviewed|next_review_due|review_status|reviewed_by):.*$", re.MULTILINE
)


@dataclass(frozen=True)
class Release:
    version: str
    #: page ID -> (version, sha256 of its text)
    pages: dict[str, tuple[str, str]]


def page_digest(text: str) -> str:
    """A digest of what a page says: its text and front matter, but not its review record."""
    split = split_front_matter(text)
    if split is not None:
        lines = text.splitlines()
        head = _REVIEW_KEYS.sub("", "\n".join(lines[: split[1]]))
        text = head + "\n" + "\n".join(lines[split[1] :])
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def _page_version(text: str) -> str:
    """The ``version`` of a page's front matter ('' when it has none, or it is broken:
    the build reports that)."""
    import yaml  # noqa: PLC0415

    split = split_front_matter(text)
    try:
        values = yaml.safe_load(split[0]) if split is not None else None
    except yaml.YAMLError:
        return ""
    return str(values.get("version", "")) if isinstance(values, dict) else ""


def load_release(content: Path) -> Release | None:
    """The recorded release, or None when the content has none yet."""
    path = content / RELEASE_FILE
    if not path.is_file():
        return None
    _, data = read_toml(path, "release")
    version = data.get("version")
    pages = data.get("pages", {})
    if not isinstance(version, str) or not _VERSION.match(version) or not isinstance(pages, dict):
        raise LiberationError(
            f"{path}: needs 'version = \"X.Y\"' and a [pages] table. Write it with "
            "'liberation-content release --record X.Y'",
            (Problem(path, "'version' must be like \"2.0\"", 1, "release"),),
        )
    return Release(
        version,
        {
            str(page): (str(entry.get("version", "")), str(entry.get("sha256", "")))
            for page, entry in pages.items()
            if isinstance(entry, dict)
        },
    )


def _pages(content: Path) -> dict[str, Path]:
    return {path.stem: path for path in sorted(content.glob("*.md"))}


def check_release(content: Path) -> list[Problem]:
    """A problem for every page whose text or version differs from the recorded release."""
    path = content / RELEASE_FILE
    release = load_release(content)
    if release is None:
        return [Problem(path, "there is no release record yet", None, "release")]
    found = []
    for page, page_path in _pages(content).items():
        text = text_of(page_path, "release")
        version, digest = _page_version(text), page_digest(text)
        recorded = release.pages.get(page)
        if recorded is None:
            found.append(Problem(page_path, "this page is not in the release record", 1, "release"))
        elif digest != recorded[1] and version == recorded[0]:
            found.append(
                Problem(
                    page_path,
                    f"the text changed since version {version} was released. Raise "
                    "'version' in the front matter and say what changed in CHANGELOG.md",
                    1,
                    "release",
                )
            )
        elif (version, digest) != recorded:
            found.append(
                Problem(
                    page_path,
                    f"version {version} is not released yet (the record has "
                    f"{recorded[0]}). Record a new content version",
                    1,
                    "release",
                )
            )
    for page in sorted(set(release.pages) - set(_pages(content))):
        found.append(Problem(path, f"records the page '{page}', which is gone", None, "release"))
    return found


def record_release(content: Path, version: str) -> Path:
    """Record every page's version and text as content version ``version``."""
    if not _VERSION.match(version):
        raise LiberationError(f"'{version}' is not a version: write it like 2.1")
    old = load_release(content)
    if old is not None and old.version == version:
        raise LiberationError(
            f"content version {version} is already recorded: give the next version"
        )
    lines = [
        "# The content's released version, and each page's version and text digest.",
        "# Written by 'liberation-content release --record X.Y'; do not edit by hand.",
        f'version = "{version}"',
        "",
    ]
    for page, page_path in _pages(content).items():
        text = text_of(page_path, "release")
        lines += [
            f"[pages.{page}]",
            f'version = "{_page_version(text)}"',
            f'sha256 = "{page_digest(text)}"',
            "",
        ]
    target = content / RELEASE_FILE
    atomic_write(target, "\n".join(lines).encode("utf-8"))
    return target
