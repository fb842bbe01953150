"""Read and check uploaded files as one publication, in a child process with a time and memory
limit (``yusuan.batch.isolated``): a file that hangs or crashes a C library ends the child, not the
server. The child returns a plain record (JSON): what the document is, the reading report, the
findings with the page and box each concerns, and the size of those pages."""

from __future__ import annotations

import threading
from pathlib import Path
from typing import Any

from yusuan.batch.isolated import run_isolated
from yusuan.batch.pool import CRASHED, MEMORY, TIMEOUT
from yusuan.batch.result import replace_strings
from yusuan.batch.runner import READ_GRACE
from yusuan.check.runner import check_document
from yusuan.read.detect import detect_format
from yusuan.read.limits import DEFAULT_TIMEOUT, OverLimit, ReadError
from yusuan.read.reader import read_publication
from yusuan.web.pages import geometry
from yusuan.web.uploads import Stored

SCHEMA = "yusuan/web-check@1"
# the reader stops itself at its own deadline; the child is stopped a little later (as in a batch)
CHILD_TIMEOUT = DEFAULT_TIMEOUT + READ_GRACE  # float-ok: seconds
MEMORY_LIMIT = 4096  # megabytes of address space for the child
# checks running at once: each takes a CPU; more wait their turn
_SLOTS = threading.BoundedSemaphore(2)


class Refused(Exception):
    """Files that could not be checked: a Chinese message and the HTTP status to answer with."""

    def __init__(self, message: str, status: int) -> None:
        super().__init__(message)
        self.message = message
        self.status = status


def check_files(paths: list[str]) -> dict[str, Any]:
    """In the child: read ``paths`` as one publication and check it; the record of what was found,
    or ``{"refused": message, "over_limit": bool}`` when the reader refuses a file."""
    try:
        read = read_publication([Path(p) for p in paths])
    except ReadError as exc:
        return {"refused": exc.message, "over_limit": isinstance(exc, OverLimit)}
    checked = check_document(read.document)
    document = read.document
    index = {path: number for number, path in enumerate(paths)}
    findings = []
    for number, finding in enumerate(checked.findings):
        record = finding.to_json()
        record["id"] = number + 1
        provenance = finding.provenance
        record["file_index"] = index.get(provenance.file or "") if provenance else None
        findings.append(record)
    files = []
    for number, path in enumerate(paths):
        fmt = detect_format(path)
        pages = sum(1 for fact in document.pages if fact.file == path)
        wanted = {
            f["provenance"]["page"]
            for f in findings
            if f["file_index"] == number and (f["provenance"] or {}).get("page")
        }
        files.append(
            {
                "index": number,
                "format": fmt,
                "pages": pages,
                "geometry": {str(page): size for page, size in geometry(Path(path), wanted).items()}
                if fmt == "pdf"
                else {},
            }
        )
    return {
        "schema": SCHEMA,
        "facts": {
            "title": document.title,
            "unit": document.unit_name,
            "year": document.year or None,
            "stage": document.stage,
            "scope": document.scope,
            "coverage": document.coverage,
            "layout": read.report.layout,
            "layout_name": read.report.layout_name,
            "layout_fit": str(document.layout_fit),
            "evidence": document.evidence,
            "remarks": document.remarks,
        },
        "report": {**read.report.to_json(), "lines": read.report.lines()},
        "counts": checked.counts(),
        "findings": findings,
        "failed_rules": checked.failed_rules,
        "files": files,
    }


def inspect(stored: list[Stored]) -> dict[str, Any]:
    """Check the stored files in a child process; the record, with each file under the name the
    user gave it. Raises ``Refused`` (400 for a file the reader cannot read, 413 for one over a
    limit or past the time limit, 500 when the check itself failed)."""
    paths = [str(s.path) for s in stored]
    names = "、".join(s.name for s in stored)
    pairs = sorted(((str(s.path), s.name) for s in stored), key=lambda pair: -len(pair[0]))
    with _SLOTS:
        outcome = run_isolated(check_files, paths, timeout=CHILD_TIMEOUT, memory_limit=MEMORY_LIMIT)
    if outcome.failure == TIMEOUT:
        raise Refused(f"检查超时（超过 {CHILD_TIMEOUT:g} 秒），已停止：{names}", 413)
    if outcome.failure == MEMORY:
        raise Refused(f"文件太大，检查时内存不足，已停止：{names}", 413)
    if outcome.failure == CRASHED or not isinstance(outcome.value, dict):
        reason = outcome.message or "没有返回结果"
        raise Refused(
            f"检查时程序出错（{replace_strings(reason, pairs)}），请将文件报告给维护者：{names}", 500
        )
    record: dict[str, Any] = replace_strings(outcome.value, pairs)
    if "refused" in record:
        raise Refused(str(record["refused"]), 413 if record.get("over_limit") else 400)
    for entry, item in zip(record["files"], stored, strict=True):
        entry["name"] = item.name
    return record
