"""yusuan template, new and import: a budget started from a blank workbook, last year, or an official template."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import click
from rich.console import Console
from rich.markup import escape

from yusuan.cli.app import main
from yusuan.cli.console import stderr
from yusuan.cli.errors import EXIT_INPUT, friendly


def _refuse_existing(output: Path, force: bool) -> None:
    if output.exists() and not force:
        raise click.UsageError(f"文件已存在：{output}；要覆盖请加 --force")
    if output.suffix.lower() not in (".xlsx", ".yaml", ".yml"):
        raise click.UsageError(f"输出文件应以 .xlsx、.yaml 或 .yml 结尾：{output}")


@main.command()
@click.option("--layout", "layout_id", required=True, help="版式；yusuan layouts 列出可用版式。")
@click.option("--year", type=click.IntRange(2000, 2100), help="预算年度（默认为版式适用的最近年度）。")
@click.option("-o", "--output", required=True, type=click.Path(path_type=Path), help="输出的 .xlsx 文件。")
@click.option("--force", is_flag=True, help="覆盖已存在的文件。")
@friendly
def template(layout_id: str, year: int | None, output: Path, force: bool) -> None:
    """生成空白的预算填报工作簿（.xlsx）：每部分一张表，填好后可直接 check、build。"""
    from yusuan.layout import load_layout
    from yusuan.source.workbook import save_workbook, template_workbook

    if output.suffix.lower() != ".xlsx":
        raise click.UsageError(f"填报工作簿应以 .xlsx 结尾：{output}")
    _refuse_existing(output, force)
    profile = load_layout(layout_id)
    chosen = year or max(profile.years)
    save_workbook(template_workbook(chosen, profile.id), output)
    click.echo(f"已生成 {chosen} 年预算填报工作簿（版式 {profile.id}）：{output}")


@main.command()
@click.option("--layout", "layout_id", required=True, help="版式；yusuan layouts 列出可用版式。")
@click.option("--year", required=True, type=click.IntRange(2000, 2100), help="新预算的年度。")
@click.option("--unit", "unit_name", help="单位全称（用 --from 时默认取上年的）。")
@click.option(
    "--from",
    "last_year",
    type=click.Path(path_type=Path, exists=True),
    help="上年的预算源（YAML、文件夹或填报工作簿）或上年公开的预算文件（PDF 等）。",
)
@click.option(
    "-o", "--output", required=True, type=click.Path(path_type=Path), help="输出文件：.yaml 或 .xlsx。"
)
@click.option("--force", is_flag=True, help="覆盖已存在的文件。")
@friendly
def new(
    layout_id: str, year: int, unit_name: str | None, last_year: Path | None, output: Path, force: bool
) -> None:
    """开始一个单位某年度的预算（YAML 或填报工作簿），可从上年的预算源或公开文件带入上年数。"""
    from yusuan.budgetfile import is_budget_source, load_budget
    from yusuan.layout import load_layout
    from yusuan.source.newbudget import blank, from_budget, from_document, write_start

    _refuse_existing(output, force)
    layout = load_layout(layout_id).id
    if last_year is None:
        if not unit_name:
            raise click.UsageError("请用 --unit 给出单位全称，或用 --from 给出上年的预算")
        start = blank(year, layout, unit_name)
    elif is_budget_source(last_year):
        start = from_budget(load_budget(last_year), year, layout, unit_name)
    else:
        from yusuan.read.reader import read_publication

        start = from_document(read_publication([last_year]).document, year, layout, unit_name)
    write_start(start, output)
    out = Console(highlight=False, soft_wrap=True)
    out.print(f"已生成 {year} 年预算（版式 {layout}）：{escape(str(output))}")
    for item in start.taken:
        out.print(f"  [green]✓[/] 带入：{escape(item)}")
    for item in start.missing:
        out.print(f"  [yellow]•[/] 未带入：{escape(item)}")
    out.print("本年数待填写；填好后用 yusuan check 核对。")


@main.command("import")
@click.argument("workbook", type=click.Path(path_type=Path, exists=True, dir_okay=False))
@click.option(
    "-o",
    "--output",
    required=True,
    type=click.Path(path_type=Path, dir_okay=False),
    help="写出的预算源（YAML）。",
)
@click.option("--force", is_flag=True, help="覆盖已存在的输出文件。")
@click.option("--json", "as_json", is_flag=True, help="以 JSON 输出报告（格式见 docs/import.md）。")
@friendly
def import_template(workbook: Path, output: Path, force: bool, as_json: bool) -> None:
    """把填好的官方预算模板（Excel）导入为预算源 budget.yaml，并报告读到、缺少和未能读入的内容。

    \b
    退出码：0 已导入，预算完整可用；1 已写出 YAML，但缺少预算必需的内容（见报告，补全后可用）；
    2 不是官方模板、模板中数字不一致（逐一列出工作表和单元格）或无法写出，什么也不写。见 docs/import.md。"""
    from yusuan.importer import import_workbook
    from yusuan.importer.yamlout import write_budget_yaml

    result = import_workbook(workbook)
    if result is None:
        stderr().print(
            f"[bold red]错误：[/]{escape(str(workbook))} 不是可导入的官方预算模板（第一个工作表应为模板封面，"
            "如上海市普陀区部门、单位预算模板）；已公开的预算文件请用 yusuan read 或 yusuan check 读取"
        )
        sys.exit(EXIT_INPUT)
    out = Console(highlight=False, soft_wrap=True)
    if as_json:
        click.echo(json.dumps(result.to_json(), ensure_ascii=False, indent=2))
    else:
        for line in result.report_lines():
            out.print(line, markup=False)
    if result.errors:
        stderr().print(f"[bold red]模板中有 {len(result.errors)} 处数字不一致，未写出预算源。[/]")
        sys.exit(EXIT_INPUT)
    try:
        write_budget_yaml(result, output, force)
    except FileExistsError:
        stderr().print(f"[bold red]错误：[/]{escape(str(output))} 已存在；要覆盖请加 --force")
        sys.exit(EXIT_INPUT)
    if not as_json:
        out.print(f"已写入 {output}", markup=False)
    if result.required:
        stderr().print("[yellow]预算源还缺少必需的内容（见上），补全后才能生成或核对。[/]")
        sys.exit(1)
