"""Benchmark of the runtime API: import time, get() against a raw JSON load, memory.

Run with ``python3 -m nox -s bench-api``. Prints a table of medians.
"""

from __future__ import annotations

import functools
import json
import re
import resource
import statistics
import subprocess
import sys
import time
import tracemalloc

from report import print_table

import liberation_content as lc

ROUNDS = 15
IMPORT_TARGET_MS = 30.0
GET_TARGET_RATIO = 1.5


def import_ms() -> float:
    """Median cumulative import time of the package, from ``python -X importtime``."""
    samples = []
    for _ in range(ROUNDS):
        err = subprocess.run(
            [sys.executable, "-X", "importtime", "-c", "import liberation_content"],
            capture_output=True,
            text=True,
            check=True,
        ).stderr
        line = next(x for x in err.splitlines() if x.rstrip().endswith("| liberation_content"))
        samples.append(int(re.split(r"\s*\|\s*", line)[1]) / 1000)
    return statistics.median(samples)


def per_call_us(fn: object, calls: list[object]) -> float:
    start = time.perf_counter()
    for call in calls:
        fn(call)  # type: ignore[operator]
    return (time.perf_counter() - start) / len(calls) * 1e6


def _get(store: lc.SnippetStore, pair: tuple[str, str, object]) -> lc.Snippet:
    return store.get(pair[0], pair[1])


def get_latencies() -> dict[str, float]:
    manifest = lc.manifest()
    pairs = [
        (snippet_id, lang, lc.where() / entry["path"])
        for snippet_id, item in manifest["snippets"].items()
        for lang, entry in item["languages"].items()
        if entry["translationStatus"] == "complete"
    ]
    raw, cold, warm = [], [], []
    for _ in range(ROUNDS):
        raw.append(per_call_us(lambda p: json.loads(p[2].read_bytes()), pairs))
        store = lc.SnippetStore(lc.where())  # nothing cached yet
        store.manifest()  # the manifest is read once per store, not per snippet
        cold.append(per_call_us(functools.partial(_get, store), pairs))
        warm.append(per_call_us(functools.partial(_get, store), pairs))
    return {
        "files": len(pairs),
        "raw": statistics.median(raw),
        "cold": statistics.median(cold),
        "warm": statistics.median(warm),
    }


def memory() -> tuple[float, float]:
    tracemalloc.start()
    store = lc.SnippetStore(lc.where())
    for snippet_id in store.ids():
        for lang in store.languages():
            store.get(snippet_id, lang, fallback=True)
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return peak / 2**20, resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def main() -> int:
    imported = import_ms()
    lat = get_latencies()
    traced, rss = memory()
    ratio = lat["cold"] / lat["raw"]
    rows = [
        (
            "import liberation_content",
            f"{imported:.1f} ms",
            f"<= {IMPORT_TARGET_MS:.0f} ms",
            imported <= IMPORT_TARGET_MS,
        ),
        ("json.loads(path.read_bytes()), per file", f"{lat['raw']:.1f} us", "baseline", True),
        (
            "get(id, lang), first call per snippet",
            f"{lat['cold']:.1f} us ({ratio:.2f}x)",
            f"<= {GET_TARGET_RATIO}x raw",
            ratio <= GET_TARGET_RATIO,
        ),
        ("get(id, lang), repeated call", f"{lat['warm']:.2f} us", "-", True),
        ("peak Python memory, every snippet loaded", f"{traced:.1f} MiB", "-", True),
        ("process peak RSS", f"{rss:.1f} MiB", "-", True),
    ]
    title = f"Runtime API benchmark: medians of {ROUNDS} rounds over {lat['files']} snippet files"
    return print_table(title, rows)


if __name__ == "__main__":
    raise SystemExit(main())
