"""yusuan reference: the classification codes imported and looked up."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from yusuan.cli.app import main
from yusuan.cli.errors import friendly


@main.group()
def reference() -> None:
    """政府收支分类科目：导入财政部科目表、查询科目。"""


@reference.command("import")
@click.argument("file", type=click.Path(path_type=Path, exists=True, dir_okay=False))
@click.option("--year", required=True, type=click.IntRange(2000, 2100), help="科目表适用的预算年度。")
@click.option("--replace", is_flag=True, help="替换已导入的同年度科目表。")
@friendly
def reference_import(file: Path, year: int, replace: bool) -> None:
    """从财政部科目表（.xlsx 或 .csv）导入某年度的科目，供以后核对使用。"""
    from yusuan.reference import import_reference

    result = import_reference(file, year, replace=replace)
    click.echo(result.summary())


@reference.command("show")
@click.argument("code")
@click.option("--year", required=True, type=click.IntRange(2000, 2100))
@friendly
def reference_show(code: str, year: int) -> None:
    """查询一个科目编码在某年度的名称与来源。"""
    from yusuan.model.codes import CodeKind
    from yusuan.reference import load_catalog, nearest_years

    kind = CodeKind.of(code)
    catalog = load_catalog(year, kind)
    entry = catalog.lookup(code)
    printed = catalog.printed(code)
    if entry is None:
        years = "、".join(str(y) for y in nearest_years(kind, year)) or "无"
        click.echo(f"{year} 年的{kind.label}中没有 {code}（有数据的年度：{years}）")
    else:
        click.echo(f"{entry.code} {entry.name}（{entry.level}级）\n来源：{entry.source}")
    if printed:
        click.echo(f"{year} 年的预算公开文件印出的名称（{len(printed)} 份，仅为使用证据，不是科目表）：")
        for name in dict.fromkeys(e.name for e in printed):
            sources = [e.source for e in printed if e.name == name]
            more = f" 等 {len(sources)} 份" if len(sources) > 1 else ""
            click.echo(f"  {name}：{sources[0]}{more}")
    if entry is None:
        sys.exit(1)
