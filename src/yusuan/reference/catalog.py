"""Classification code catalogs (政府收支分类科目) for one year and one kind.

Two sources feed a catalog:

* an imported list: the Ministry of Finance's full list for a year, imported by the user with
  :func:`yusuan.reference.importer.import_reference` and stored under the user data directory
  (``reference/<kind>_<year>.csv``); it is complete and takes precedence;
* shipped fragments: small cited CSV files in ``yusuan/reference/data`` (see ``SOURCES.md``
  there). They are never complete.

A third kind of shipped file, ``<kind>_<year>_corpus.csv``, holds the names that published budget
documents of that year print beside each code (one row per code, name and document, citing file and
page). A printed name is evidence that the name was in use that year, not proof that it is the
official one: these rows never enter :meth:`Catalog.lookup`/:meth:`Catalog.name_of` (the official
name, where there is one, always wins) and never make a catalog complete; they are asked for by
:meth:`Catalog.printed`, and the years they cover by :func:`evidence_years`.

A catalog only ever holds names for its own year: there is no silent fallback to another year.
:func:`nearest_years` tells callers which years are known, so they can say so.

All CSV files share five columns: ``code,name,level,parent_code,source`` (level 1/2/3 for
类/款/项, parent empty for 类).
"""

from __future__ import annotations

import csv
import io
import os
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import cache, lru_cache
from importlib import resources
from pathlib import Path

import platformdirs

from yusuan.model.codes import CodeError, CodeKind, level_of, normalise_code, parent_of

CSV_COLUMNS = ("code", "name", "level", "parent_code", "source")
DATA_DIR_ENV = "YUSUAN_DATA_DIR"

# Shipped files are named <kind>_<year>_<tag>.csv; other files in data/ are not loaded. The tag
# "corpus" marks names printed in corpus documents (evidence, not reference).
_SHIPPED_NAME = re.compile(r"^(function|economic)_(\d{4})_[a-z0-9_]+\.csv$")
CORPUS_TAG = "corpus"
_IMPORTED_NAME = re.compile(r"^(function|economic)_(\d{4})\.csv$")
_LEVEL_NUMBER = {3: 1, 5: 2, 7: 3}


class ReferenceDataError(Exception):
    """A stored reference file cannot be read; the message is in Chinese."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


@dataclass(frozen=True)
class Entry:
    """One classification subject."""

    code: str
    name: str
    level: str  # 类 / 款 / 项
    parent: str | None
    source: str


CORPUS_SOURCE = "语料 "  # how a corpus row's source starts: "语料 folder/file.pdf 第N页"


def cited_document(entry: Entry) -> str | None:
    """The corpus file (folder/file) a row of names printed in corpus documents cites, else None."""
    if not entry.source.startswith(CORPUS_SOURCE):
        return None
    return entry.source[len(CORPUS_SOURCE) :].rsplit(" ", 1)[0]


def user_data_dir() -> Path:
    """The user's yusuan data directory (``$YUSUAN_DATA_DIR`` if set, else the platform default)."""
    override = os.environ.get(DATA_DIR_ENV, "").strip()
    return Path(override) if override else Path(platformdirs.user_data_dir("yusuan"))


def imported_path(kind: CodeKind, year: int) -> Path:
    """Where the imported Ministry list for ``kind`` and ``year`` is (or would be) stored."""
    return user_data_dir() / "reference" / f"{kind.value}_{year}.csv"


def level_number(code: str) -> int:
    """1/2/3 for a 3/5/7-digit code, as written in the CSV ``level`` column."""
    return _LEVEL_NUMBER[len(code)]


