"""The ``yusuan`` command line: a thin layer over the library."""

from __future__ import annotations

import json
import os
import sys
import traceback
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from functools import wraps
from pathlib import Path
from typing import TYPE_CHECKING, Any, NoReturn, TypeVar

import click
from rich.console import Console
from rich.markup import escape

from yusuan import __version__, clitext
from yusuan.batch import DEFAULT_TIMEOUT
from yusuan.oserror import describe

if TYPE_CHECKING:
    from yusuan.batch.runner import BatchOptions

F = TypeVar("F", bound=Callable[..., Any])

clitext.install()  # click's own texts (usage, help, errors) in Chinese, before any command is defined

EXIT_INPUT = 2  # the input is wrong (file, layout, option)
EXIT_INTERNAL = 70  # a bug in yusuan
EXIT_INTERRUPTED = 130  # Ctrl-C, as a shell reports it


def _err() -> Console:
    return Console(stderr=True, highlight=False, soft_wrap=True)


@contextmanager
def working(console: Console, what: str, after: float = 1.0) -> Iterator[None]:  # float-ok: seconds
    """Show a spinner with the time taken (on a terminal) once the work inside has taken longer
    than ``after`` seconds; nothing for quick work."""
    import threading

    from rich.progress import Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

    if not console.is_terminal:
        yield
        return
    progress = Progress(
        SpinnerColumn(),
        TextColumn("{task.description}…"),
        TimeElapsedColumn(),
        console=console,
        transient=True,
    )
    progress.add_task(what, total=None)
    lock, done = threading.Lock(), threading.Event()

    def show() -> None:
        with lock:
            if not done.is_set():
                progress.start()

    timer = threading.Timer(after, show)
    timer.daemon = True
    timer.start()
    try:
        yield
    finally:
        with lock:
            done.set()
            timer.cancel()
            progress.stop()


def _friendly(func: F) -> F:
    """Turn known input errors into Chinese messages and exit codes, never a traceback."""

    @wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        from yusuan.batch.inputs import InputError
        from yusuan.batch.runner import BatchError
        from yusuan.check.registry import UnknownRuleError
        from yusuan.layout.profile import LayoutError
        from yusuan.narrative.render import TemplateProblem
        from yusuan.read.limits import ReadError
        from yusuan.reference import ReferenceDataError, ReferenceImportError
        from yusuan.render.output import OutputError
        from yusuan.render.typst_fonts import FontMissingError
        from yusuan.source import SourceError
        from yusuan.termination import EXIT_TERMINATED, Terminated

        try:
            return func(*args, **kwargs)
        except SourceError as exc:
            console = _err()
            count = len(exc.problems)
            console.print(f"[bold red]预算源文件有 {count} 处问题：[/]")
            for problem in exc.problems:
                console.print(f"  [red]✗[/] {problem}", markup=True, soft_wrap=True)
            sys.exit(EXIT_INPUT)
        except (
            LayoutError,
            TemplateProblem,
            ReferenceImportError,
            ReferenceDataError,
            OutputError,
            FontMissingError,
            ReadError,
            UnknownRuleError,
            InputError,
            BatchError,
        ) as exc:
            _err().print(f"[bold red]错误：[/]{escape(str(exc))}")
            sys.exit(EXIT_INPUT)
        except click.ClickException:
            raise
        except KeyboardInterrupt:
            _err().print("[bold red]已中断[/]")
            sys.exit(EXIT_INTERRUPTED)
        except Terminated:
            _err().print("[bold red]已终止[/]")
            sys.exit(EXIT_TERMINATED)
        except BrokenPipeError:
            # The reader of our output went away (yusuan rules | head): nothing to say.
            devnull = os.open(os.devnull, os.O_WRONLY)
            os.dup2(devnull, sys.stdout.fileno())
            sys.exit(0)
        except OSError as exc:
            where = f"：{exc.filename}" if exc.filename else ""
            _err().print(f"[bold red]错误：[/]无法读写文件（{describe(exc)}）{escape(str(where))}")
            sys.exit(EXIT_INPUT)
        except UnicodeError as exc:
            _err().print(f"[bold red]错误：[/]文件的文字编码无法识别（{type(exc).__name__}）")
            sys.exit(EXIT_INPUT)
        except Exception as exc:  # a bug: say so plainly, traceback only on request
            console = _err()
            console.print(f"[bold red]yusuan 内部错误：[/]{type(exc).__name__}: {escape(str(exc))}")
            console.print("请将此信息报告给开发者；设置环境变量 YUSUAN_DEBUG=1 可显示详细信息。")
            if os.environ.get("YUSUAN_DEBUG"):
                traceback.print_exc()
            sys.exit(EXIT_INTERNAL)

    return wrapper  # type: ignore[return-value]


