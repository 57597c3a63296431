"""JSON snippets: their shape, their safety, their determinism, and where they are published."""

from __future__ import annotations

import hashlib
import json
import re
from pathlib import Path

import pytest
from docutils import nodes
from docutils.utils import new_document
from helpers import FIXTURE_TODAY, SITE, BuildSite, edit
from jsonschema import Draft202012Validator
from jsonschema.validators import validator_for

from liberation_content import SnippetType, TranslationStatus
from liberation_content.build import BuildOptions, build
from liberation_content.model.sanitize import clean_html
from liberation_content.sphinx_ext.writer import render

SCHEMAS = Path(__file__).parents[1] / "liberation_content" / "schemas"
SCHEMA_FILES = ("snippet.schema.json", "manifest.schema.json")


def validator(name: str) -> Draft202012Validator:
    schema = json.loads((SCHEMAS / name).read_text(encoding="utf-8"))
    cls = validator_for(schema)
    cls.check_schema(schema)
    assert cls is Draft202012Validator
    return cls(schema, format_checker=cls.FORMAT_CHECKER)


def json_files(site: Path) -> dict[str, dict[str, object]]:
    folder = site.parents[1] / "json" / site.name
    return {p.stem: json.loads(p.read_text(encoding="utf-8")) for p in folder.glob("*.json")}


def test_every_snippet_and_the_manifest_validate(content: Path, build_site: BuildSite) -> None:
    site = build_site(content)
    documents = json_files(site)
    assert set(documents) == {
        "index",
        "key-facts",
        "topic",
        "topic-in-brief",
        "checklist-ask",
        "topic-questions",
        "faq-does-it-work",
        "topic-after",
        "urgent-topic-help",
        "topic-words",
        "term-sham",
    }
    snippet = validator("snippet.schema.json")
    for name, document in documents.items():
        errors = [e.message for e in snippet.iter_errors(document)]
        assert not errors, (name, errors)
    index = json.loads((site.parents[1] / "json" / "index.json").read_text(encoding="utf-8"))
    assert not [e.message for e in validator("manifest.schema.json").iter_errors(index)]


def test_a_page_lists_its_sections_faq_and_references(content: Path, build_site: BuildSite) -> None:
    page = json_files(build_site(content))["topic"]
    assert page["type"] == "page" and page["lang"] == "en"
    assert page["summary"] == "One topic page with a checklist and a question."
    assert [s["id"] for s in page["sections"]] == [
        "topic-in-brief",
        "checklist-ask",
        "topic-questions",
        "topic-after",
        "topic-words",
    ]
    assert [s["position"] for s in page["sections"]] == [1, 2, 3, 4, 5]
    assert page["faq"][0]["question"] == "Does it work?"
    assert page["faq"][0]["answerText"] == "No. Trials found no gain [1]."
    assert [(r["number"], r["key"]) for r in page["references"]] == [
        (1, "trial2018"),
        (2, "agency2012"),
    ]
    assert page["url"] == "https://leaflets.example.net/en/topic.html"
    assert page["reviewDue"] == "2027-01-10" and page["version"] == "1.2"
    assert page["translationStatus"] == "complete"


def test_a_block_carries_its_own_references_items_and_anchor(
    content: Path, build_site: BuildSite
) -> None:
    documents = json_files(build_site(content))
    checklist = documents["checklist-ask"]
    assert [i["text"] for i in checklist["items"]] == ["Is it in a trial?", "Who checks it?"]
    assert checklist["sections"][0]["text"] == "Ask these.\n\n- Is it in a trial?\n- Who checks it?"
    brief = documents["topic-in-brief"]
    assert brief["url"].endswith("/en/topic.html#topic-in-brief")
    assert [r["key"] for r in brief["references"]] == ["trial2018", "agency2012"]
    assert brief["page"] == "topic"


def test_links_become_absolute_canonical_urls(content: Path, build_site: BuildSite) -> None:
    edit(content / "index.md", "- It is a test.", "- It is a [test](topic.md#faq-does-it-work).")
    key_facts = json_files(build_site(content))["key-facts"]
    html = key_facts["sections"][0]["html"]
    assert '<a href="https://leaflets.example.net/en/topic.html#faq-does-it-work">test</a>' in html
    assert 'href="https://leaflets.example.net/en/index.html#ref-trial2018"' in html


