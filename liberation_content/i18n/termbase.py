"""A termbase per language: the words every translation must use for the terms that matter
(the regulator's name, "spinal cord", the name of the procedure), and the forms it must not.

``content/locales/<lang>/termbase.toml``::

    [[term]]
    en = "spinal cord"             # English, matched as a whole word (or its plural)
    use = ["moelle épinière"]      # one of these must appear in the translation
    avoid = ["cordon médullaire"]  # none of these may appear in any translation
    note = "One term everywhere."

``i18n check`` reports each translation that breaks a term, at its line in the PO file.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from liberation_content.errors import Problem
from liberation_content.files import read_toml, toml_array_lines, toml_key_line

__all__ = ["TERMBASE_FILE", "Term", "check_term", "load_termbase"]

TERMBASE_FILE = "termbase.toml"


@dataclass(frozen=True)
class Term:
    en: str
    use: tuple[str, ...]
    avoid: tuple[str, ...]
    note: str
    line: int | None

    def in_english(self, text: str) -> bool:
        pattern = rf"(?<![\w-]){re.escape(self.en)}(?:e?s)?(?!\w)"
        return re.search(pattern, text, re.IGNORECASE) is not None


def _strings(value: object) -> tuple[str, ...] | None:
    if isinstance(value, str):
        return (value,)
    if isinstance(value, list) and all(isinstance(v, str) and v.strip() for v in value):
        return tuple(value)
    return None


def load_termbase(content: Path, lang: str) -> tuple[list[Term], list[Problem]]:
    """The terms of a language (none when it has no termbase), and a problem for each
    entry that cannot be used."""
    path = content / "locales" / lang / TERMBASE_FILE
    if not path.is_file():
        return [], []
    text, data = read_toml(path, "termbase")
    entries = data.get("term", [])
    lines = toml_array_lines(text, "term")
    terms, problems = [], []
    for index, entry in enumerate(entries if isinstance(entries, list) else []):
        line = lines[index] if index < len(lines) else toml_key_line(text, "term")
        en = entry.get("en") if isinstance(entry, dict) else None
        use = _strings(entry.get("use")) if isinstance(entry, dict) else None
        avoid = _strings(entry.get("avoid", [])) if isinstance(entry, dict) else None
        if not isinstance(en, str) or not en.strip() or use is None or avoid is None:
            problems.append(
                Problem(
                    path,
                    "each [[term]] needs 'en' (the English term) and 'use' (a list of the "
                    "accepted translations); 'avoid' is a list of forms never to use",
                    line,
                    "termbase",
                )
            )
            continue
        terms.append(Term(en.strip(), use, avoid or (), str(entry.get("note", "")), line))
    return terms, problems


def check_term(term: Term, msgid: str, msgstr: str) -> str:
    """What is wrong with one translation for one term, or ''."""
    folded = msgstr.casefold()
    for form in term.avoid:
        if form.casefold() in folded:
            return (
                f"the termbase says not to write \u201c{form}\u201d; use "
                f"\u201c{term.use[0]}\u201d for \u201c{term.en}\u201d"
            )
    if term.in_english(msgid) and not any(form.casefold() in folded for form in term.use):
        accepted = " or ".join(f"\u201c{form}\u201d" for form in term.use)
        return (
            f"the English says \u201c{term.en}\u201d: the termbase asks for {accepted} in "
            "the translation (add a new form to the termbase if it is right)"
        )
    return ""
