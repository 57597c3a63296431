"""The bibliography: ``content/references.toml``, validated, and formatted for readers."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from liberation_content.errors import LiberationError, Problem, did_you_mean
from liberation_content.files import read_toml, toml_key_line

__all__ = ["Reference", "load_references"]

_KINDS = ("article", "regulator", "coverage", "review", "guideline")
_REQUIRED = ("kind", "authors", "title", "container", "year", "checked")
#: The optional fields, kept as text.
_TEXT_FIELDS = ("volume", "issue", "pages", "date", "doi", "pmid", "url", "archived", "checked")
_FIELDS = {*_REQUIRED, *_TEXT_FIELDS}


@dataclass(frozen=True)
class Reference:
    """One verified source that content can cite."""

    key: str
    kind: str
    authors: tuple[str, ...]
    title: str
    container: str
    year: int
    volume: str = ""
    issue: str = ""
    pages: str = ""
    date: str = ""
    doi: str = ""
    pmid: str = ""
    url: str = ""
    #: An archived copy of ``url``, for a page its publisher may move or take down.
    archived: str = ""
    checked: str = ""

    @property
    def link(self) -> str:
        """The address a reader can open: the DOI, else PubMed, else the archived copy of
        the given URL (a page that may move or go), else the URL itself."""
        if self.doi:
            return f"https://doi.org/{self.doi}"
        if self.pmid:
            return f"https://pubmed.ncbi.nlm.nih.gov/{self.pmid}/"
        return self.archived or self.url

    def citation(self, authors_shown: int = 0) -> str:
        """The reference in a compact Vancouver-like style, as plain text (a work whose
        authors are not known starts with its title). With ``authors_shown``, a longer
        list of people is cut to that many and "et al." (a group author is kept)."""
        names = list(self.authors)
        people = [a for a in names if a != "et al." and _is_person(a)]
        if authors_shown and len(people) > authors_shown:
            groups = [a for a in names if a not in people and a != "et al."]
            names = [*people[:authors_shown], "et al.", *groups]
        authors = ", ".join(names).replace("et al., ", "et al.; ")
        where = self.container
        if self.volume:
            where += f" {self.year};{self.volume}"
            if self.issue:
                where += f"({self.issue})"
            if self.pages:
                where += f":{self.pages}"
        elif self.issue and self.pages:
            where += f" {self.year};({self.issue}):{self.pages}"
        elif self.date:
            where += f", {self.date}"
        else:
            where += f", {self.year}"
        return " ".join(_sentence(part) for part in (authors, self.title, where) if part)

    @property
    def author_year(self) -> str:
        """The source as a reader names it in a sentence: the first author's surname (or
        the group's name, or for a work without authors its journal) and the year, such
        as "Zamboni 2009"."""
        first = next((a for a in self.authors if a != "et al."), "")
        if _is_person(first):
            name = first.rsplit(" ", 1)[0]
        else:
            name = first.split(", ")[0] or self.container
        return f"{name} {self.year}"

    def as_json(self) -> dict[str, object]:
        return {
            "key": self.key,
            "kind": self.kind,
            "citation": self.citation(),
            "url": self.link,
            "year": self.year,
            **({"doi": self.doi} if self.doi else {}),
            **({"pmid": self.pmid} if self.pmid else {}),
            **({"original_url": self.url} if self.archived else {}),
        }


def _is_person(name: str) -> bool:
    """Whether an author is a person written "Surname Initials" (not a group)."""
    return " " in name and name.rsplit(maxsplit=1)[-1].isupper()


def _sentence(part: str) -> str:
    """A part of a reference ended with one full stop: a part that already ends with one
    ("et al.", "Inc."), or with a question or exclamation mark, gets no second."""
    part = part.rstrip()
    return part if part.endswith((".", "?", "!")) else part + "."


def _problems(path: Path, key: str, entry: object, line: int | None) -> list[Problem]:
    """What is wrong with one entry of the bibliography, if anything."""
    if not isinstance(entry, dict):
        return [Problem(path, f"'{key}' must be a [table] of fields", line, "references")]
    found = []
    for name in sorted(set(entry) - _FIELDS):
        hint = did_you_mean(name, _FIELDS)
        found.append(
            Problem(path, f"[{key}] has an unknown field '{name}'.{hint}", line, "references")
        )
    missing = [name for name in _REQUIRED if name not in entry]
    if missing:
        found.append(Problem(path, f"[{key}] is missing {', '.join(missing)}", line, "references"))
    if entry.get("kind") not in _KINDS:
        message = f"[{key}] kind must be one of {', '.join(_KINDS)}"
        found.append(Problem(path, message, line, "references"))
    if not any(entry.get(name) for name in ("doi", "pmid", "url")):
        message = f"[{key}] needs a doi, pmid or url so readers can find it"
        found.append(Problem(path, message, line, "references"))
    return found


def load_references(path: Path) -> dict[str, Reference]:
    """Read and validate the bibliography; raise one error that lists every problem."""
    text, data = read_toml(path, "references")
    problems: list[Problem] = []
    refs: dict[str, Reference] = {}
    for key, entry in data.items():
        found = _problems(path, key, entry, toml_key_line(text, key))
        problems.extend(found)
        if found or problems:
            continue
        refs[key] = Reference(
            key=key,
            kind=entry["kind"],
            authors=tuple(entry["authors"]),
            title=entry["title"],
            container=entry["container"],
            year=int(entry["year"]),
            **{name: str(entry[name]) for name in _TEXT_FIELDS if name in entry},
        )
    if problems:
        raise LiberationError(f"{path}: fix the references above.", tuple(problems))
    return refs
