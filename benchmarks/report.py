"""The table every benchmark prints: one row per measure, with its target and verdict."""

from __future__ import annotations

Row = tuple[str, str, str, bool]


def print_table(title: str, rows: list[Row]) -> int:
    """Print a Markdown table; return 0 when every target is met, 1 otherwise."""
    print(f"{title}\n")
    print("| measure | result | target | met |")
    print("|---|---|---|---|")
    for name, value, target, met in rows:
        print(f"| {name} | {value} | {target} | {'yes' if met else 'NO'} |")
    return 0 if all(met for *_, met in rows) else 1
