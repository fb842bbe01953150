"""Views of a check report: the terminal (grouped, coloured), JSON (see docs/rules.md), HTML."""

from __future__ import annotations

from html import escape

from rich.console import Console

from yusuan.check.finding import Severity
from yusuan.check.registry import FAMILIES, RULES
from yusuan.check.runner import CheckReport

_STYLE = {Severity.ERROR: "bold red", Severity.WARNING: "yellow", Severity.NOTICE: "cyan"}


def print_report(console: Console, report: CheckReport, english: bool = False) -> None:
    doc = report.document
    console.print(
        f"[bold]{doc.title or doc.unit_name}[/]（{doc.year} 年，版式 {doc.layout}）", highlight=False
    )
    counts = report.counts()
    console.print(
        f"错误 {counts['error']}，警告 {counts['warning']}，提示 {counts['notice']}",
        style="bold",
        highlight=False,
    )
    for family, title in FAMILIES.items():
        found = [f for f in report.findings if f.rule.split(".")[0] == family]
        if not found:
            continue
        console.print(f"\n[bold]{title}[/]（{family}）", highlight=False)
        for finding in found:
            rule = RULES.get(finding.rule)
            label = finding.severity.label
            console.print(
                f"  [{_STYLE[finding.severity]}]{label}[/] {finding.rule} {rule.title if rule else ''}",
                highlight=False,
            )
            console.print(
                f"    {finding.message_en if english else finding.message}", highlight=False, markup=False
            )
            where = "，".join(x for x in (finding.location.describe(), finding.where()) if x)
            if where:
                console.print(f"    位置：{where}", highlight=False, markup=False)
            if finding.hint:
                console.print(f"    建议：{finding.hint}", highlight=False, markup=False)
    if report.failed_rules:
        console.print("\n[bold red]以下规则运行出错（程序缺陷，请报告）：[/]")
        for failed in report.failed_rules:
            console.print(f"  {failed}", markup=False)


def html_report(report: CheckReport) -> str:
    """A self-contained HTML page of the findings."""
    doc = report.document
    counts = report.counts()
    rows = []
    for finding in report.findings:
        rule = RULES.get(finding.rule)
        rows.append(
            "<tr class='{sev}'><td>{label}</td><td><code>{id}</code><br>{title}</td><td>{msg}<br><small>{hint}</small></td>"
            "<td>{where}</td></tr>".format(
                sev=finding.severity.value,
                label=finding.severity.label,
                id=escape(finding.rule),
                title=escape(rule.title if rule else ""),
                msg=escape(finding.message),
                hint=escape(finding.hint),
                where=escape("，".join(x for x in (finding.location.describe(), finding.where()) if x)),
            )
        )
    return f"""<!doctype html>
<html lang="zh-CN"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>核对报告：{escape(doc.title)}</title>
<style>
body{{font-family:"Noto Sans CJK SC","PingFang SC","Microsoft YaHei",sans-serif;margin:1.5rem auto;max-width:70rem;padding:0 1rem;color:#222}}
table{{border-collapse:collapse;width:100%}} th,td{{border:1px solid #bbb;padding:.4rem;vertical-align:top;text-align:left}}
tr.error td:first-child{{color:#b00;font-weight:bold}} tr.warning td:first-child{{color:#a60}} tr.notice td:first-child{{color:#06a}}
small{{color:#555}}
</style></head><body>
<h1>核对报告</h1>
<p>{escape(doc.title)}（{doc.year} 年，版式 {escape(doc.layout)}）</p>
<p>错误 {counts["error"]}，警告 {counts["warning"]}，提示 {counts["notice"]}</p>
<table><caption>核对发现</caption><thead><tr><th scope="col">级别</th><th scope="col">规则</th><th scope="col">说明</th><th scope="col">位置</th></tr></thead>
<tbody>{"".join(rows) or "<tr><td colspan='4'>没有发现问题。</td></tr>"}</tbody></table>
</body></html>
"""
