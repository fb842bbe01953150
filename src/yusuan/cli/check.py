"""yusuan check: one document checked, or many as a batch."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any, NoReturn

import click
from rich.console import Console

from yusuan.batch import DEFAULT_TIMEOUT
from yusuan.cli.app import main
from yusuan.cli.console import stderr, working
from yusuan.cli.errors import friendly

if TYPE_CHECKING:
    from yusuan.batch.runner import BatchOptions


def _document_of(sources: tuple[Path, ...]) -> Any:
    """A budget source is built in its layout; what ``yusuan read -o`` saved (JSON) is loaded;
    anything else is read as a published document (several files: one publication printed in
    several files, read in the order given)."""
    from yusuan.budgetfile import is_budget_source, load_budget
    from yusuan.compute import compute
    from yusuan.generate import build_document
    from yusuan.layout import load_layout
    from yusuan.read.reader import read_publication
    from yusuan.read.saved import is_saved_reading, load_saved_reading

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
    from yusuan.check.report import html_report, print_prior_warnings, print_report
    from yusuan.check.runner import check_document, select_rules

    only = select_rules(rule_ids) if rule_ids else None
    err = stderr()
    with working(err, f"核对 {'、'.join(p.name for p in sources)}"):
        document = _document_of(sources)
        prior = _document_of((prior_path,)) if prior_path is not None else None
        report = check_document(document, prior, only=only)
    if prior is not None and prior_path is not None:
        print_prior_warnings(err, document, prior, prior_path, english)
    if html_path is not None:
        html_path.write_text(html_report(report), encoding="utf-8")
    if as_json:
        click.echo(json.dumps(report.to_json(), ensure_ascii=False, indent=2))
    else:
        print_report(Console(soft_wrap=True), report, english)
        if html_path is not None:
            click.echo(f"HTML report written to {html_path}" if english else f"HTML 报告已写入 {html_path}")
    sys.exit(1 if report.errors else 0)


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

    err = stderr()
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
@friendly
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
