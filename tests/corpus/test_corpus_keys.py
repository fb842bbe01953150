"""Every keyed corpus document: what yusuan reads and checks against what the key says the page
prints (tests/corpus/keys, written by reading the documents).

A disagreement fails the test unless tests/corpus/pending.yaml lists it as a known gap, with why;
a listed gap that no longer occurs fails too, so that the list only shrinks. The corpus is found
by tests/corpusdir.py; where it is absent the tests skip and say so.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from keycheck import evaluate, key_id, keys, load_yaml, pending

from corpusdir import CORPUS, need_corpus
from yusuan.check.runner import check_document
from yusuan.read.reader import read_publication

KEY_FILES = keys()


def test_keys_cover_every_folder() -> None:
    folders = {path.parent.name for path in KEY_FILES}
    assert len(KEY_FILES) >= 40
    if CORPUS.is_dir():
        assert folders >= {p.name for p in CORPUS.iterdir() if p.is_dir()}


def test_pending_names_only_keyed_documents() -> None:
    assert set(pending()) <= {key_id(path) for path in KEY_FILES}


@pytest.mark.parametrize("path", KEY_FILES, ids=key_id)
def test_keyed_document(path: Path) -> None:
    need_corpus()
    key = load_yaml(path)
    files = [CORPUS / name for name in key["files"]]
    if not all(f.is_file() for f in files):
        pytest.skip(f"语料库中没有 {', '.join(key['files'])}")
    result = read_publication(files)
    report = check_document(result.document)
    outcome = evaluate(key, result.document, report)
    known = pending().get(key_id(path), {})
    new = [f for f in outcome.failures if f not in known]
    fixed = [f for f in known if f not in outcome.failures]
    assert not new, f"{key_id(path)}: not in the key: {new}"
    assert not fixed, f"{key_id(path)}: fixed, remove from pending.yaml: {fixed}"
