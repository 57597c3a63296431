"""The evidence ledger: for every citation in the content, what the source is cited for and
where in the source that is supported.

``content/evidence-ledger.toml`` has one ``[[entry]]`` per cited source per sentence::

    [[entry]]
    page = "evidence"
    key = "comi2013"
    sentence = "The largest study, called CoSMo"
    supports = "Size and setting of the CoSMo study: 1,767 people at 35 centres."
    where = "Abstract, Methods and Results: the number enrolled and evaluated, the centres."

``sentence`` is a few words of the English sentence that carries the citation, enough to
find it. :func:`check_ledger` reports a citation that no entry explains, and an entry whose
sentence no longer cites its source (the text changed: check the source again).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from liberation_content.errors import Problem
from liberation_content.files import read_toml, text_of, toml_array_lines, toml_key_line

from .frontmatter import split_front_matter

__all__ = ["LEDGER_FILE", "Citation", "LedgerEntry", "check_ledger", "citations", "load_ledger"]

LEDGER_FILE = "evidence-ledger.toml"

_CITE = re.compile(r"\{cite(?::[a-z]+)?\}`([^`]*)`")
_FENCE = re.compile(r"^\s*(`{3,}|~{3,})")
# A fence that opens a directive whose body is content, such as ```{urgent} or ```{note}.
_DIRECTIVE = re.compile(r"^\s*(`{3,}|~{3,})\{(?!code|code-block|literalinclude|eval-rst)[a-z-]+\}")
# The end of a sentence: a full stop, question or exclamation mark before a space.
_SENTENCE_END = re.compile(r"[.!?][\"'\u201d\u2019)]*\s")
# A Markdown link, read as its text: the ledger quotes what a reader reads.
_LINK = re.compile(r"\[([^\]]*)\]\([^)\s]*\)")
_FIELDS = ("page", "key", "sentence", "supports", "where")


@dataclass(frozen=True)
class Citation:
    """One ``{cite}`` of one source: the page, the line and the sentence that carries it."""

    page: str
    key: str
    line: int
    sentence: str


@dataclass(frozen=True)
class LedgerEntry:
    page: str
    key: str
    sentence: str
    supports: str
    where: str
    line: int | None

    def explains(self, citation: Citation) -> bool:
        return (
            self.page == citation.page
            and self.key == citation.key
            and _flat(self.sentence) in citation.sentence
        )


def _flat(text: str) -> str:
    return " ".join(text.split())


def _units(text: str) -> Iterator[tuple[int, str]]:
    """The paragraphs and list items of a page's body, each as (first line, flat text),
    outside code fences and labels; a line is kept with its line number."""
    current: list[str] = []
    start = 0
    fence = ""
    boxes: list[str] = []  # the fences of open directives whose body is content
    for number, source_line in enumerate(text.splitlines(), start=1):
        raw = source_line
        opening = _FENCE.match(raw)
        if opening and not fence:
            if _DIRECTIVE.match(raw):  # ```{urgent}: its body is read
                boxes.append(opening.group(1))
            elif boxes and raw.strip() == boxes[-1]:
                boxes.pop()
            else:  # code: skipped to its closing fence
                fence = opening.group(1)
            raw = ""
        elif opening and raw.strip().startswith(fence):
            fence = ""
            continue
        if fence:
            continue
        stripped = raw.strip()
        new_item = bool(re.match(r"^([-*+]|\d+[.)])\s", stripped))
        if not stripped or new_item or stripped.startswith(("#", "(")):
            if current:
                yield start, " ".join(current)
            current = []
        if stripped and not stripped.startswith("#") and not re.match(r"^\(.*\)=$", stripped):
            if not current:
                start = number
            current.append(re.sub(r"^([-*+]|\d+[.)])\s+", "", stripped))
    if current:
        yield start, " ".join(current)


def citations(page: str, text: str) -> list[Citation]:
    """Every citation of every source in a page's MyST text, with its sentence: the text
    from the end of the sentence before up to the citation."""
    found = []
    split = split_front_matter(text)
    offset = split[1] if split is not None else 0
    body = "\n".join(text.splitlines()[offset:])
    for first, raw in _units(body):
        unit = _LINK.sub(r"\1", raw)
        for match in _CITE.finditer(unit):
            before = unit[: match.start()]
            ends = list(_SENTENCE_END.finditer(before))
            sentence = _flat(_CITE.sub("", before[ends[-1].end() if ends else 0 :]))
            line = first + offset + unit[: match.start()].count("\n")
            for key in match.group(1).split(","):
                if key.strip():
                    found.append(Citation(page, key.strip(), line, sentence))
    return found


def load_ledger(path: Path) -> tuple[list[LedgerEntry], list[Problem]]:
    """The entries of a ledger file, and a problem for each malformed one."""
    source, data = read_toml(path, "ledger")
    entries, problems = [], []
    raw = data.get("entry", [])
    lines = toml_array_lines(source, "entry")
    for index, item in enumerate(raw if isinstance(raw, list) else []):
        line = lines[index] if index < len(lines) else toml_key_line(source, "entry")
        missing = [f for f in _FIELDS if not isinstance(item.get(f), str) or not item[f].strip()]
        if missing:
            problems.append(
                Problem(
                    path,
                    f"this entry needs {', '.join(missing)} (text). Say which sentence "
                    "cites the source, what it is cited for and where the source says so",
                    line,
                    "ledger",
                )
            )
            continue
        page, key, sentence, supports, where = (str(item[f]) for f in _FIELDS)
        entries.append(LedgerEntry(page, key, sentence, supports, where, line))
    return entries, problems


def check_ledger(content: Path) -> list[Problem]:
    """A problem for every citation with no ledger entry, and every entry with no citation."""
    path = content / LEDGER_FILE
    entries, problems = load_ledger(path)
    cited: list[tuple[Path, Citation]] = []
    for page in sorted(content.glob("*.md")):
        cited += [(page, c) for c in citations(page.stem, text_of(page, "ledger"))]
    for page, citation in cited:
        if not any(entry.explains(citation) for entry in entries):
            problems.append(
                Problem(
                    page,
                    f"the citation of '{citation.key}' in \u201c{citation.sentence}\u201d has "
                    f"no entry in {LEDGER_FILE}. Add one: what the source is cited for, and "
                    "where in it that is supported",
                    citation.line,
                    "ledger",
                )
            )
    for entry in entries:
        if not any(entry.explains(c) for _, c in cited):
            problems.append(
                Problem(
                    path,
                    f"no sentence on the page '{entry.page}' that cites '{entry.key}' "
                    f"contains \u201c{entry.sentence}\u201d any more. Check the new sentence "
                    "against the source, then update this entry",
                    entry.line,
                    "ledger",
                )
            )
    return problems
