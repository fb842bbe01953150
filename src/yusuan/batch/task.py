"""The work of one document: read it and check it. It runs in a worker process (or on a Dask
worker), so it takes and returns plain picklable records."""

from __future__ import annotations

import time
from dataclasses import dataclass
from pathlib import Path

from yusuan.batch.result import DocumentResult, Status, failure


@dataclass(frozen=True)
class Task:
    """One document to check: its files as the worker opens them and as the user named them."""

    files: tuple[str, ...]  # the paths the worker reads (absolute on a cluster, a copy with --upload)
    shown: tuple[str, ...]  # the same files as named on the command line: messages and report use these
    rules: tuple[str, ...] | None = None  # the selected rule ids (--rule), or None for all
    read_timeout: float = 120.0  # float-ok: seconds; the reader's own deadline

    def with_files(self, files: tuple[str, ...]) -> Task:
        return Task(files, self.shown, self.rules, self.read_timeout)


def check_task(task: Task) -> DocumentResult:
    """Read and check one document. A file the reader refuses is an ``unreadable`` result; any
    other exception is left to the worker that runs this, which records it as a crash."""
    from yusuan.check.runner import check_document
    from yusuan.read.limits import ReadError
    from yusuan.read.reader import read_publication

    started = time.perf_counter()
    names = dict(zip(task.files, task.shown, strict=True))
    try:
        read = read_publication([Path(f) for f in task.files], timeout=task.read_timeout)
    except ReadError as exc:
        result = failure(list(task.files), Status.UNREADABLE, exc.message, time.perf_counter() - started)
        return result.renamed(names)
    only = set(task.rules) if task.rules is not None else None
    report = check_document(read.document, only=only)
    document = read.document
    checked = report.to_json()
    result = DocumentResult(
        files=list(task.files),
        status=Status.OK,
        title=document.title or None,
        unit=document.unit_name or None,
        year=document.year or None,
        stage=document.stage or None,
        scope=document.scope or None,
        layout=document.layout,
        pages=read.report.pages,
        tables=len(document.tables),
        counts=checked["counts"],
        findings=checked["findings"],
        failed_rules=checked["failed_rules"],
        seconds=round(time.perf_counter() - started, 2),
    )
    return result.renamed(names)