def test_hostile_markdown_stays_text(content: Path, build_site: BuildSite) -> None:
    edit(
        content / "topic.md",
        "Ask these.",
        "Ask [me](javascript:alert(1)) and [you](data:text/html;base64,PHNjcmlwdD4=), "
        "with `<script>alert(1)</script>` and <<https://safe.example>>.",
    )
    checklist = json_files(build_site(content))["checklist-ask"]
    html = checklist["sections"][0]["html"]
    assert "<script" not in html and "javascript:" not in html.replace("[me](javascript:", "")
    assert "<code>&lt;script&gt;alert(1)&lt;/script&gt;</code>" in html
    assert not re.search(r'href="(?!https?://)', html)
    assert "[me](javascript:alert(1))" in checklist["sections"][0]["text"]


def test_an_unsafe_link_or_image_is_refused_at_build_time(
    content: Path, build_site: BuildSite
) -> None:
    edit(content / "topic.md", "Ask these.", "Ask ![x](https://tracker.example/p.png) these.")
    with pytest.raises(Exception, match=r"topic\.md:23: images are not supported"):
        build_site(content)


def test_the_renderer_and_sanitizer_never_let_markup_through() -> None:
    document = new_document("hostile")
    para = nodes.paragraph()
    para += nodes.Text("a <b>text</b> ")
    para += nodes.reference("", "click", refuri="javascript:alert(1)")
    para += nodes.reference("", "data", refuri="DATA:text/html,hi")
    para += nodes.raw("", '<img src=x onerror="alert(1)">', format="html")
    strong = nodes.strong()
    strong += nodes.emphasis("", "", nodes.Text('<i onclick="x">deep</i>'))
    para += strong
    document += para
    dropped: list[str] = []
    fragment = render(
        [para],
        page_url="https://site.example/en/page.html",
        numbers={},
        heading_level=2,
        report=lambda code, node, msg: dropped.append(msg),
    )
    html = fragment.html
    assert html == (
        '<p>a &lt;b&gt;text&lt;/b&gt; clickdata<strong><em>&lt;i onclick="x"&gt;'
        "deep&lt;/i&gt;</em></strong></p>"
    )
    assert len(dropped) == 2
    assert (
        clean_html(
            '<p style="x" onmouseover="y">t<script>z</script><a href="javascript:q">l</a></p>'
        )
        == "<p>t<a>l</a></p>"
    )


def test_two_builds_give_byte_identical_json(content: Path, tmp_path: Path) -> None:
    trees = []
    for name in ("one", "two"):
        build(BuildOptions(out=tmp_path / name, content=content, today=FIXTURE_TODAY), ("json",))
        root = tmp_path / name / "json"
        trees.append({p.relative_to(root): p.read_bytes() for p in sorted(root.rglob("*.json"))})
    assert trees[0] == trees[1]
    assert len([p for p in trees[0] if p.parts[0] == "en"]) == 11  # the snippets
    assert Path("index.json") in trees[0]  # the manifest
    assert len([p for p in trees[0] if p.parts[0] == "leaflets"]) == 3  # composed leaflets


def test_the_manifest_hashes_each_file_and_the_site_publishes_it(
    content: Path, build_site: BuildSite
) -> None:
    site = build_site(content)
    root = site.parents[1]
    index = json.loads((root / "json" / "index.json").read_text(encoding="utf-8"))
    entry = index["snippets"]["faq-does-it-work"]
    assert entry["type"] == "faq" and entry["page"] == "topic"
    published = entry["languages"]["en"]
    data = (root / "json" / published["path"]).read_bytes()
    assert published["sha256"] == hashlib.sha256(data).hexdigest()
    api = root / "html" / "api" / "v2"
    assert (api / "index.json").read_bytes() == (root / "json" / "index.json").read_bytes()
    assert (api / "en" / "faq-does-it-work.json").read_bytes() == data
    # The composed leaflets too: a copy of the API is enough to print them.
    leaflet = root / "json" / "leaflets" / "en" / "leaflet.json"
    assert (api / "leaflets" / "en" / "leaflet.json").read_bytes() == leaflet.read_bytes()


def test_each_page_embeds_its_schema_org_json_ld(content: Path, build_site: BuildSite) -> None:
    html = (build_site(content) / "topic.html").read_text(encoding="utf-8")
    found = re.search(r'<script type="application/ld\+json">(.*?)</script>', html, re.DOTALL)
    assert found
    data = json.loads(found.group(1))
    assert data["@type"] == "MedicalWebPage" and data["lastReviewed"] == "2026-01-10"
    assert data["mainEntity"]["@type"] == "FAQPage"
    question = data["mainEntity"]["mainEntity"][0]
    assert question["name"] == "Does it work?"
    assert question["acceptedAnswer"]["text"] == "No. Trials found no gain [1]."


