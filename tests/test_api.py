"""The runtime API and its CLI, as an app developer uses them."""

from __future__ import annotations

import dataclasses
import json
import os
import shutil
import subprocess
import sys
import threading
from pathlib import Path

import pytest
from helpers import FIXTURE_TODAY, ROOT

import liberation_content as lc
from liberation_content.build import BuildOptions, build
from liberation_content.cli import main
from liberation_content.model.snippet import manifest


def test_importing_the_package_loads_no_build_tools() -> None:
    code = (
        "import sys, liberation_content; "
        "print(sorted(m for m in sys.modules if m.split('.')[0] in "
        "{'sphinx', 'docutils', 'myst_parser', 'jinja2', 'weasyprint', 'yaml', 'nh3'}))"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    ).stdout
    assert out.strip() == "[]"


def test_get_returns_a_typed_snippet_with_its_metadata() -> None:
    facts = lc.get("key-facts")
    assert isinstance(facts, lc.Snippet)
    assert facts.type == "key-facts" and facts.lang == "en" and not facts.is_fallback
    assert facts.type is lc.SnippetType.KEY_FACTS
    assert facts.translation_status is lc.TranslationStatus.COMPLETE
    assert all(isinstance(section.type, lc.SnippetType) for section in facts.sections)
    assert 5 <= len(facts.items) <= 7
    assert all(isinstance(item, lc.Item) and item.text for item in facts.items)
    assert facts.review_due > facts.last_reviewed
    assert facts.references and facts.references[0].url.startswith("https://")
    assert facts.html.startswith("<") and "<script" not in facts.html
    assert facts.attribution.endswith(facts.url)


def test_a_faq_snippet_has_its_question_and_answer() -> None:
    faq = lc.get("faq-does-it-work")
    assert faq.faq[0].question.endswith("?")
    assert faq.faq[0].answer_text and "<p>" in faq.faq[0].answer_html


def test_ids_and_languages_describe_what_is_published() -> None:
    assert lc.languages()[0] == "en"
    every = lc.ids()
    assert every == sorted(every) and "key-facts" in every and "topic" in every
    faqs = lc.ids(type="faq")
    assert faqs and all(i.startswith("faq-") for i in faqs)
    assert set(lc.ids(lang="en")) == set(every)
    manifest = lc.manifest()
    manifest["snippets"].clear()
    assert lc.manifest()["snippets"], "manifest() must hand out a copy"


def test_unknown_ids_and_languages_name_the_close_matches() -> None:
    with pytest.raises(lc.UnknownSnippetError, match="Did you mean 'key-facts'"):
        lc.get("key-fact")
    with pytest.raises(lc.UnknownLanguageError, match="not published in 'english'"):
        lc.get("key-facts", lang="english")
    with pytest.raises(KeyError):  # also catchable as the usual lookup error
        lc.get("no-such-thing")


