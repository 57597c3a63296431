"""What a long build is doing: a progress bar on a terminal, plain lines in a log (CI)."""

from __future__ import annotations

import sys
import time
from typing import TextIO

__all__ = ["Progress"]

_WIDTH = 24


class Progress:
    """Counts finished steps out of ``total`` and says what each one was.

    On a terminal it redraws one line: a bar, the count and the step. Elsewhere (a CI
    log, a file) it prints one plain line per finished step, with the time it took so far.
    """

    def __init__(self, total: int, stream: TextIO | None = None, *, quiet: bool = False) -> None:
        self.total = max(total, 0)
        self.done = 0
        self.stream = stream if stream is not None else sys.stderr
        self.quiet = quiet
        self.tty = bool(getattr(self.stream, "isatty", lambda: False)())
        self.start = time.perf_counter()

    def add(self, steps: int) -> None:
        """More work was found to do."""
        self.total += steps

    def step(self, what: str) -> None:
        """One step finished: ``what`` names it, such as ``pdf fr leaflet-home-a5.pdf``."""
        self.done += 1
        if self.quiet:
            return
        elapsed = time.perf_counter() - self.start
        if self.tty:
            filled = round(_WIDTH * self.done / self.total) if self.total else _WIDTH
            bar = "#" * filled + "-" * (_WIDTH - filled)
            line = f"[{bar}] {self.done}/{self.total} {what}"
            self.stream.write("\r\033[K" + line[:110])
            if self.done >= self.total:
                self.stream.write("\n")
        else:
            self.stream.write(f"[{self.done}/{self.total}] {what} ({elapsed:.1f} s)\n")
        self.stream.flush()

    def note(self, message: str) -> None:
        """A message that must not be drawn over by the bar."""
        if self.tty and 0 < self.done < self.total:
            self.stream.write("\r\033[K")
        self.stream.write(message + "\n")
        self.stream.flush()
