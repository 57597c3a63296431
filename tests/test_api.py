"""The runtime API and its CLI, as an app developer uses them."""

from __future__ import annotations

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
            translation_status="outdated" if outdated else "complete",
            lang="en" if outdated else "fr",
        )
        path.write_text(json.dumps(doc), encoding="utf-8")
    (data / "index.json").write_text(
        json.dumps(manifest({"en": data / "en", "fr": data / "fr"})), encoding="utf-8"
    )
    return lc.SnippetStore(data)


def test_english_fallback_only_when_asked_and_it_says_so(outdated_french: lc.SnippetStore) -> None:
    store = outdated_french
    assert store.get("topic", lang="fr").lang == "fr"
    with pytest.raises(lc.UnknownLanguageError, match=r"translation outdated.*fallback=True"):
        store.get("faq-does-it-work", lang="fr")
    snippet = store.get("faq-does-it-work", lang="fr", fallback=True)
    assert snippet.lang == "en" and snippet.requested_lang == "fr" and snippet.is_fallback
    assert "faq-does-it-work" not in store.ids(lang="fr")


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
    with pytest.raises(TypeError, match="lang must be a string"):
        lc.get("key-facts", lang=5)  # type: ignore[arg-type]
    with pytest.raises(lc.UnknownSnippetError) as unknown:
        lc.get("x" * 100_000)
    assert len(str(unknown.value)) < 200
