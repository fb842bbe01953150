"""yusuan read: a published document read, and what was read where."""

from __future__ import annotations

import json
from pathlib import Path

import click
from rich.console import Console

from yusuan.cli.app import main
from yusuan.cli.console import stderr, working
from yusuan.cli.errors import friendly


@main.command()
@click.argument("input_paths", metavar="INPUT...", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option(
    "-o", "--output", type=click.Path(path_type=Path), help="把读取结果（文档与报告）写成 JSON 文件。"
)
@click.option("--show", is_flag=True, help="逐表显示读到的内容及其出处（页、行、单元格）。")
@friendly
def read(input_paths: tuple[Path, ...], output: Path | None, show: bool) -> None:
    """读取已公开的预算文件（文本、HTML、DOCX、XLSX、PDF），报告读到了什么、缺了什么。

    一份公开文件分成几个文件发布时（如说明一个 PDF、表格一个 PDF），把它们依次列出，按一份文件读取。"""
    from rich.table import Table as RichTable

    from yusuan.read.reader import read_publication, where

    with working(stderr(), f"读取 {'、'.join(p.name for p in input_paths)}"):
        result = read_publication(list(input_paths))
    console = Console(highlight=False, soft_wrap=True)
    if output is not None:
        payload = {
            "document": result.document.model_dump(mode="json", exclude_none=True),
            "report": result.report.to_json(),
        }
        output.parent.mkdir(parents=True, exist_ok=True)
        output.write_text(json.dumps(payload, ensure_ascii=False, indent=2), encoding="utf-8")
    for line in result.report.lines():
        console.print(line, markup=False)
    if show:
        for table in result.document.tables:
            rich = RichTable(
                title=f"{table.number or ''} {table.title}（单位：{table.unit.value if table.unit else '?'}）"
            )
            for column in table.columns:
                rich.add_column(column.title)
            rich.add_column("出处")
            for row in table.rows:
                origin = next((c.provenance for c in row.cells if c.provenance), None)
                rich.add_row(*(c.text for c in row.cells), where(origin))
            console.print(rich)
    if output is not None:
        console.print(f"已写入 {output}")
