"""What checking one document of a batch gave: a plain record that pickles, travels to and from
Dask workers, goes into the cache and into the report as JSON."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import asdict, dataclass, field
from enum import StrEnum
from pathlib import Path
from typing import Any


class Status(StrEnum):
    OK = "ok"  # read and checked (it may have findings)
    UNREADABLE = "unreadable"  # the reader refused the file (damaged, encrypted, not a document …)
    CRASHED = "crashed"  # yusuan raised, or the worker process died
    TIMEOUT = "timeout"  # longer than --timeout: the worker was stopped
    MEMORY = "memory"  # more memory than --memory-limit

    @property
    def label(self) -> str:
        return {
            "ok": "已核对",
            "unreadable": "无法读取",
            "crashed": "程序出错",
            "timeout": "超时",
            "memory": "内存不足",
        }[self.value]


# What a rerun may take from the cache: the same bytes give the same result. A crash, a timeout or
# a memory limit may depend on the machine or the options: those are tried again.
CACHEABLE = frozenset({Status.OK, Status.UNREADABLE})


@dataclass
class DocumentResult:
    """One document's result: its files, status, what was read, the findings and the time taken."""

    files: list[str]
    status: Status
    message: str = ""  # Chinese: why the status is not ok
    title: str | None = None
    unit: str | None = None
    year: int | None = None
    stage: str | None = None
    scope: str | None = None
    layout: str | None = None
    pages: int | None = None
    tables: int = 0
    counts: dict[str, int] = field(default_factory=lambda: {"error": 0, "warning": 0, "notice": 0})
    findings: list[dict[str, Any]] = field(default_factory=list)  # as CheckReport.to_json() gives them
    failed_rules: list[str] = field(default_factory=list)
    seconds: float = 0.0  # float-ok: elapsed time
    cached: bool = False

    @property
    def errors(self) -> int:
        return self.counts.get("error", 0)

    @property
    def name(self) -> str:
        """The document as a person names it: its first file as given, then the other files' names."""
        first, *others = self.files
        return " + ".join([first, *(Path(f).name for f in others)])

    def to_json(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> DocumentResult:
        known = {k: v for k, v in data.items() if k in cls.__dataclass_fields__}
        return cls(**{**known, "status": Status(data["status"])})

    def renamed(self, names: Mapping[str, str]) -> DocumentResult:
        """The same result with each path in ``names`` replaced by its new name, wherever it
        occurs (file list, messages, provenance): a file read under another name (a worker's copy,
        an absolute path, a cached result of a file since moved) is shown as the user named it."""
        if not names or all(old == new for old, new in names.items()):
            return self
        pairs = sorted(names.items(), key=lambda kv: -len(kv[0]))
        return DocumentResult.from_json(replace_strings(self.to_json(), pairs))


def replace_strings(value: Any, pairs: list[tuple[str, str]]) -> Any:
    """``value`` (JSON: dicts, lists, strings) with every ``old`` of ``pairs`` replaced by its ``new``
    in every string, in the order given (the longest first, where one path holds another)."""
    if isinstance(value, str):
        for old, new in pairs:
            value = value.replace(old, new)
        return value
    if isinstance(value, dict):
        return {k: replace_strings(v, pairs) for k, v in value.items()}
    if isinstance(value, list):
        return [replace_strings(v, pairs) for v in value]
    return value


def failure(
    files: list[str],
    status: Status,
    message: str,
    seconds: float = 0.0,  # float-ok: elapsed time
) -> DocumentResult:
    """The result of a document that could not be checked."""
    return DocumentResult(files=files, status=status, message=message, seconds=round(seconds, 2))


def totals(results: Iterable[DocumentResult]) -> dict[str, Any]:
    """Documents by status, findings by severity, seconds and cached documents, over a batch."""
    out: dict[str, Any] = {
        "documents": 0,
        "status": {s.value: 0 for s in Status},
        "counts": {"error": 0, "warning": 0, "notice": 0},
        "seconds": 0.0,
        "cached": 0,
    }
    for result in results:
        out["documents"] += 1
        out["status"][result.status.value] += 1
        for severity, count in result.counts.items():
            out["counts"][severity] = out["counts"].get(severity, 0) + count
        out["seconds"] += result.seconds
        out["cached"] += result.cached
    out["seconds"] = round(out["seconds"], 2)
    return out


EXIT_OK = 0
EXIT_ERRORS = 1  # some document has errors
EXIT_UNCHECKED = 2  # no errors, but some document could not be read or checked


def exit_code(results: Iterable[DocumentResult]) -> int:
    """1 when any document has errors; otherwise 2 when any could not be read or checked; else 0."""
    results = list(results)
    if any(r.errors for r in results):
        return EXIT_ERRORS
    if any(r.status is not Status.OK for r in results):
        return EXIT_UNCHECKED
    return EXIT_OK
