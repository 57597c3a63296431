"""Stable IDs: pages and blocks share one namespace, and a clash names both places."""

from __future__ import annotations

from pathlib import Path

import pytest
from helpers import BuildSite, edit

from liberation_content.errors import LiberationError


def _problems(build_site: BuildSite, content: Path) -> list[str]:
    with pytest.raises(LiberationError) as failure:
        build_site(content)
    return [str(p) for p in failure.value.problems]


def test_a_block_may_not_take_a_pages_id(content: Path, build_site: BuildSite) -> None:
    edit(content / "topic.md", "(checklist-ask)=", "(index)=")
    problems = _problems(build_site, content)
    clash = [p for p in problems if "duplicate-id" in p]
    assert clash == [
        f"{content / 'topic.md'}:21: the ID 'index' is already used by a page at "
        f"{content / 'index.md'}:2. Page and block IDs share one namespace (each is a JSON "
        "file, an anchor and a leaflet key): rename this label [liberation.duplicate-id]"
    ]


def test_two_blocks_may_not_share_an_id(content: Path, build_site: BuildSite) -> None:
    edit(content / "topic.md", "(checklist-ask)=", "(key-facts)=")
    problems = _problems(build_site, content)
    clash = [p for p in problems if "duplicate-id" in p]
    assert len(clash) == 1
    assert clash[0].startswith(f"{content / 'topic.md'}:21: the ID 'key-facts' is already")
    assert f"used by a block at {content / 'index.md'}:16." in clash[0]


def test_a_leaflet_naming_a_missing_block_is_an_error(content: Path, build_site: BuildSite) -> None:
    edit(content / "leaflets" / "leaflet.toml", '"key-facts"', '"key-fact"')
    problems = _problems(build_site, content)
    assert any(
        p.startswith(f"{content / 'leaflets' / 'leaflet.toml'}:")
        and "there is no page or block 'key-fact'. Did you mean 'key-facts'?" in p
        and p.endswith("[liberation.leaflet]")
        for p in problems
    ), problems
