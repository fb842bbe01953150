"""Views of a check report: the terminal (grouped, coloured), JSON (see docs/rules.md), HTML."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from functools import cache
from importlib.resources import files
from typing import TYPE_CHECKING, Any

from markupsafe import Markup
from rich.console import Console
from rich.markup import escape

from yusuan.check.finding import Location, Severity
from yusuan.check.registry import FAMILIES, FAMILIES_EN, RULES
from yusuan.check.runner import CheckReport, load_rules
from yusuan.model.document import Document
from yusuan.text.units import same_unit

if TYPE_CHECKING:
    from pathlib import Path

    import jinja2

_STYLE = {Severity.ERROR: "bold red", Severity.WARNING: "yellow", Severity.NOTICE: "cyan"}
NOTICES_SHOWN = 3  # notices of one rule printed in full per document; the rest are counted


def print_report(console: Console, report: CheckReport, english: bool = False) -> None:
    """Every finding, grouped by family; ``english``: every text in English, the suggested fix
    included."""
    doc = report.document
    counts = report.counts()
    if english:
        heading = f"[bold]{doc.title or doc.unit_name}[/] (year {doc.year}, layout {doc.layout})"
        tally = f"errors {counts['error']}, warnings {counts['warning']}, notices {counts['notice']}"
    else:
        heading = f"[bold]{doc.title or doc.unit_name}[/]（{doc.year} 年，版式 {doc.layout}）"
        tally = f"错误 {counts['error']}，警告 {counts['warning']}，提示 {counts['notice']}"
    console.print(heading, highlight=False)
    console.print(tally, style="bold", highlight=False)
    families = FAMILIES_EN if english else FAMILIES
    for family, title in families.items():
        found = [f for f in report.findings if f.rule.split(".")[0] == family]
        if not found:
            continue
        console.print(f"\n[bold]{title}[/] ({family})" if english else f"\n[bold]{title}[/]（{family}）")
        # errors first, then warnings, then notices; a notice said many times is shown a few times
        # and counted (the JSON and HTML reports list every one)
        found.sort(key=lambda f: f.severity.rank)
        shown: Counter[str] = Counter()
        for finding in found:
            if finding.severity is Severity.NOTICE:
                shown[finding.rule] += 1
                if shown[finding.rule] > NOTICES_SHOWN:
                    continue
            rule = RULES.get(finding.rule)
            label = finding.severity.label_en if english else finding.severity.label
            name = (rule.title_en if english else rule.title) if rule else ""
            console.print(
                f"  [{_STYLE[finding.severity]}]{label}[/] {finding.rule} {escape(name)}", highlight=False
            )
            console.print(
                f"    {finding.message_en if english else finding.message}", highlight=False, markup=False
            )
            if english:
                where = ", ".join(x for x in (finding.location.describe_en(), finding.where_en()) if x)
            else:
                where = "，".join(x for x in (finding.location.describe(), finding.where()) if x)
            if where:
                console.print(
                    f"    {'Where: ' if english else '位置：'}{where}", highlight=False, markup=False
                )
            if finding.hint:
                fix = f"Fix: {finding.hint_en}" if english else f"建议：{finding.hint}"
                console.print(f"    {fix}", highlight=False, markup=False)
        for rule_id, count in shown.items():
            if count > NOTICES_SHOWN:
                more = count - NOTICES_SHOWN
                line = (
                    f"  … {rule_id}: {more} more notices of this kind (--json or --html lists them all)"
                    if english
                    else f"  … {rule_id} 同类提示另有 {more} 处（--json 或 --html 列出全部）"
                )
                console.print(line, style=_STYLE[Severity.NOTICE], highlight=False, markup=False)
    if report.failed_rules:
        failed_title = (
            "These rules failed (a bug; please report it):"
            if english
            else "以下规则运行出错（程序缺陷，请报告）："
        )
        console.print(f"\n[bold red]{failed_title}[/]")
        for failed in report.failed_rules:
            console.print(f"  {failed}", markup=False)


def print_prior_warnings(
    console: Console, document: Document, prior: Document, prior_path: Path, english: bool = False
) -> None:
    """Say so when last year's document (--prior) names another unit than this year's, or is not
    of the year before."""
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


def print_summary(console: Console, report: CheckReport, english: bool = False) -> None:
    """The findings in brief, as a build ends: the counts, then one line per error and warning
    (rule, message, where); notices are only counted."""
    counts = report.counts()
    style = "bold red" if counts["error"] else "yellow" if counts["warning"] else "green"
    console.print(
        f"[{style}]核对：错误 {counts['error']}，警告 {counts['warning']}，提示 {counts['notice']}[/]",
        highlight=False,
    )
    for finding in report.findings:
        if finding.severity is Severity.NOTICE:
            continue
        console.print(
            f"  [{_STYLE[finding.severity]}]{finding.severity.label}[/] {finding.rule} ",
            end="",
            highlight=False,
        )
        console.print(finding.message_en if english else finding.message, highlight=False, markup=False)
        where = finding.location.describe()
        if where:
            console.print(f"      位置：{where}", highlight=False, markup=False)
    for failed in report.failed_rules:
        console.print(f"  [bold red]规则运行出错（程序缺陷，请报告）：[/]{escape(failed)}", highlight=False)


@dataclass(frozen=True)
class FindingRow:
    """One finding as the HTML reports show it; ``href`` links its page to the source file."""

    severity: str
    label: str
    rule: str
    title: str
    message: str
    hint: str
    place: str  # the table, row, column or sentence
    file: str
    page: int | None
    line: int | None
    href: str | None = None


def finding_rows(
    findings: Iterable[Mapping[str, Any]], link: Callable[[str, int], str | None] | None = None
) -> list[FindingRow]:
    """The findings as ``Finding.to_json()`` gives them, as rows; ``link(file, page)`` gives the
    address of a source file's page (a batch report links each page to its PDF)."""
    load_rules()  # the rules' titles (the findings may have been made in another process)
    rows = []
    for finding in findings:
        rule = RULES.get(finding["rule"])
        severity = Severity(finding["severity"])
        origin = finding.get("provenance") or {}
        file, page = origin.get("file") or "", origin.get("page")
        rows.append(
            FindingRow(
                severity=severity.value,
                label=severity.label,
                rule=finding["rule"],
                title=rule.title if rule else "",
                message=finding["message"],
                hint=finding.get("hint", ""),
                place=Location(**finding.get("location", {})).describe(),
                file=file,
                page=page,
                line=origin.get("line"),
                href=link(file, page) if link is not None and file and page else None,
            )
        )
    return rows


@cache
def report_templates(*packages: str) -> jinja2.Environment:
    """The report templates: those of ``packages`` first, then the check report's own
    (``findings.html.j2`` with the ``findings_table`` macro, ``report.css``)."""
    import jinja2  # only for HTML reports: the terminal report does without it

    loaders = [jinja2.PackageLoader(package, "templates") for package in (*packages, "yusuan.check")]
    return jinja2.Environment(
        loader=jinja2.ChoiceLoader(loaders),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )


def report_style(package: str = "yusuan.check", name: str = "report.css") -> Markup:
    """A style sheet of ours, to inline into a page (not escaped)."""
    return Markup(files(package).joinpath("templates", name).read_text(encoding="utf-8").strip())


def html_report(report: CheckReport) -> str:
    """A self-contained HTML page of the findings."""
    data = report.to_json()
    return (
        report_templates()
        .get_template("report.html.j2")
        .render(
            document=report.document,
            counts=data["counts"],
            rows=finding_rows(data["findings"]),
            failed_rules=report.failed_rules,
            style=report_style(),
        )
    )
