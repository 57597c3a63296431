"""What every product's build is handed: the options, the languages, the record of what was
built before, and the progress display."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from .fingerprints import BuildState
from .options import BuildOptions
from .progress import Progress

__all__ = ["BuildRun"]


@dataclass
class BuildRun:
    """One run of the build, shared by the products it builds in turn."""

    options: BuildOptions
    #: The languages to build, in order.
    languages: tuple[str, ...]
    #: Every language of the content (each page links to all of them).
    known: tuple[str, ...]
    state: BuildState
    progress: Progress
    #: Work a later product asks to have done early, while this process would otherwise
    #: wait for workers (loading the PDF printer while the sites build): see :meth:`idle`.
    preparations: list[Callable[[], object]] = field(default_factory=list)

    def idle(self) -> None:
        """Run the preparations asked for so far (each once): called by a product while
        its worker processes work and this one waits."""
        while self.preparations:
            self.preparations.pop(0)()
