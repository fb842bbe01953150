"""The report folder of a batch (``--report DIR``): for people and for programs.

* ``index.html`` — one row per document (file, status, year, unit, layout, pages, findings by
  severity, seconds), sortable by any column, each linking to the document's page;
* ``documents/NNN-NAME.html`` — a document's findings, each page number linking to the source
  file at that page (``FILE#page=N``, relative to the report, so the folder and the sources can
  move together);
* ``summary.json`` — the same as JSON (every result with its findings); ``summary.csv`` — the
  table for Excel (UTF-8 with BOM, so that Excel reads the Chinese).

A folder that exists, is not empty and is not an earlier report is refused: a report never
overwrites someone's files.
"""

from __future__ import annotations

import csv
import io
import json
import os
import re
import shutil
from collections.abc import Sequence
from datetime import datetime
from pathlib import Path
from typing import Any
from urllib.parse import quote

from yusuan import __version__
from yusuan.atomic import write_atomic
from yusuan.batch.inputs import REPORT_SCHEMA, is_report_folder
from yusuan.batch.result import DocumentResult, totals
from yusuan.batch.runner import BatchError
from yusuan.check.report import finding_rows, report_style, report_templates

PAGES = "documents"
CSV_COLUMNS = (
    "文件",
    "状态",
    "说明",
    "年度",
    "单位",
    "版式",
    "页数",
    "错误",
    "警告",
    "提示",
    "用时（秒）",
    "缓存",
)


def prepare_folder(folder: Path) -> None:
    """Refuse a folder that holds other things than an earlier report (before any work is done)."""
    if folder.exists() and not folder.is_dir():
        raise BatchError(f"报告位置 {folder} 已存在且不是文件夹")
    if folder.is_dir() and any(folder.iterdir()) and not is_report_folder(folder):
        raise BatchError(
            f"报告文件夹 {folder} 已存在，不是空文件夹，也不是 yusuan 以前写的核对报告："
            "为免覆盖其中的文件，未写入报告；请换一个文件夹"
        )


def _page_name(number: int, result: DocumentResult) -> str:
    stem = re.sub(r"[^\w\-]+", "-", Path(result.files[0]).stem).strip("-")[:60] or "document"
    return f"{PAGES}/{number:03d}-{stem}.html"


def _link(file: str, start: Path) -> str:
    """A relative address of ``file`` from the folder ``start``."""
    return quote(Path(os.path.relpath(Path(file).resolve(), start.resolve())).as_posix())


def _file_names(result: DocumentResult) -> tuple[str, str]:
    """The document's file names (one, or text + tables) and the folder they are in."""
    names = " + ".join(Path(f).name for f in result.files)
    folder = Path(result.files[0]).parent.as_posix()
    return names, "" if folder == "." else folder + "/"


def _row(result: DocumentResult) -> dict[str, Any]:
    return {
        "文件": result.name,
        "状态": result.status.label,
        "说明": result.message,
        "年度": result.year or "",
        "单位": result.unit or "",
        "版式": result.layout or "",
        "页数": result.pages or "",
        "错误": result.counts.get("error", 0),
        "警告": result.counts.get("warning", 0),
        "提示": result.counts.get("notice", 0),
        "用时（秒）": result.seconds,
        "缓存": "是" if result.cached else "",
    }


def _csv(results: Sequence[DocumentResult]) -> str:
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=CSV_COLUMNS)
    writer.writeheader()
    writer.writerows(_row(result) for result in results)
    return out.getvalue()


def summary_data(
    results: Sequence[DocumentResult], created: str | None = None, pages: Sequence[str] | None = None
) -> dict[str, Any]:
    """summary.json (and ``yusuan check --json`` of a batch): totals, then every result."""
    documents = [r.to_json() for r in results]
    if pages is not None:
        documents = [{**d, "page": p} for d, p in zip(documents, pages, strict=True)]
    return {
        "schema": REPORT_SCHEMA,
        "generator": f"yusuan {__version__}",
        "created": created or datetime.now().astimezone().isoformat(timespec="seconds"),
        "totals": totals(results),
        "documents": documents,
    }


def _document_page(result: DocumentResult, page: str, folder: Path, style: str, created: str) -> str:
    where = (folder / page).parent

    def link(file: str, number: int) -> str:
        return f"{_link(file, where)}#page={number}"

    return (
        report_templates("yusuan.batch")
        .get_template("document.html.j2")
        .render(
            result=result,
            sources=[(file, _link(file, where)) for file in result.files],
            rows=finding_rows(result.findings, link),
            style=style,
            created=created,
            version=__version__,
        )
    )


def write_report(folder: Path, results: Sequence[DocumentResult]) -> Path:
    """Write the report of ``results`` into ``folder``; the path of its index.html."""
    prepare_folder(folder)
    created = datetime.now().astimezone().isoformat(timespec="seconds")
    pages = [_page_name(number, result) for number, result in enumerate(results, 1)]
    data = summary_data(results, created, pages)
    # summary.json first: it marks the folder as a report, so that a rerun may replace it
    write_atomic(folder / "summary.json", json.dumps(data, ensure_ascii=False, indent=1))
    write_atomic(folder / "summary.csv", _csv(results), encoding="utf-8-sig")
    shutil.rmtree(folder / PAGES, ignore_errors=True)  # an earlier report's pages
    style = report_style() + "\n" + report_style("yusuan.batch", "batch.css")
    for page, result in zip(pages, results, strict=True):
        write_atomic(folder / page, _document_page(result, page, folder, style, created))
    index = (
        report_templates("yusuan.batch")
        .get_template("index.html.j2")
        .render(
            documents=[(r, p, *_file_names(r)) for r, p in zip(results, pages, strict=True)],
            totals=data["totals"],
            with_errors=sum(1 for r in results if r.errors),
            style=style,
            created=created,
            version=__version__,
        )
    )
    write_atomic(folder / "index.html", index)
    return folder / "index.html"
