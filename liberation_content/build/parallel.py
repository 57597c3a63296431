"""Run one function over many jobs: in worker processes, one per core, or in this process
when there is a single job or a single core.

The start method is named, never left to Python's default (which changed in 3.14): on
Linux, workers are forked, so they start at once and share what this process has already
loaded (Sphinx's modules, WeasyPrint, the fonts); elsewhere they are spawned. Either way a
worker is handed what it needs explicitly: the function, its job, and an ``initializer``
with its arguments.
"""

from __future__ import annotations

import functools
import gc
import multiprocessing
import os
import sys
from collections.abc import Callable, Iterator, Sequence
from typing import Any, TypeVar

__all__ = ["START_METHOD", "run_each"]

Job = TypeVar("Job")
Result = TypeVar("Result")

#: How worker processes are started on this platform.
START_METHOD = "fork" if sys.platform.startswith("linux") else "spawn"
#: A worker builds large trees (doctrees, page layouts) that reference counting frees;
#: the cycle collector is run less often than Python's default of every 700 objects,
#: which saves about a tenth of a site's or a PDF's time.
WORKER_GC_THRESHOLD = (50_000, 50, 100)


#: How often a worker checks that the build that started it is still running (seconds).
ORPHAN_CHECK_SECONDS = 0.5


def _end_with_parent(parent: int) -> None:
    """End this worker as soon as the process that started it is gone, however it ended
    (even ``kill -9``): an orphaned worker would go on writing into the output."""
    import threading  # noqa: PLC0415
    import time  # noqa: PLC0415

    def watch() -> None:
        while os.getppid() == parent:
            time.sleep(ORPHAN_CHECK_SECONDS)
        os._exit(1)

    threading.Thread(target=watch, name="liberation-orphan-check", daemon=True).start()


def _start_worker(
    initializer: Callable[..., object] | None, initargs: tuple[Any, ...], parent: int
) -> None:
    """Set up a worker: it ends with the build that started it, what it inherited is left
    out of garbage collection, collections are rarer, then the caller's own initializer
    runs."""
    _end_with_parent(parent)
    gc.freeze()
    gc.set_threshold(*WORKER_GC_THRESHOLD)
    if initializer is not None:
        initializer(*initargs)


def run_each(
    function: Callable[[Job], Result],
    jobs: Sequence[Job],
    *,
    initializer: Callable[..., object] | None = None,
    initargs: tuple[Any, ...] = (),
    meanwhile: Callable[[], object] | None = None,
) -> Iterator[tuple[Job, Callable[[], Result]]]:
    """Yield each job, as it finishes, with a callable that returns its result or raises
    its exception, so the caller decides what one failure means for the others.

    ``function``, ``initializer`` and the jobs must be picklable (module-level functions,
    partials of them, plain data). ``initializer(*initargs)`` runs once in each worker, or
    once here when the jobs run in this process. ``meanwhile()`` runs here while the
    workers work, once they have all started (so nothing it loads is forked into them).
    """
    from concurrent.futures import ProcessPoolExecutor, as_completed  # noqa: PLC0415

    workers = min(len(jobs), os.cpu_count() or 1)
    if workers <= 1:
        if initializer is not None and jobs:
            initializer(*initargs)
        for job in jobs:
            yield job, functools.partial(function, job)
        if meanwhile is not None and jobs:
            meanwhile()
        return
    context = multiprocessing.get_context(START_METHOD)
    with ProcessPoolExecutor(
        max_workers=workers,
        mp_context=context,
        initializer=_start_worker,
        initargs=(initializer, initargs, os.getpid()),
    ) as pool:
        futures = {pool.submit(function, job): job for job in jobs}
        if meanwhile is not None:
            meanwhile()
        for future in as_completed(futures):
            yield futures[future], future.result
