"""Run one function over many jobs: in worker processes, one per core, or in this process
when there is a single job or a single core."""

from __future__ import annotations

import functools
import os
from collections.abc import Callable, Iterator, Sequence
from typing import TypeVar

__all__ = ["run_each"]

Job = TypeVar("Job")
Result = TypeVar("Result")


def run_each(
    function: Callable[[Job], Result], jobs: Sequence[Job]
) -> Iterator[tuple[Job, Callable[[], Result]]]:
    """Yield each job, as it finishes, with a callable that returns its result or raises
    its exception, so the caller decides what one failure means for the others.

    ``function`` and the jobs must be picklable (module-level functions, partials of them).
    Workers are forked from this process, so anything loaded before (fonts, say) is shared.
    """
    from concurrent.futures import ProcessPoolExecutor, as_completed  # noqa: PLC0415

    workers = min(len(jobs), os.cpu_count() or 1)
    if workers <= 1:
        for job in jobs:
            yield job, functools.partial(function, job)
        return
    with ProcessPoolExecutor(max_workers=workers) as pool:
        futures = {pool.submit(function, job): job for job in jobs}
        for future in as_completed(futures):
            yield futures[future], future.result