def format_rows(entries: Iterable[Entry]) -> str:
    """The five-column CSV text for ``entries`` (used by the importer)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(CSV_COLUMNS)
    for entry in sorted(entries, key=lambda e: e.code):
        writer.writerow(
            [
                entry.code,
                entry.name,
                level_number(entry.code),
                entry.parent or "",
                entry.source,
            ]
        )
    return buffer.getvalue()


def parse_rows(text: str, kind: CodeKind, origin: str) -> list[Entry]:
    """Read the five-column CSV format; raise :class:`ReferenceDataError` on any malformed line."""
    reader = csv.DictReader(io.StringIO(text))
    if reader.fieldnames is None or tuple(reader.fieldnames) != CSV_COLUMNS:
        raise ReferenceDataError(f"参考数据文件 {origin} 的表头应为 {','.join(CSV_COLUMNS)}")
    entries: list[Entry] = []
    for line_no, row in enumerate(reader, start=2):
        try:
            code = normalise_code(row["code"] or "", kind)
        except CodeError as exc:
            raise ReferenceDataError(f"参考数据文件 {origin} 第{line_no}行：{exc}") from exc
        name = (row["name"] or "").strip()
        problems = []
        if not name:
            problems.append("科目名称为空")
        if (row["level"] or "").strip() != str(level_number(code)):
            problems.append(f"级次应为 {level_number(code)}")
        if (row["parent_code"] or "").strip() != (parent_of(code) or ""):
            problems.append(f"上级编码应为“{parent_of(code) or ''}”")
        if problems:
            raise ReferenceDataError(f"参考数据文件 {origin} 第{line_no}行（{code}）：{'；'.join(problems)}")
        entries.append(
            Entry(
                code,
                name,
                level_of(code),
                parent_of(code),
                (row["source"] or "").strip(),
            )
        )
    return entries


class Catalog:
    """The known subjects of one kind for one year.

    ``is_complete`` is True only when a full Ministry list was imported for the year; shipped
    fragments alone never make a catalog complete, so a code missing from an incomplete catalog
    proves nothing.
    """

    def __init__(
        self,
        year: int,
        kind: CodeKind,
        entries: Iterable[Entry],
        *,
        is_complete: bool,
        origins: Iterable[str] = (),
        printed: Iterable[Entry] = (),
    ) -> None:
        self.year = year
        self.kind = kind
        self.is_complete = is_complete
        self.origins: tuple[str, ...] = tuple(origins)
        self._entries: dict[str, Entry] = {}
        for entry in entries:
            self._entries.setdefault(entry.code, entry)
        self._printed: dict[str, list[Entry]] = {}
        for entry in printed:
            self._printed.setdefault(entry.code, []).append(entry)

    def _key(self, code: object) -> str | None:
        try:
            return normalise_code(code, self.kind)
        except CodeError:
            return None

    def lookup(self, code: object) -> Entry | None:
        """The entry for ``code`` (str or int), or None if unknown or not a well-formed code."""
        key = self._key(code)
        return self._entries.get(key) if key is not None else None

    def name_of(self, code: object) -> str | None:
        entry = self.lookup(code)
        return entry.name if entry is not None else None

    def __contains__(self, code: object) -> bool:
        return self.lookup(code) is not None

    def printed(self, code: object) -> list[Entry]:
        """The names documents of this year print beside ``code``, one entry per name and document,
        each citing file and page (``source``): evidence that a name was in use, not the official
        name (that is :meth:`name_of`). Empty when no corpus document of the year prints the code."""
        key = self._key(code)
        return list(self._printed.get(key, ())) if key is not None else []

    def all_printed(self) -> Iterator[Entry]:
        """Every name documents of this year print (see :meth:`printed`), ordered by code."""
        for code in sorted(self._printed):
            yield from self._printed[code]

    def __len__(self) -> int:
        return len(self._entries)

    def __iter__(self) -> Iterator[Entry]:
        return iter(sorted(self._entries.values(), key=lambda e: e.code))

    def classes(self) -> list[Entry]:
        """The 类 entries, ordered by code."""
        return [entry for entry in self if entry.parent is None]

    def children(self, code: object) -> list[Entry]:
        """The entries directly below ``code``, ordered by code."""
        key = self._key(code)
        return [entry for entry in self if key is not None and entry.parent == key]

    def __repr__(self) -> str:
        state = "complete" if self.is_complete else "partial"
        return f"Catalog({self.year}, {self.kind.value}, {len(self)} entries, {state})"


def _merge(groups: Iterable[Iterable[Entry]]) -> list[Entry]:
    """Merge entry lists in order; the first name for a code wins, later sources are appended.

    Shipped fragments are checked by the tests to agree wherever they overlap; should they ever
    disagree, the other name stays visible in ``source`` rather than being dropped.
    """
    merged: dict[str, Entry] = {}
    for group in groups:
        for entry in group:
            known = merged.get(entry.code)
            if known is None:
                merged[entry.code] = entry
            elif entry.source and entry.source not in known.source:
                extra = entry.source
                if entry.name != known.name:
                    extra = f"另见名称“{entry.name}”：{extra}"
                merged[entry.code] = Entry(
                    known.code,
                    known.name,
                    known.level,
                    known.parent,
                    f"{known.source}；{extra}",
                )
    return list(merged.values())


@lru_cache(maxsize=2)
def _shipped_index(corpus: bool = False) -> dict[tuple[CodeKind, int], tuple[str, ...]]:
    """Shipped file names by (kind, year), in name order: the reference fragments, or (``corpus``)
    the names printed in corpus documents."""
    index: dict[tuple[CodeKind, int], list[str]] = {}
    for item in resources.files("yusuan.reference").joinpath("data").iterdir():
        match = _SHIPPED_NAME.match(item.name)
        if match and item.name.endswith(f"_{CORPUS_TAG}.csv") == corpus:
            index.setdefault((CodeKind(match.group(1)), int(match.group(2))), []).append(item.name)
    return {key: tuple(sorted(names)) for key, names in index.items()}


@cache
def _shipped_file(name: str, kind: CodeKind) -> tuple[Entry, ...]:
    text = resources.files("yusuan.reference").joinpath("data", name).read_text(encoding="utf-8")
    return tuple(parse_rows(text, kind, name))


def shipped_files(kind: CodeKind, year: int) -> tuple[str, ...]:
    """Names of the shipped reference fragment files for ``kind`` and ``year`` (not the corpus
    files: see :func:`corpus_files`)."""
    return _shipped_index().get((kind, year), ())


def corpus_files(kind: CodeKind, year: int) -> tuple[str, ...]:
    """Names of the shipped files of names printed in corpus documents of ``year``."""
    return _shipped_index(corpus=True).get((kind, year), ())


def _shipped_entries(kind: CodeKind, year: int) -> list[Entry]:
    return _merge(_shipped_file(name, kind) for name in shipped_files(kind, year))


def _imported_entries(kind: CodeKind, year: int) -> list[Entry] | None:
    path = imported_path(kind, year)
    if not path.is_file():
        return None
    return parse_rows(path.read_text(encoding="utf-8"), kind, str(path))


def load_catalog(year: int, kind: CodeKind = CodeKind.FUNCTION) -> Catalog:
    """The catalog for ``year``: the imported list (if any) first, then shipped fragments of that year.

    For a year with no data at all the catalog is empty; see :func:`nearest_years`.
    """
    imported = _imported_entries(kind, year)
    origins = [str(imported_path(kind, year))] if imported is not None else []
    origins.extend(shipped_files(kind, year))
    # Catalog keeps the first entry per code, so imported names win over shipped ones.
    entries = [*(imported or []), *_shipped_entries(kind, year)]
    printed = [entry for name in corpus_files(kind, year) for entry in _shipped_file(name, kind)]
    return Catalog(year, kind, entries, is_complete=imported is not None, origins=origins, printed=printed)


def function_classes(year: int) -> list[Entry]:
    """The ordered 类 of the function classification for ``year``.

    From the imported list if there is one, else from shipped data of that year (which may be
    incomplete, or empty: check :func:`nearest_years`).
    """
    imported = _imported_entries(CodeKind.FUNCTION, year)
    entries = imported if imported is not None else _shipped_entries(CodeKind.FUNCTION, year)
    return sorted((e for e in entries if e.parent is None), key=lambda e: e.code)


def available_years(kind: CodeKind) -> list[int]:
    """Years with any data (imported or shipped) for ``kind``, ascending."""
    years = {year for (k, year) in _shipped_index() if k is kind}
    folder = user_data_dir() / "reference"
    if folder.is_dir():
        for path in folder.iterdir():
            match = _IMPORTED_NAME.match(path.name)
            if match and match.group(1) == kind.value:
                years.add(int(match.group(2)))
    return sorted(years)


def evidence_years(kind: CodeKind) -> list[int]:
    """Years for which corpus documents' printed names are shipped, ascending."""
    return sorted(year for (k, year) in _shipped_index(corpus=True) if k is kind)


def nearest_years(kind: CodeKind, year: int | None = None) -> list[int]:
    """Years with data for ``kind``: closest to ``year`` first (earlier year on a tie), or ascending."""
    years = available_years(kind)
    if year is None:
        return years
    return sorted(years, key=lambda y: (abs(y - year), y))