def test_the_schemas_know_every_block_type() -> None:
    from liberation_content.model.ids import BLOCK_TYPES  # noqa: PLC0415

    snippet = json.loads((SCHEMAS / "snippet.schema.json").read_text(encoding="utf-8"))
    manifest = json.loads((SCHEMAS / "manifest.schema.json").read_text(encoding="utf-8"))
    assert snippet["properties"]["type"]["enum"] == list(BLOCK_TYPES) == list(SnippetType)
    entry = manifest["properties"]["snippets"]["additionalProperties"]["properties"]["type"]
    assert entry["enum"] == list(BLOCK_TYPES)


def test_the_schemas_know_every_translation_status_the_build_writes() -> None:
    snippet = json.loads((SCHEMAS / "snippet.schema.json").read_text(encoding="utf-8"))
    manifest = json.loads((SCHEMAS / "manifest.schema.json").read_text(encoding="utf-8"))
    written = [s for s in TranslationStatus if s is not TranslationStatus.FALLBACK]
    assert snippet["properties"]["translationStatus"]["enum"] == written
    entry = manifest["properties"]["snippets"]["additionalProperties"]["properties"]
    language = entry["languages"]["additionalProperties"]["properties"]
    assert language["translationStatus"]["enum"] == written


_TEXT_FIELDS = ("text", "answerText", "summary", "title", "headline", "question")
_LINE_BREAK_IN_PROSE = re.compile(r"(?<!\n)\n(?!\n|[ ]*(?:[-*]|\d+\.) )")


def _texts(value: object) -> list[str]:
    """Every plain-text field of a snippet document."""
    if isinstance(value, list):
        return [text for item in value for text in _texts(item)]
    if not isinstance(value, dict):
        return []
    found = []
    for key, item in value.items():
        if key in _TEXT_FIELDS and isinstance(item, str):
            found.append(item)
        else:
            found += _texts(item)
    return found


@pytest.mark.content
@pytest.mark.parametrize("lang", ["en", "fr", "es", "ar"])
def test_text_is_prose_an_app_can_show_with_its_direction_and_language_name(
    published: Path, lang: str
) -> None:
    """No line break of the source file inside a sentence, no list marker opening a
    summary, and the direction and language name an app needs to show the text."""
    from liberation_content.model.languages import direction, native_name  # noqa: PLC0415

    documents = [json.loads(p.read_bytes()) for p in sorted((published / lang).glob("*.json"))]
    assert len(documents) > 50
    for document in documents:
        for text in _texts(document):
            assert not _LINE_BREAK_IN_PROSE.search(text), (document["id"], text[:120])
        assert not re.match(r"\s*(?:[-*]|\d+\.)\s", document["summary"]), document["id"]
        shown = document["lang"]  # a page held back is shown in English, and says so
        assert document["dir"] == direction(shown) and document["langName"] == native_name(shown)
    manifest = json.loads((published / "index.json").read_bytes())
    listed = {language["code"]: language for language in manifest["languages"]}
    assert listed[lang] == {"code": lang, "name": native_name(lang), "dir": direction(lang)}
    assert manifest["baseUrl"] == SITE and re.fullmatch(r"\d{4}-\d{2}-\d{2}", manifest["generated"])


def test_every_field_of_the_json_is_named_one_way(content: Path, build_site: BuildSite) -> None:
    """camelCase everywhere, as schema.org names its fields; the schemas say the same."""
    site = build_site(content)
    documents = [*json_files(site).values()]
    documents.append(json.loads((site.parents[1] / "json" / "index.json").read_bytes()))
    documents += [json.loads((SCHEMAS / name).read_bytes()) for name in SCHEMA_FILES]

    def names(value: object) -> set[str]:
        if isinstance(value, list):
            return {name for item in value for name in names(item)}
        if not isinstance(value, dict):
            return set()
        # The keys of "snippets" and "languages" maps are data (IDs, language codes).
        return {
            name
            for key, item in value.items()
            for name in (
                {key} | names(item) if key not in ("snippets", "languages") else names(item)
            )
        }

    found = set().union(*(names(document) for document in documents))
    assert not {name for name in found if "_" in name}, sorted(n for n in found if "_" in n)


@pytest.mark.content
def test_french_keeps_its_no_break_spaces(published: Path) -> None:
    """Joining the source's lines never takes the no-break space French writes before "?"
    and ":", so no line of a leaflet or an app starts with them."""
    texts = [
        text
        for path in sorted((published / "fr").glob("*.json"))
        for text in _texts(json.loads(path.read_bytes()))
    ]
    assert any("\u00a0" in text or "\u202f" in text for text in texts)
    assert not any(re.search(r"\w [?:!;]", text) for text in texts if "\u00a0" in text)