def test_loading_is_shared_safely_between_threads(test_data: Path) -> None:
    store = lc.SnippetStore(test_data)  # a new store: nothing loaded yet
    results: list[lc.Snippet] = []
    errors: list[BaseException] = []

    def worker() -> None:
        try:
            results.extend(store.get(i) for i in ("key-facts", "topic", "faq-does-it-work"))
        except BaseException as exc:
            errors.append(exc)

    threads = [threading.Thread(target=worker) for _ in range(16)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert not errors
    assert len(results) == 48
    assert len({r.data["id"] for r in results}) == 3


@pytest.fixture
def outdated_french(tmp_path: Path, content: Path) -> lc.SnippetStore:
    """Snippet data where French exists but one snippet's translation is out of date."""
    build(BuildOptions(out=tmp_path / "out", content=content, today=FIXTURE_TODAY), ("json",))
    data = tmp_path / "out" / "json"
    shutil.copytree(data / "en", data / "fr")
    for path in (data / "fr").glob("*.json"):
        doc = json.loads(path.read_text(encoding="utf-8"))
        outdated = doc["id"] == "faq-does-it-work"
        doc.update(
            translationStatus="outdated" if outdated else "complete",
            lang="en" if outdated else "fr",
        )
        path.write_text(json.dumps(doc), encoding="utf-8")
    (data / "index.json").write_text(
        json.dumps(
            manifest({"en": data / "en", "fr": data / "fr"}, site_url="", today="2026-06-01")
        ),
        encoding="utf-8",
    )
    return lc.SnippetStore(data)


def test_english_fallback_only_when_asked_and_it_says_so(outdated_french: lc.SnippetStore) -> None:
    store = outdated_french
    topic = store.get("topic", lang="fr")
    assert topic.lang == "fr" and topic.translation_status == "complete"
    with pytest.raises(lc.UnknownLanguageError, match=r"translation outdated.*fallback=True"):
        store.get("faq-does-it-work", lang="fr")
    snippet = store.get("faq-does-it-work", lang="fr", fallback=True)
    assert snippet.lang == "en" and snippet.requested_lang == "fr" and snippet.is_fallback
    assert snippet.translation_status is lc.TranslationStatus.FALLBACK
    assert "faq-does-it-work" not in store.ids(lang="fr")
    # The English text given in its place is not changed by being given.
    english = store.get("faq-does-it-work")
    assert english.translation_status == "complete" and not english.is_fallback
    assert english.text == snippet.text
    # The fallback was kept, but is still not given to a caller who did not ask for one.
    with pytest.raises(lc.UnknownLanguageError):
        store.get("faq-does-it-work", lang="fr")


def test_a_tag_served_by_an_incomplete_translation_says_both(
    outdated_french: lc.SnippetStore,
) -> None:
    store = outdated_french
    with pytest.raises(lc.UnknownLanguageError, match=r"in 'fr' \(for 'fr-CA'\).*outdated"):
        store.get("faq-does-it-work", lang="fr-CA")
    snippet = store.get("faq-does-it-work", lang="fr-CA", fallback=True)
    assert (snippet.lang, snippet.requested_lang) == ("en", "fr-CA")
    assert snippet.translation_status == "fallback"
    assert store.get("topic", lang="fr-CA").translation_status == "complete"


def test_cli_prints_a_snippet_in_each_format(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["snippet", "faq-does-it-work"]) == 0
    text = capsys.readouterr().out
    assert text.splitlines()[0].endswith("?") and "<" not in text
    assert main(["snippet", "faq-does-it-work", "--format", "html"]) == 0
    assert capsys.readouterr().out.startswith("<")
    assert main(["snippet", "key-facts", "--format", "json"]) == 0
    assert json.loads(capsys.readouterr().out)["id"] == "key-facts"
    assert main(["ids", "--type", "checklist"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines and all(line.split("\t")[1] == "checklist" for line in lines)


def test_cli_explains_an_unknown_id(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["snippet", "faq-does-it-wrk"]) == 1
    err = capsys.readouterr().err
    assert "there is no snippet 'faq-does-it-wrk'. Did you mean 'faq-does-it-work'" in err
    assert "Traceback" not in err


def test_the_data_folder_can_be_chosen_and_is_named_when_missing(
    tmp_path: Path, test_data: Path
) -> None:
    script = "import liberation_content as lc; print(lc.where()); print(lc.get('topic').title)"
    env = {**os.environ, lc.DATA_VARIABLE: str(test_data)}
    done = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, env=env, check=True
    )
    assert done.stdout.splitlines() == [str(test_data), "A topic"]
    empty = lc.SnippetStore(tmp_path)
    with pytest.raises(lc.LiberationError, match=r"no snippet data in .*no index\.json"):
        empty.languages()


def test_a_checkout_reads_its_own_build_folder() -> None:
    """An editable install reads the checkout's build/json when no data is shipped."""
    env = {k: v for k, v in os.environ.items() if k != lc.DATA_VARIABLE}
    script = "import liberation_content as lc; print(lc.where())"
    done = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, env=env, check=True
    )
    assert done.stdout.strip() == str(ROOT / "build" / "json")


def test_cli_reads_any_folder_of_snippets(
    outdated_french: lc.SnippetStore, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = str(outdated_french.folder)
    assert main(["ids", "--data", folder, "--lang", "fr", "--type", "faq"]) == 0
    assert capsys.readouterr().out == ""  # the only FAQ is outdated in French
    assert main(["snippet", "faq-does-it-work", "--data", folder, "--lang", "fr"]) == 1
    assert "translation outdated" in capsys.readouterr().err


def test_bad_arguments_get_a_short_clear_error() -> None:
    with pytest.raises(
        TypeError, match="snippet_id must be a string such as 'key-facts', not NoneType"
    ):
        lc.get(None)  # type: ignore[arg-type]
    with pytest.raises(TypeError, match=r"snippet_id must be a string .*, not int$"):
        lc.get(3)  # type: ignore[arg-type]
    with pytest.raises(TypeError, match=r"lang must be a string such as 'fr', not int$"):
        lc.get("key-facts", lang=5)  # type: ignore[arg-type]
    with pytest.raises(TypeError, match=r"lang must be a string .*, not NoneType$"):
        lc.get("key-facts", lang=None)  # type: ignore[arg-type]
    with pytest.raises(TypeError, match=r"type must be a string such as 'faq', not list$"):
        lc.ids(type=["faq"])  # type: ignore[arg-type]
    with pytest.raises(TypeError, match=r"lang must be a string .*, not bytes$"):
        lc.ids(lang=b"fr")  # type: ignore[arg-type]
    with pytest.raises(lc.UnknownSnippetError) as unknown:
        lc.get("x" * 100_000)
    assert len(str(unknown.value)) < 200
    with pytest.raises(lc.UnknownLanguageError) as unknown_language:
        lc.get("key-facts", lang="x" * 100_000)
    assert len(str(unknown_language.value)) < 200
    with pytest.raises(lc.UnknownTypeError) as unknown_type:
        lc.ids(type="x" * 100_000)
    assert len(str(unknown_type.value)) < 200
    long_named = type("Y" * 10_000, (), {})()
    with pytest.raises(TypeError) as wrong_type:
        lc.get(long_named)  # type: ignore[arg-type]
    assert len(str(wrong_type.value)) < 200


def test_an_unknown_type_is_an_error_that_names_the_types() -> None:
    with pytest.raises(lc.UnknownTypeError, match=r"no snippet type 'faqs'\. Did you mean 'faq'\?"):
        lc.ids(type="faqs")
    with pytest.raises(ValueError, match=r"Did you mean 'key-facts'\?.*: page, section, faq"):
        lc.ids(type="Key_Facts")
    assert lc.ids(type=lc.SnippetType.FAQ) == lc.ids(type="faq") != []


def test_a_snippet_is_a_read_only_dataclass() -> None:
    snippet = lc.get("topic")
    assert dataclasses.is_dataclass(snippet) and not isinstance(snippet, tuple)
    with pytest.raises(dataclasses.FrozenInstanceError):
        snippet.title = "changed"  # type: ignore[misc]
    with pytest.raises(dataclasses.FrozenInstanceError):
        snippet.translation_status = lc.TranslationStatus.FALLBACK  # type: ignore[misc]
    assert lc.get("topic").title == snippet.title != "changed"
    assert dataclasses.replace(snippet, title="Another").title == "Another"


def test_the_enums_compare_print_and_serialise_as_their_words() -> None:
    facts = lc.get("key-facts")
    assert facts.type == "key-facts" and f"{facts.type}" == "key-facts"
    assert lc.SnippetType("faq") is lc.SnippetType.FAQ
    assert json.dumps({"type": facts.type, "status": facts.translation_status}) == (
        '{"type": "key-facts", "status": "complete"}'
    )
    assert lc.TranslationStatus.FALLBACK == "fallback"


#: The languages of the store below; its copies of the test snippets are titled "[<lang>] ...".
PUBLISHED = ("en", "ar", "fr", "pt", "pt_BR", "zh_Hant")


@pytest.fixture(scope="module")
def many_languages(tmp_path_factory: pytest.TempPathFactory, test_data: Path) -> lc.SnippetStore:
    """The test snippets, published in several languages; each title names its language."""
    data = tmp_path_factory.mktemp("many-languages")
    folders = {}
    for lang in PUBLISHED:
        folders[lang] = folder = data / lang
        folder.mkdir()
        for path in sorted((test_data / "en").glob("*.json")):
            doc = json.loads(path.read_text(encoding="utf-8"))
            if lang != "en":
                doc.update(lang=lang, title=f"[{lang}] {doc['title']}")
            (folder / path.name).write_text(json.dumps(doc), encoding="utf-8")
    (data / "index.json").write_text(json.dumps(manifest(folders)), encoding="utf-8")
    return lc.SnippetStore(data)


@pytest.mark.parametrize(
    ("tag", "served_by"),
    [
        ("fr", "fr"),
        ("fr-FR", "fr"),
        ("fr_FR", "fr"),
        ("FR", "fr"),
        ("AR", "ar"),
        ("ar-EG", "ar"),
        ("pt-BR", "pt_BR"),
        ("pt_br", "pt_BR"),
        ("pt-PT", "pt"),
        ("zh-Hant-TW", "zh_Hant"),
        ("zh-hant-tw-x-private", "zh_Hant"),
        ("en-GB", "en"),
    ],
)
def test_a_language_tag_as_apps_send_it_finds_the_published_language(
    many_languages: lc.SnippetStore, tag: str, served_by: str
) -> None:
    store = many_languages
    snippet = store.get("topic", lang=tag)
    assert (snippet.lang, snippet.requested_lang) == (served_by, tag)
    assert snippet.translation_status == "complete" and not snippet.is_fallback
    assert snippet.title.startswith(f"[{served_by}] ") or served_by == "en"
    assert store.get("topic", lang=tag) == snippet  # asked again: the same answer
    assert store.ids(lang=tag) == store.ids(lang=served_by) != []


def test_match_language_is_bcp_47_lookup() -> None:
    assert lc.match_language("pt-BR", ["en", "pt", "pt_BR"]) == "pt_BR"
    assert lc.match_language("pt-BR", ["en", "pt"]) == "pt"
    assert lc.match_language("zh-Hant-TW", ["zh_Hant", "zh"]) == "zh_Hant"
    assert lc.match_language("  fr-ca ", ["fr"]) == "fr"
    assert lc.match_language("de-DE", ["en", "fr"]) is None
    assert lc.match_language("", ["en"]) is None
    assert lc.match_language("-".join(["fr"] + ["abc"] * 50_000), ["fr"]) == "fr"


def test_a_language_not_published_falls_back_to_english_only_when_asked(
    many_languages: lc.SnippetStore,
) -> None:
    store = many_languages
    with pytest.raises(lc.UnknownLanguageError) as unknown:
        store.get("topic", lang="de-DE")
    message = str(unknown.value)
    assert "not published in 'de-DE'" in message
    assert "Published languages: en, ar, fr, pt, pt_BR, zh_Hant" in message
    assert "fallback=True" in message
    with pytest.raises(lc.UnknownLanguageError, match=r"'fra'\. Did you mean 'fr'"):
        store.ids(lang="fra")
    snippet = store.get("topic", lang="de-DE", fallback=True)
    assert (snippet.lang, snippet.requested_lang) == ("en", "de-DE")
    assert snippet.translation_status is lc.TranslationStatus.FALLBACK and snippet.is_fallback
    assert snippet.title == store.get("topic").title
    assert store.get("topic").translation_status == "complete"


def test_the_cli_takes_language_tags_as_the_api_does(
    many_languages: lc.SnippetStore, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = str(many_languages.folder)
    assert main(["snippet", "topic", "--data", folder, "--lang", "pt-BR"]) == 0
    assert capsys.readouterr().out.startswith("[pt_BR] ")
    assert main(["snippet", "topic", "--data", folder, "--lang", "de", "--fallback"]) == 0
    printed = capsys.readouterr()
    assert not printed.out.startswith("[") and "not published in 'de'" in printed.err
    assert main(["snippet", "topic", "--data", folder, "--lang", "de"]) == 1
    assert "Published languages: en, ar, fr" in capsys.readouterr().err


def test_a_snippet_read_from_json_has_every_field(test_data: Path) -> None:
    """Every field is read, and the snippet cannot be changed."""
    import dataclasses  # noqa: PLC0415

    from liberation_content.records import Snippet  # noqa: PLC0415

    data = json.loads((test_data / "en" / "topic.json").read_bytes())
    snippet = Snippet.from_json(data, requested_lang="en")
    values = {f.name: getattr(snippet, f.name) for f in dataclasses.fields(Snippet)}
    assert Snippet(**values) == snippet
    with pytest.raises(dataclasses.FrozenInstanceError):
        snippet.title = "changed"  # type: ignore[misc]