@click.group(cls=clitext.Group, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="yusuan")
def main() -> None:
    """yusuan（预算）：部门/单位预算公开的编制、核对与读取。

    预算源（SOURCE）是一个 YAML 文件、含 budget.yaml 的文件夹、yusuan 填报工作簿
    （yusuan template 生成的 .xlsx，见 docs/format.md），或一份填好的官方预算模板（Excel，见 docs/import.md）。
    """


@main.command()
@_friendly
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
@_friendly
def show(source: Path, layout_id: str | None, as_json: bool, with_document: bool, summary_only: bool) -> None:
    """显示预算摘要与按版式排列的公开表。"""
    from yusuan.compute import compute
    from yusuan.generate import build_document
    from yusuan.layout import load_layout
    from yusuan.render.terminal import print_show
    from yusuan.source import load_budget

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
@_friendly
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

    from yusuan.check.report import html_report, print_summary
    from yusuan.check.runner import check_document
    from yusuan.compute import compute
    from yusuan.generate import build_document
    from yusuan.layout import load_layout
    from yusuan.render.manifest import REPORT_HTML, REPORT_JSON
    from yusuan.render.output import parse_formats, write_outputs
    from yusuan.source import load_budget
    from yusuan.termination import signals_raise

    chosen = parse_formats(formats)
    budget = load_budget(source)
    layout = layout_id or budget.layout
    if layout is None:
        raise click.UsageError("预算未指定版式（layout），请用 --layout 指定；yusuan layouts 列出可用版式")
    document = build_document(budget, load_layout(layout), compute(budget), templates_dir)
    report = check_document(document)  # the very document about to be written
    if strict and report.errors:
        err = _err()
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
@_friendly
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
@_friendly
def new(
    layout_id: str, year: int, unit_name: str | None, last_year: Path | None, output: Path, force: bool
) -> None:
    """开始一个单位某年度的预算（YAML 或填报工作簿），可从上年的预算源或公开文件带入上年数。"""
    from yusuan.layout import load_layout
    from yusuan.source import is_budget_source, load_budget
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
@_friendly
def import_template(workbook: Path, output: Path, force: bool, as_json: bool) -> None:
    """把填好的官方预算模板（Excel）导入为预算源 budget.yaml，并报告读到、缺少和未能读入的内容。

    \b
    退出码：0 已导入，预算完整可用；1 已写出 YAML，但缺少预算必需的内容（见报告，补全后可用）；
    2 不是官方模板、模板中数字不一致（逐一列出工作表和单元格）或无法写出，什么也不写。见 docs/import.md。"""
    from yusuan.importer import import_workbook
    from yusuan.importer.yamlout import write_budget_yaml

    result = import_workbook(workbook)
    if result is None:
        _err().print(
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
        _err().print(f"[bold red]模板中有 {len(result.errors)} 处数字不一致，未写出预算源。[/]")
        sys.exit(EXIT_INPUT)
    try:
        write_budget_yaml(result, output, force)
    except FileExistsError:
        _err().print(f"[bold red]错误：[/]{escape(str(output))} 已存在；要覆盖请加 --force")
        sys.exit(EXIT_INPUT)
    if not as_json:
        out.print(f"已写入 {output}", markup=False)
    if result.required:
        _err().print("[yellow]预算源还缺少必需的内容（见上），补全后才能生成或核对。[/]")
        sys.exit(1)


@main.command()
@click.argument("input_paths", metavar="INPUT...", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option(
    "-o", "--output", type=click.Path(path_type=Path), help="把读取结果（文档与报告）写成 JSON 文件。"
)
@click.option("--show", is_flag=True, help="逐表显示读到的内容及其出处（页、行、单元格）。")
@_friendly
def read(input_paths: tuple[Path, ...], output: Path | None, show: bool) -> None:
    """读取已公开的预算文件（文本、HTML、DOCX、XLSX、PDF），报告读到了什么、缺了什么。

    一份公开文件分成几个文件发布时（如说明一个 PDF、表格一个 PDF），把它们依次列出，按一份文件读取。"""
    from rich.table import Table as RichTable

    from yusuan.read.reader import read_publication, where

    with working(_err(), f"读取 {'、'.join(p.name for p in input_paths)}"):
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


def _document_of(sources: tuple[Path, ...]) -> Any:
    """A budget source is built in its layout; what ``yusuan read -o`` saved (JSON) is loaded;
    anything else is read as a published document (several files: one publication printed in
    several files, read in the order given)."""
    from yusuan.compute import compute
    from yusuan.generate import build_document
    from yusuan.layout import load_layout
    from yusuan.read.reader import read_publication
    from yusuan.read.saved import is_saved_reading, load_saved_reading
    from yusuan.source import is_budget_source, load_budget

    if any(is_saved_reading(s) for s in sources):
        if len(sources) > 1:
            raise click.UsageError(
                "读取结果（yusuan read -o 写出的 JSON）只能单独核对，不能与其他文件一起列出"
            )
        return load_saved_reading(sources[0])

    budgets = [s for s in sources if is_budget_source(s)]
    if budgets:
        if len(sources) > 1:
            raise click.UsageError(
                "预算源（YAML 文件、文件夹、填报工作簿或官方模板工作簿）只能单独核对，不能与其他文件一起列出"
            )
        budget = load_budget(budgets[0])
        if budget.layout is None:
            raise click.UsageError("预算未指定版式（layout）；yusuan layouts 列出可用版式")
        return build_document(budget, load_layout(budget.layout), compute(budget))
    return read_publication(list(sources)).document


def _check_one(
    sources: tuple[Path, ...],
    as_json: bool,
    html_path: Path | None,
    prior_path: Path | None,
    english: bool,
    rule_ids: tuple[str, ...],
) -> NoReturn:
    """Check one document (a budget source, or a publication in one or several files)."""
    from yusuan.check.report import html_report, print_report
    from yusuan.check.runner import check_document, select_rules

    only = select_rules(rule_ids) if rule_ids else None
    err = _err()
    with working(err, f"核对 {'、'.join(p.name for p in sources)}"):
        document = _document_of(sources)
        prior = _document_of((prior_path,)) if prior_path is not None else None
        report = check_document(document, prior, only=only)
    if prior is not None and prior_path is not None:
        _warn_other_unit(err, document, prior, prior_path, english)
    if html_path is not None:
        html_path.write_text(html_report(report), encoding="utf-8")
    if as_json:
        click.echo(json.dumps(report.to_json(), ensure_ascii=False, indent=2))
    else:
        print_report(Console(soft_wrap=True), report, english)
        if html_path is not None:
            click.echo(f"HTML report written to {html_path}" if english else f"HTML 报告已写入 {html_path}")
    sys.exit(1 if report.errors else 0)


def _warn_other_unit(console: Console, document: Any, prior: Any, prior_path: Path, english: bool) -> None:
    """Say so when last year's document (--prior) names another unit than this year's, or is not
    of the year before."""
    from yusuan.check.rules.wording_scope import same_unit

    this, last = document.unit_name, prior.unit_name
    if this and last and not (same_unit(last, this) or same_unit(this, last)):
        if english:
            console.print(
                f"[yellow]Warning:[/] the prior-year document {escape(str(prior_path))} is of "
                f"“{escape(last)}”, this one of “{escape(this)}”: the prior-year figures are compared "
                "with another unit's"
            )
        else:
            console.print(
                f"[yellow]警告：[/]上年文件 {escape(str(prior_path))} 的单位是“{escape(last)}”，"
                f"本年文件的单位是“{escape(this)}”，不是同一单位；上年数的核对结果不可信，"
                "请确认 --prior 给的是本单位上年的文件"
            )
    if document.year and prior.year and prior.year != document.year - 1:
        if english:
            console.print(
                f"[yellow]Warning:[/] the prior-year document {escape(str(prior_path))} is of "
                f"{prior.year}, not of {document.year - 1}, the year before this one"
            )
        else:
            console.print(
                f"[yellow]警告：[/]上年文件 {escape(str(prior_path))} 是 {prior.year} 年的，"
                f"不是本年文件（{document.year} 年）的上一年 {document.year - 1} 年"
            )


def _check_many(
    documents: list[tuple[Path, ...]],
    skipped: list[tuple[Path, str]],
    options: BatchOptions,
    report_dir: Path | None,
    as_json: bool,
    quiet: bool,
) -> NoReturn:
    """Check each document on its own (batch mode): progress, summary, report, exit code."""
    from yusuan.batch.report import summary_data, write_report
    from yusuan.batch.result import exit_code
    from yusuan.batch.runner import run_batch
    from yusuan.batch.terminal import print_summary, progress_bar

    err = _err()
    for path, why in skipped:
        err.print(f"跳过 {path}（{why}）", markup=False)
    with progress_bar(err, len(documents), enabled=not quiet and err.is_terminal) as advance:
        results = run_batch(documents, options, advance)
    index = write_report(report_dir, results) if report_dir is not None else None
    if as_json:
        click.echo(json.dumps(summary_data(results), ensure_ascii=False, indent=2))
    else:
        print_summary(Console(highlight=False, soft_wrap=True), results)
    if index is not None:
        err.print(f"核对报告已写入 {index}", markup=False)
    sys.exit(exit_code(results))


@main.command()
@click.argument("input_paths", metavar="INPUT...", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option(
    "--json", "as_json", is_flag=True, help="以 JSON 输出核对结果（格式见 docs/rules.md、docs/batch.md）。"
)
@click.option(
    "--html", "html_path", type=click.Path(path_type=Path), help="另存一份 HTML 核对报告（单份文件）。"
)
@click.option(
    "--prior",
    "prior_path",
    type=click.Path(path_type=Path),
    help="上年的公开文件或预算源，用于核对正文中的上年数（单份文件）。",
)
@click.option("--english", is_flag=True, help="以英文显示核对说明（单份文件）。")
@click.option(
    "--rule",
    "rule_ids",
    multiple=True,
    metavar="ID",
    help="只运行这条规则（可重复；写族名如 text 则运行整族）；yusuan rules 列出全部规则。",
)
@click.option(
    "--one", is_flag=True, help="把列出的全部文件合为一份文件核对（一份公开文件分成几个文件发布时）。"
)
@click.option(
    "--report",
    "report_dir",
    type=click.Path(path_type=Path, file_okay=False),
    help="批量核对：把汇总和每份文件的结果写入此文件夹（index.html、summary.csv、summary.json）。",
)
@click.option(
    "-j", "--jobs", type=click.IntRange(min=1), help="批量核对：同时核对几份文件（默认为 CPU 核数）。"
)
@click.option(
    "--timeout",
    type=click.FloatRange(min=1),
    metavar="SECONDS",
    help=f"批量核对：每份文件最多用时（秒，默认 {DEFAULT_TIMEOUT:g}），超时即停止，记为“超时”。",
)
@click.option(
    "--memory-limit",
    type=click.IntRange(min=64),
    metavar="MB",
    help="批量核对：每个工作进程的内存上限（MB），超出的文件记为“内存不足”。",
)
@click.option(
    "--cache",
    "cache_dir",
    type=click.Path(path_type=Path, file_okay=False),
    help="批量核对：缓存文件夹（默认在用户缓存目录）；文件未改动的不再核对。",
)
@click.option("--no-cache", is_flag=True, help="批量核对：不用缓存，全部重新核对。")
@click.option(
    "--scheduler",
    metavar="tcp://HOST:PORT",
    help="批量核对：在 Dask 集群上核对（需要安装 yusuan[dask]，见 docs/batch.md）。",
)
@click.option(
    "--upload", is_flag=True, help="与 --scheduler 同用：把文件内容发给各 worker（没有共享存储时）。"
)
@click.option("-q", "--quiet", is_flag=True, help="批量核对：不显示进度条。")
@_friendly
def check(
    input_paths: tuple[Path, ...],
    as_json: bool,
    html_path: Path | None,
    prior_path: Path | None,
    english: bool,
    rule_ids: tuple[str, ...],
    one: bool,
    quiet: bool,
    **batch: Any,
) -> None:
    """核对预算源或已公开文件中的每一个数字。

    \b
    一份文件（一个文件，一个预算源，或 NAME-text 与 NAME-tables 两个文件）：逐条列出核对结果。
    多份文件、文件夹（含子文件夹）或通配符（如 'docs/*.pdf'），或给出 --report 等批量选项时：
    批量核对，每份文件单独核对（一份出错、超时不影响其他），最后列出汇总表。
    一份公开文件分成几个名称不成对的文件发布时，加 --one 合为一份核对。

    \b
    退出码：0 没有错误；1 有文件发现“错误”；
    2 没有错误，但有文件无法读取或未能核对（损坏、超时、内存不足、程序出错），或输入有误；
    130 被中断（Ctrl-C）。详见 docs/batch.md。"""
    from yusuan.batch.inputs import InputError, expand_inputs, is_budget_source

    given = [flag for name, flag in _BATCH_OPTIONS.items() if batch[name] not in (None, False)]
    if one or (len(input_paths) == 1 and is_budget_source(input_paths[0])):
        if given:
            what = "--one " if one else "预算源"
            raise click.UsageError(f"{what}只核对一份文件，不能与批量核对选项（{'、'.join(given)}）同用")
        if one:  # every file named, found in a folder or matching a pattern, as one publication
            input_paths = tuple(f for files in expand_inputs(input_paths).documents for f in files)
        _check_one(input_paths, as_json, html_path, prior_path, english, rule_ids)
    inputs = expand_inputs(input_paths)
    if not inputs.documents:
        passed = "".join(f"；跳过 {path}（{why}）" for path, why in inputs.skipped)
        raise InputError("没有找到要核对的文件：" + "、".join(str(p) for p in input_paths) + passed)
    if not given and not inputs.searched and len(inputs.documents) == 1:
        _check_one(inputs.documents[0], as_json, html_path, prior_path, english, rule_ids)
    options = _batch_options(batch, rule_ids, html_path, prior_path)
    _check_many(inputs.documents, inputs.skipped, options, batch["report_dir"], as_json, quiet)


# The options that make `yusuan check` a batch: the parameter's name, the option as typed.
_BATCH_OPTIONS = {
    "report_dir": "--report",
    "jobs": "--jobs",
    "timeout": "--timeout",
    "memory_limit": "--memory-limit",
    "cache_dir": "--cache",
    "no_cache": "--no-cache",
    "scheduler": "--scheduler",
    "upload": "--upload",
}


def _batch_options(
    batch: dict[str, Any], rule_ids: tuple[str, ...], html_path: Path | None, prior_path: Path | None
) -> BatchOptions:
    """The options of a batch, after refusing those that do not go together."""
    from yusuan.batch.cache import ResultCache
    from yusuan.batch.report import prepare_folder
    from yusuan.batch.runner import BatchOptions
    from yusuan.check.runner import select_rules

    if html_path is not None or prior_path is not None:
        raise click.UsageError("批量核对时不能用 --html 或 --prior；每份文件的 HTML 报告请用 --report DIR")
    if batch["upload"] and not batch["scheduler"]:
        raise click.UsageError("--upload 只能与 --scheduler 同用")
    if batch["scheduler"] and batch["jobs"]:
        raise click.UsageError("--jobs 不能与 --scheduler 同用：并行数由各 dask worker 的线程数决定")
    if batch["no_cache"] and batch["cache_dir"] is not None:
        raise click.UsageError("--cache 与 --no-cache 不能同用")
    if batch["report_dir"] is not None:
        prepare_folder(batch["report_dir"])  # refuse a foreign folder before any work
    only = select_rules(rule_ids) if rule_ids else None
    return BatchOptions(
        jobs=batch["jobs"],
        timeout=batch["timeout"] or DEFAULT_TIMEOUT,
        memory_limit=batch["memory_limit"],
        rules=tuple(sorted(only)) if only is not None else None,
        cache=None if batch["no_cache"] else ResultCache(batch["cache_dir"]),
        scheduler=batch["scheduler"],
        upload=batch["upload"],
    )


@main.command()
@click.option("--markdown", is_flag=True, help="输出 docs/rules.md 的内容。")
@_friendly
def rules(markdown: bool) -> None:
    """列出核对规则目录。"""
    from yusuan.check.catalogue import catalogue_markdown
    from yusuan.check.registry import FAMILIES, RULES
    from yusuan.check.runner import load_rules

    if markdown:
        click.echo(catalogue_markdown())
        return
    load_rules()
    for family, title in FAMILIES.items():
        members = sorted((r for r in RULES.values() if r.family == family), key=lambda r: r.id)
        if members:
            click.echo(f"{title}（{family}）")
            for r in members:
                click.echo(f"  {r.id}  {r.severity.label}  {r.title}")
    click.echo(f"共 {len(RULES)} 条规则")


@main.command()
@_friendly
def layouts() -> None:
    """列出可用的版式（公开模板）。"""
    from yusuan.layout import available_layouts

    for profile in available_layouts().values():
        aliases = f"（别名：{'、'.join(profile.aliases)}）" if profile.aliases else ""
        click.echo(f"{profile.id}{aliases}")
        click.echo(
            f"  {profile.name}：{profile.region}，{profile.scope}{profile.stage}，{len(profile.tables)} 张表"
        )
        click.echo(f"  表：{'、'.join(spec.title.replace('{year}年', '') for spec in profile.tables)}")
        click.echo(f"  来源：{profile.source}")


@main.group()
def reference() -> None:
    """政府收支分类科目：导入财政部科目表、查询科目。"""


@reference.command("import")
@click.argument("file", type=click.Path(path_type=Path, exists=True, dir_okay=False))
@click.option("--year", required=True, type=click.IntRange(2000, 2100), help="科目表适用的预算年度。")
@click.option("--replace", is_flag=True, help="替换已导入的同年度科目表。")
@_friendly
def reference_import(file: Path, year: int, replace: bool) -> None:
    """从财政部科目表（.xlsx 或 .csv）导入某年度的科目，供以后核对使用。"""
    from yusuan.reference import import_reference

    result = import_reference(file, year, replace=replace)
    click.echo(result.summary())


@reference.command("show")
@click.argument("code")
@click.option("--year", required=True, type=click.IntRange(2000, 2100))
@_friendly
def reference_show(code: str, year: int) -> None:
    """查询一个科目编码在某年度的名称与来源。"""
    from yusuan.model.codes import CodeKind
    from yusuan.reference import load_catalog, nearest_years

    kind = CodeKind.FUNCTION if code.startswith("2") else CodeKind.ECONOMIC
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


@main.command()
@click.option(
    "--database",
    "database_url",
    default="",
    help="数据库地址，如 postgresql://用户:密码@主机/库名（默认：数据文件夹中的 SQLite 文件）。",
)
@click.option(
    "--data",
    "data_dir",
    type=click.Path(path_type=Path, file_okay=False),
    help="数据文件夹：SQLite 数据库、会话密钥、生成的文件（默认在用户数据文件夹中）。",
)
@click.option("--host", default="127.0.0.1", show_default=True, help="监听地址。")
@click.option("--port", default=8000, show_default=True, type=click.IntRange(1, 65535), help="端口。")
@_friendly
def serve(database_url: str, data_dir: Path | None, host: str, port: int) -> None:
    """启动网页版：在浏览器中编制、审核和公开预算（首次启动时创建示例单位和演示账号）。"""
    from yusuan.web.serve import ServeError, default_data_dir, serve

    try:
        serve(data_dir or default_data_dir(), database_url, host, port, say=click.echo)
    except ServeError as exc:
        raise click.ClickException(str(exc)) from None
