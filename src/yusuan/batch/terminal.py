"""A batch in the terminal: a progress bar while it runs (on stderr, only on a terminal) and a
summary table when it is done (one line per document, then the totals)."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path

from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table
from rich.text import Text

from yusuan.batch.result import DocumentResult, Status, totals
from yusuan.batch.runner import OnResult

_STATUS_STYLE = {
    Status.OK: "green",
    Status.UNREADABLE: "bright_black",
    Status.CRASHED: "magenta",
    Status.TIMEOUT: "yellow",
    Status.MEMORY: "yellow",
}


@contextmanager
def progress_bar(console: Console, total: int, enabled: bool) -> Iterator[OnResult]:
    """A callback that advances a bar by one document (a no-op when ``enabled`` is false)."""
    if not enabled:
        yield lambda index, result: None
        return
    with Progress(
        TextColumn("核对"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        TextColumn("{task.description}"),
        console=console,
        transient=True,
    ) as progress:
        task = progress.add_task("", total=total)

        def advance(index: int, result: DocumentResult) -> None:
            progress.update(task, advance=1, description=Path(result.files[0]).name)

        yield advance


def print_summary(console: Console, results: Sequence[DocumentResult]) -> None:
    """One line per document (file, status, year, unit, findings, seconds), then the totals."""
    table = Table(show_edge=False, pad_edge=False, header_style="bold")
    table.add_column("文件", overflow="fold")
    table.add_column("状态", no_wrap=True)
    table.add_column("年度", justify="right")
    table.add_column("单位", overflow="fold")
    for title in ("错误", "警告", "提示", "秒"):
        table.add_column(title, justify="right", no_wrap=True)
    for result in results:
        name = Text(result.name)
        counts = result.counts
        table.add_row(
            name,
            Text(result.status.label, style="bold red" if result.errors else _STATUS_STYLE[result.status]),
            str(result.year or ""),
            Text(result.unit or ""),
            Text(str(counts.get("error", 0)), style="bold red" if counts.get("error") else ""),
            str(counts.get("warning", 0)),
            str(counts.get("notice", 0)),
            "缓存" if result.cached else f"{result.seconds:.1f}",  # float-ok: display only
        )
    console.print(table)
    unchecked = [r for r in results if r.message]
    if unchecked:
        console.print("\n未能核对的文件：", style="bold")
        for result in unchecked:
            console.print(Text(f"  {result.name}：", style="bold") + Text(result.message))
    t = totals(results)
    by_status = "，".join(f"{s.label} {t['status'][s.value]}" for s in Status if t["status"][s.value])
    cached = f"（{t['cached']} 份取自缓存）" if t["cached"] else ""
    counts = t["counts"]
    console.print(
        f"共 {t['documents']} 份文件：{by_status}；错误 {counts['error']}，警告 {counts['warning']}，"
        f"提示 {counts['notice']}；用时合计 {t['seconds']:.1f} 秒{cached}",  # float-ok: display only
        style="bold",
    )
