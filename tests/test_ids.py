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
        f"{content / 'topic.md'}:20: the ID 'index' is already used by a page at "
        f"{content / 'index.md'}:2. Page and block IDs share one namespace (each is a JSON "
        "file, an anchor and a leaflet key): rename this label [liberation.duplicate-id]"
    ]


def test_two_blocks_may_not_share_an_id(content: Path, build_site: BuildSite) -> None:
    edit(content / "topic.md", "(checklist-ask)=", "(key-facts)=")
    problems = _problems(build_site, content)
    clash = [p for p in problems if "duplicate-id" in p]
    assert len(clash) == 1
    assert clash[0].startswith(f"{content / 'topic.md'}:20: the ID 'key-facts' is already")
    assert f"used by a label at {content / 'index.md'}:15." in clash[0]


def test_the_same_label_twice_on_a_page_names_both_lines(
    content: Path, build_site: BuildSite
) -> None:
    edit(content / "topic.md", "(topic-questions)=", "(checklist-ask)=")
    problems = _problems(build_site, content)
    assert (
        f"{content / 'topic.md'}:28: the ID 'checklist-ask' is already used by a label at "
        f"{content / 'topic.md'}:20."
    ) in "\n".join(problems)
    # Not also blamed for having no label, nor the leaflets for naming it.
    assert not [p for p in problems if "has no label" in p or "no page or block" in p], problems


def test_a_leaflet_naming_a_missing_block_is_an_error(content: Path, build_site: BuildSite) -> None:
    edit(content / "leaflets" / "leaflet.toml", '"key-facts"', '"key-fact"')
    problems = _problems(build_site, content)
    assert any(
        p.startswith(f"{content / 'leaflets' / 'leaflet.toml'}:")
        and "there is no page or block 'key-fact'. Did you mean 'key-facts'?" in p
        and p.endswith("[liberation.leaflet]")
        for p in problems
    ), problems
