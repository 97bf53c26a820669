"""The model's cache keeps the schema's verdict on each file's front matter,
so an edit of a body alone does not validate the front matter again."""

from __future__ import annotations

import pytest

from plugins.model import federation as federation_module
from plugins.model.cache import FileCache
from plugins.model.federation import load_federation
from plugins.model.items import front_head, split_front_matter
from plugins.model.schema import FRONT_MATTER_SCHEMA, Validator
from plugins.model.settings import chapter_settings
from tests.model.conftest import NORWAY, OSLO, Repo

POST = "chapters/oslo/posts/hello.md"
HELLO = '---\ntitle: Hello\ndate: "2014-10-01"\n---\nFirst words.\n'
UNDATED = '---\ntitle: Hello\ndate: "1 October"\n---\nFirst words.\n'


@pytest.fixture
def repo(tmp_path) -> Repo:
    return Repo(tmp_path).write(
        {
            "chapters/norway/chapter.yaml": NORWAY,
            "chapters/oslo/chapter.yaml": OSLO,
            POST: HELLO,
        }
    )


@pytest.fixture
def validated(monkeypatch) -> list[dict]:
    """The front matter the item schema checks from now on."""
    seen: list[dict] = []
    check = Validator.iter_errors

    def recording(self, data):
        if self.name == FRONT_MATTER_SCHEMA:
            seen.append(data)
        return check(self, data)

    monkeypatch.setattr(Validator, "iter_errors", recording)
    return seen


def build(repo: Repo, cache: FileCache):
    """A build's load, through the cache the last build saved."""
    settings = chapter_settings(
        {"PATH": str(repo.root), "CHAPTERS_BUILD_DATE": "2015-01-15"}
    )
    served = FileCache(dict(cache.entries), cache.version)
    federation, problems = load_federation(settings, served, jobs=1)
    cache.entries = {key: served.entries[key] for key in served.used}
    return federation, problems


def test_an_edit_of_the_body_alone_does_not_check_the_front_matter_again(
    repo, validated
):
    cache = FileCache()
    build(repo, cache)
    assert [data["title"] for data in validated] == ["Hello"]
    repo.write({POST: HELLO + "\nA second sentence.\n"})
    federation, problems = build(repo, cache)
    assert problems == [] and "second sentence" in federation.items[0].html
    assert len(validated) == 1
    repo.write({POST: HELLO.replace("Hello", "Hello again") + "\nA second one.\n"})
    federation, _ = build(repo, cache)
    assert [data["title"] for data in validated] == ["Hello", "Hello again"]
    assert federation.items[0].title == "Hello again"


def test_a_front_matter_refused_is_refused_again_after_an_edit_of_its_body(
    repo, validated
):
    repo.write({POST: UNDATED})
    cache = FileCache()
    _, first = build(repo, cache)
    assert [p.path for p in first] == [POST] and "date" in first[0].format()
    repo.write({POST: UNDATED + "\nMore words.\n"})
    _, again = build(repo, cache)
    assert again == first and len(validated) == 1


def test_a_verdict_is_kept_only_while_its_file_is_there(repo):
    cache = FileCache()
    build(repo, cache)
    assert ("front matter", POST) in cache.entries
    (repo.root / POST).unlink()
    build(repo, cache)
    assert ("front matter", POST) not in cache.entries


def test_files_parsed_in_workers_leave_their_verdicts_too(repo, monkeypatch, validated):
    monkeypatch.setattr(federation_module, "INLINE_FIRST", 0)
    settings = chapter_settings(
        {"PATH": str(repo.root), "CHAPTERS_BUILD_DATE": "2015-01-15"}
    )
    cache = FileCache()
    load_federation(settings, cache, jobs=2)
    assert validated == []  # checked in a worker process
    repo.write({POST: HELLO + "\nEdited.\n"})
    build(repo, cache)
    assert validated == []


@pytest.mark.parametrize(
    "text",
    [
        "---\ntitle: a\n---\nbody\n",
        "---\ntitle: a\n---",
        "---\ntitle: a\n...\n\nbody",
        "--- \ntitle: a\n---\n",
        "---\n---\nbody",
        "Title: a\n\nbody",
        "---\nno end\n",
        "",
    ],
)
def test_the_front_matter_is_the_text_before_the_body(text):
    located, body, _, problems = split_front_matter(text, "a.md")
    head = front_head(text)
    if text.startswith("---") and located is not None and not problems:
        assert head is not None and head + body == text
    else:
        assert head is None
