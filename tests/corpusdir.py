"""Where the development corpus is: the one place tests and bench scripts look for it.

The corpus (110 published budget documents, ten regions) is not part of the repository.
``YUSUAN_CORPUS`` names its folder; without it the folder ``shared/corpus`` beside the
repository's own folder is tried, where the development machines keep it. A test that needs
the corpus asks :func:`corpus_file` or :func:`need_corpus`, which skip with a message where it
is absent.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
CORPUS = Path(os.environ.get("YUSUAN_CORPUS") or ROOT.parent / "shared" / "corpus")


def need_corpus() -> Path:
    """The corpus folder; the test is skipped where there is none."""
    if not CORPUS.is_dir():
        pytest.skip(f"语料库不在 {CORPUS}（用 YUSUAN_CORPUS 指明其文件夹）：跳过")
    return CORPUS


def corpus_file(name: str) -> Path:
    """A document of the corpus by its name there (folder/file); the test is skipped without it."""
    path = CORPUS / name
    if not path.is_file():
        pytest.skip(f"语料库文件不在 {path}（用 YUSUAN_CORPUS 指明语料库文件夹）：跳过")
    return path
