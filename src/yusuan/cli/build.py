"""yusuan schema, show and build: a budget source shown, or built into the disclosure files."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

import click
from rich.console import Console

from yusuan.cli.app import main
from yusuan.cli.console import stderr
from yusuan.cli.errors import friendly


@main.command()
@friendly
def schema() -> None:
    """打印预算源文件格式的 JSON Schema。"""
    from yusuan.model.budget import Budget

    click.echo(json.dumps(Budget.model_json_schema(), ensure_ascii=False, indent=2))


@main.command()
@click.argument("source", type=click.Path(path_type=Path))
@click.option("--layout", "layout_id", help="按此版式排列公开表（默认用预算中指定的版式）。")
@click.option(
    "--json", "as_json", is_flag=True, help="以 JSON 输出预算及全部派生数（金额为万元，十进制文本）。"
)
@click.option(
    "--document", "with_document", is_flag=True, help="与 --json 同用：同时输出按版式生成的公开文档。"
)
@click.option("--summary", "summary_only", is_flag=True, help="只显示摘要，不显示各表全文。")
@friendly
def show(source: Path, layout_id: str | None, as_json: bool, with_document: bool, summary_only: bool) -> None:
    """显示预算摘要与按版式排列的公开表。"""
    from yusuan.budgetfile import load_budget
    from yusuan.compute import compute
    from yusuan.generate import build_document
    from yusuan.layout import load_layout
    from yusuan.render.terminal import print_show

    if with_document and not as_json:
        raise click.UsageError(
            "--document 只与 --json 同用：它在 JSON 中加上按版式生成的公开文档（表、说明、绩效目标表）。"
            "不加 --json 时，yusuan show 本来就显示按版式排列的全部公开表（--summary 只显示摘要）"
        )
    budget = load_budget(source)
    figures = compute(budget)
    chosen = layout_id or budget.layout
    if chosen is None:
        raise click.UsageError("预算未指定版式（layout），请用 --layout 指定；yusuan layouts 列出可用版式")
    document = build_document(budget, load_layout(chosen), figures)
    if as_json:
        payload: dict[str, Any] = {
            "budget": budget.model_dump(mode="json", exclude_none=True),
            "figures": figures.to_json(),
        }
        if with_document:
            payload["document"] = document.model_dump(mode="json", exclude_none=True)
        click.echo(json.dumps(payload, ensure_ascii=False, indent=2))
        return
    print_show(Console(), figures, document, tables=not summary_only)


@main.command()
@click.argument("source", type=click.Path(path_type=Path))
@click.option("-o", "--output", "output", required=True, type=click.Path(path_type=Path), help="输出文件夹。")
@click.option(
    "--format", "formats", default="docx,pdf,html,xlsx", show_default=True, help="输出格式，逗号分隔。"
)
@click.option("--layout", "layout_id", help="版式（默认用预算中指定的版式）；yusuan layouts 列出可用版式。")
@click.option(
    "--templates",
    "templates_dir",
    type=click.Path(path_type=Path, file_okay=False, exists=True),
    help="自己的说明文字模板文件夹（优先于内置模板）。",
)
@click.option("--force", is_flag=True, help="覆盖已存在且被修改过的输出文件。")
@click.option("--strict", is_flag=True, help="核对发现“错误”时不生成任何文件，退出码为 1。")
@friendly
def build(
    source: Path,
    output: Path,
    formats: str,
    layout_id: str | None,
    templates_dir: Path | None,
    force: bool,
    strict: bool,
) -> None:
    """生成公开文件（DOCX、PDF、HTML、XLSX），并核对将要写出的文档。

    \b
    核对结果的摘要列在文件清单之后，完整的核对报告（HTML 和 JSON）写在公开文件旁边。
    有“错误”时仍生成文件、退出码为 0（摘要中醒目标出）；加 --strict 则不生成任何文件、退出码为 1。"""
    from rich.progress import BarColumn, Progress, TextColumn, TimeElapsedColumn

    from yusuan.budgetfile import load_budget
    from yusuan.check.report import html_report, print_summary
    from yusuan.check.runner import check_document
    from yusuan.compute import compute
    from yusuan.generate import build_document
    from yusuan.layout import load_layout
    from yusuan.render.manifest import REPORT_HTML, REPORT_JSON
    from yusuan.render.output import parse_formats, write_outputs
    from yusuan.termination import signals_raise

    chosen = parse_formats(formats)
    budget = load_budget(source)
    layout = layout_id or budget.layout
    if layout is None:
        raise click.UsageError("预算未指定版式（layout），请用 --layout 指定；yusuan layouts 列出可用版式")
    document = build_document(budget, load_layout(layout), compute(budget), templates_dir)
    report = check_document(document)  # the very document about to be written
    if strict and report.errors:
        err = stderr()
        print_summary(err, report)
        err.print(f"[bold red]--strict：核对发现 {report.errors} 处错误，未生成任何文件。[/]")
        sys.exit(1)
    extras = {
        REPORT_HTML: html_report(report),
        REPORT_JSON: json.dumps(report.to_json(), ensure_ascii=False, indent=2) + "\n",
    }
    console = Console(stderr=True)
    with (
        signals_raise(),
        Progress(
            TextColumn("{task.description}"),
            BarColumn(),
            TimeElapsedColumn(),
            console=console,
            transient=True,
        ) as progress,
    ):
        task = progress.add_task("生成", total=len(chosen) + len(extras))

        def started(fmt: str, path: Path) -> None:
            progress.update(task, description=f"生成 {fmt.upper()}：{path.name}")

        def waiting() -> None:
            console.print("另一个 yusuan build 正在写入此文件夹，等它结束后再写…")

        written = write_outputs(
            document,
            output,
            chosen,
            force,
            extras=extras,
            on_start=started,
            on_done=lambda _: progress.advance(task),
            on_wait=waiting,
        )
    out = Console(highlight=False, soft_wrap=True)
    out.print(
        f"[bold]{document.title}[/]（版式 {document.layout}，{len(document.tables)} 张表）已生成到 {output}："
    )
    for item in written:
        out.print(
            f"  {item.format.upper():5} {item.path}  {item.size / 1024:,.0f} KB  {item.seconds:.2f} 秒"
        )  # float-ok: display only
    if document.remarks:
        out.print("[yellow]未能填写的内容：[/]")
        for remark in document.remarks:
            out.print(f"  • {remark}")
    print_summary(out, report)
    html = next(item.path for item in written if item.path.name.endswith(REPORT_HTML))
    out.print(f"完整核对报告：{html}", markup=False)
    if report.errors:
        out.print(
            f"[bold red]注意：文档有 {report.errors} 处错误，公开前请改正预算源后重新生成"
            "（加 --strict 则有错误时不生成文件）。[/]"
        )
