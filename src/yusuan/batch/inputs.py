"""Which documents a command line names: files, folders (searched recursively) and glob patterns.

One publication printed as two files in one folder — ``NAME-text.EXT`` and ``NAME-tables.EXT`` —
is one document, its text first. In a folder every file that is not hidden counts as a document
whatever its extension (the reader tells formats by content: a mislabelled PDF is still read, and
an image shows in the report as unreadable), except what is not a published document:

* budget sources (``*.yaml``/``*.yml`` files, folders holding ``budget.yaml``, yusuan's input
  workbooks): they are checked one at a time (``yusuan check SOURCE``) and listed as skipped;
* yusuan's own output: a report folder (``summary.json`` written by ``--report``) and a cache
  folder (``CACHEDIR.TAG``);
* hidden files and folders (``.git``, ``.DS_Store``) and Windows' ``Thumbs.db``/``desktop.ini``.
"""

from __future__ import annotations

import glob
import json
import os
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from yusuan.budgetfile import is_budget_source as source_file
from yusuan.render.manifest import MANIFEST, REPORT_HTML, REPORT_JSON

PUBLICATION_PARTS = ("-text", "-tables")  # one publication in two files: NAME-text.pdf, NAME-tables.pdf
REPORT_SCHEMA = "yusuan/batch-report@1"  # written into summary.json by batch.report
SYSTEM_FILES = frozenset({"thumbs.db", "desktop.ini"})
_GLOB_CHARACTERS = frozenset("*?[")


class InputError(Exception):
    """An input that names nothing to check; the message (Chinese) says which."""


@dataclass
class Inputs:
    """The documents the inputs name, in the order named, and what was passed over, with why."""

    documents: list[tuple[Path, ...]] = field(default_factory=list)
    skipped: list[tuple[Path, str]] = field(default_factory=list)
    searched: bool = False  # a folder or a pattern was named: the user asked for "all of these"


def is_budget_source(path: Path) -> bool:
    """A budget source: a YAML file, a folder holding budget.yaml, yusuan's input workbook or a
    filled official template."""
    if path.is_dir():
        return (path / "budget.yaml").is_file()
    return source_file(path)  # a file: the source package decides


def is_report_folder(path: Path) -> bool:
    """A folder that ``yusuan check --report`` wrote (its summary.json says so)."""
    summary = path / "summary.json"
    try:
        data = json.loads(summary.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return False
    return isinstance(data, dict) and data.get("schema") == REPORT_SCHEMA


def _is_glob(text: str) -> bool:
    return any(c in _GLOB_CHARACTERS for c in text)


def _hidden(name: str) -> bool:
    return name.startswith(".") or name.lower() in SYSTEM_FILES


def _walk(folder: Path, found: list[Path], skipped: list[tuple[Path, str]]) -> None:
    """Every document file under ``folder``, depth first, in name order."""
    for entry in sorted(folder.iterdir(), key=lambda p: p.name):
        if _hidden(entry.name):
            continue
        if entry.is_dir():
            if is_budget_source(entry):
                skipped.append((entry, "预算源，请单独核对"))
            elif is_report_folder(entry):
                skipped.append((entry, "yusuan 核对报告"))
            elif (entry / "CACHEDIR.TAG").is_file():
                skipped.append((entry, "缓存文件夹"))
            else:
                _walk(entry, found, skipped)
        elif entry.is_file():
            if is_budget_source(entry):
                skipped.append((entry, "预算源，请单独核对"))
            elif _built_alongside(entry.name):
                skipped.append((entry, "yusuan build 写出的清单或核对报告"))
            else:
                found.append(entry)


def _built_alongside(name: str) -> bool:
    """What ``yusuan build`` writes beside the documents: its manifest and its findings report."""
    return name == MANIFEST or name.endswith((f"-{REPORT_HTML}", f"-{REPORT_JSON}"))


def _named(text: str) -> list[Path]:
    """What one input names: itself, or the matches of a pattern the shell did not expand."""
    path = Path(text)
    if path.exists() or not _is_glob(text):
        if not path.exists():
            raise InputError(f"找不到文件或文件夹：{text}")
        return [path]
    matches = sorted(glob.glob(os.path.expanduser(text), recursive=True))
    if not matches:
        raise InputError(f"没有与“{text}”匹配的文件")
    return [Path(m) for m in matches]


def expand_inputs(inputs: Sequence[str | Path]) -> Inputs:
    """The documents that ``inputs`` name (see the module's docstring). A name that does not exist,
    a pattern that matches nothing, or a budget source among other inputs is an InputError."""
    out = Inputs()
    files: list[Path] = []
    for item in inputs:
        text = str(item)
        named = _named(text)
        out.searched = out.searched or (_is_glob(text) and not Path(text).exists())
        for path in named:
            if is_budget_source(path):
                if len(inputs) > 1 or len(named) > 1:
                    raise InputError(
                        f"预算源（YAML 文件、含 budget.yaml 的文件夹或填报工作簿）只能单独核对，不能与其他文件一起列出：{path}"
                    )
                files.append(path)
            elif path.is_dir():
                out.searched = True
                _walk(path, files, out.skipped)
            else:
                files.append(path)
    seen: set[Path] = set()
    unique = []
    for path in files:
        key = path.resolve()
        if key not in seen:
            seen.add(key)
            unique.append(path)
    out.documents = pair_parts(unique)
    return out


def _part_of(path: Path) -> tuple[Path, str, str] | None:
    """(folder, NAME, extension) of NAME-text.EXT or NAME-tables.EXT; None for any other name."""
    for suffix in PUBLICATION_PARTS:
        if path.stem.endswith(suffix) and len(path.stem) > len(suffix):
            return path.parent.resolve(), path.stem.removesuffix(suffix), path.suffix.lower()
    return None


def pair_parts(paths: Sequence[Path]) -> list[tuple[Path, ...]]:
    """``paths`` as documents: NAME-text.EXT and NAME-tables.EXT of one folder become one document
    (text first), at the place of the first of them; every other file is a document of its own."""
    groups: dict[object, list[Path]] = {}
    for index, path in enumerate(paths):
        groups.setdefault(_part_of(path) or index, []).append(path)
    return [
        tuple(sorted(files, key=lambda p: not p.stem.endswith(PUBLICATION_PARTS[0])))
        for files in groups.values()
    ]
