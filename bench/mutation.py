"""Mutation test: change one figure at a time in a consistent document and see the checker notice.

    .venv/bin/python bench/mutation.py [--layout xinjiang-2024-unit] [--limit N] [--source BUDGET …]

Starting from a document as yusuan generates it (the fictional department, with no finding, and the
Korla example, whose seed has four genuine inconsistencies), every printed figure of
every table, and every number of every sentence, is changed in turn (+1 in its last printed
place ×100, i.e. a visible typo), the document is checked again (its claims and project notes
taken from the printed text, as for a read document), and the change counts as
detected when an error or warning appears that was not there before. Prints the detection rate
for tables and for text, and the mutations nobody noticed. A text figure the layout states once,
with nothing to compare it with (编制数, the assets paragraph, …: ``_UNVERIFIABLE``), leaves the
document consistent when changed: such mutations are listed apart, not counted.

Then the slips of issue 9 are made in the text, one at a time: a percentage changed, one of two
statements of an amount changed, a comparison made with the wrong year, a placeholder left where an
amount goes, a doubled full stop, a reason clause cut short, a subject given an earlier year's name
(in a table or in the text). Each counts as detected when any finding (notices too) appears that the
unmutated document does not have.
"""

from __future__ import annotations

import argparse
import re
import sys
import time
from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

from yusuan.budgetfile import load_budget  # noqa: E402
from yusuan.check.finding import Severity  # noqa: E402
from yusuan.check.runner import check_document  # noqa: E402
from yusuan.compute import compute  # noqa: E402
from yusuan.generate import build_document  # noqa: E402
from yusuan.layout import load_layout  # noqa: E402
from yusuan.layout.profile import project_fields  # noqa: E402
from yusuan.model.document import Document, Section  # noqa: E402
from yusuan.read.notes import read_projects  # noqa: E402
from yusuan.text.claims import extract_claims  # noqa: E402


def _projects(document: Document) -> list[Any]:
    fields = project_fields(load_layout(document.layout))
    return read_projects([(p, None) for s in sections(document) for p in s.paragraphs], fields)


def serious(document: Document) -> int:
    # Like a read document, the projects are what section 七 says (the builder fills them from
    # the budget, which a mutation of the printed text would not reach).
    document.projects = _projects(document)
    return sum(1 for f in check_document(document).findings if f.severity is not Severity.NOTICE)


def findings_of(document: Document) -> set[tuple[str, str]]:
    """Every finding (any severity) of a document, as (rule, message)."""
    document.projects = _projects(document)
    return {(f.rule, f.message) for f in check_document(document).findings}


def _with_paragraph(base: Document, s_index: int, p_index: int, text: str) -> Document:
    document = base.model_copy(deep=True)
    target = sections(document)[s_index]
    target.paragraphs[p_index] = text
    target.claims = []
    return document


_REASON_CLAUSE = re.compile(r"(主要原因是|主要原因为|主要用于)[：:]?[^。；]+")
_PERCENT = re.compile(r"(?<![\d.])(\d+(?:\.\d+)?)%")
_MONEY = re.compile(r"(?<![\d.,])(\d[\d,]*(?:\.\d+)?)(万元|元)")


def text_slips(base: Document, year: int) -> Iterator[tuple[str, str, Document]]:
    """One document per slip a drafter makes in the text: a percentage changed, a comparison made
    with the wrong year, a placeholder left for an amount, a doubled full stop, a reason clause cut
    short. Each is made in every paragraph where it can be."""
    # an amount the text states more than once (an item's amount, a total restated): one of them changed
    stated: dict[str, int] = {}
    for section in sections(base):
        for paragraph in section.paragraphs:
            for money in _MONEY.finditer(paragraph):
                stated[money.group(0)] = stated.get(money.group(0), 0) + 1
    for s_index, section in enumerate(sections(base)):
        for p_index, paragraph in enumerate(section.paragraphs):
            where = f"“{section.heading[:20]}”第{p_index + 1}段"
            for match in _PERCENT.finditer(paragraph):
                changed = paragraph[: match.start(1)] + bump(match.group(1)) + paragraph[match.end(1) :]
                yield "percent", f"{where} {match.group(0)}", _with_paragraph(base, s_index, p_index, changed)
            for old in ("比上年", "较上年", f"比{year - 1}年", f"较{year - 1}年"):
                if old in paragraph:
                    changed = paragraph.replace(old, f"{old[0]}{year - 2}年", 1)
                    yield "year", f"{where} {old}", _with_paragraph(base, s_index, p_index, changed)
            if (money := _MONEY.search(paragraph)) is not None:
                changed = paragraph[: money.start(1)] + "XX" + paragraph[money.end(1) :]
                yield (
                    "placeholder",
                    f"{where} {money.group(0)}",
                    _with_paragraph(base, s_index, p_index, changed),
                )
            for money in _MONEY.finditer(paragraph):
                if money.group(1) in ("0", "0.00") or stated.get(money.group(0), 0) < 2:
                    continue
                if re.match(r"(?:以上|以下|以内)", paragraph[money.end() :]):
                    continue  # a threshold ("单位价值50万元以上"), not an amount
                changed = paragraph[: money.start(1)] + bump(money.group(1)) + paragraph[money.end(1) :]
                label = f"{where} {money.group(0)}（全文 {stated[money.group(0)]} 处之一）"
                yield "two statements", label, _with_paragraph(base, s_index, p_index, changed)
            stop = paragraph.find("。")
            if 0 <= stop < len(paragraph) - 1:
                changed = paragraph[:stop] + "。。" + paragraph[stop + 1 :]
                yield "full stop", where, _with_paragraph(base, s_index, p_index, changed)
            if (reason := _REASON_CLAUSE.search(paragraph)) is not None:
                changed = paragraph[: reason.start()] + reason.group(1) + paragraph[reason.end() :]
                yield (
                    "reason",
                    f"{where} {reason.group(0)[:20]}",
                    _with_paragraph(base, s_index, p_index, changed),
                )


def older_names(base: Document) -> Iterator[tuple[str, str, Document]]:
    """One document per subject renamed to a name an earlier year's documents print for its code
    (the corpus evidence in the reference data), in a table row or where the text names it: a name
    carried over from an old text."""
    from yusuan.check.match import norm_name
    from yusuan.model.codes import CodeKind
    from yusuan.reference.catalog import evidence_years, load_catalog

    by_year: dict[str, dict[int, set[str]]] = {}
    for kind in (CodeKind.FUNCTION, CodeKind.ECONOMIC):
        for year in evidence_years(kind):
            if year <= base.year:
                for entry in load_catalog(year, kind).all_printed():
                    by_year.setdefault(entry.code, {}).setdefault(year, set()).add(norm_name(entry.name))

    def older(code: str, name: str) -> list[str]:
        """Names the code had in earlier years and no longer has in the latest year it is seen."""
        years = by_year.get(code, {})
        if not years or not name:
            return []
        latest = years[max(years)]
        if norm_name(name) not in latest:
            return []  # the document's own name is not the latest one seen: no rename to make
        return sorted(
            {
                n
                for y, names in years.items()
                if y < max(years)
                for n in names
                if n not in latest and n not in name
            }
        )

    named: set[tuple[str, str]] = set()
    for t_index, table in enumerate(base.tables):
        for r_index, row in enumerate(table.rows):
            if not row.code or row.code[0] not in "23":
                continue
            # the row's name: its first cell that is neither a figure nor a code; where the layout
            # leaves a 款's name blank, its name column (the old name is then printed there)
            at = next(
                (
                    i
                    for i, c in enumerate(row.cells)
                    if c.value is None and c.text.strip() and not c.text.strip().isdigit()
                ),
                None,
            )
            blank = next((i for i, c in enumerate(table.columns) if c.key == "name"), None)
            if at is None and blank is not None and blank < len(row.cells) and row.code in by_year:
                at = blank
                years = by_year[row.code]
                current = sorted(years[max(years)])[0]
            elif at is None:
                continue
            else:
                current = row.cells[at].text.strip()
            named.add((row.code, current))
            for name in older(row.code, current):
                document = base.model_copy(deep=True)
                document.tables[t_index].rows[r_index].cells[at].text = name
                yield "old name", f"表{table.number} {row.code} {current} → {name}", document
    for s_index, section in enumerate(sections(base)):
        for p_index, paragraph in enumerate(section.paragraphs):
            for code, current in sorted(named):
                if f"{current}（" not in paragraph:
                    continue
                for name in older(code, current):
                    changed = paragraph.replace(f"{current}（", f"{name}（", 1)
                    document = _with_paragraph(base, s_index, p_index, changed)
                    yield "old name", f"正文 {code} {current} → {name}", document


def bump(text: str) -> str:
    """A visible typo: the number grows by 100 units of its last printed place."""
    plain = text.replace(",", "")
    places = len(plain.split(".")[1]) if "." in plain else 0
    value = Decimal(plain) + Decimal(100) * Decimal(10) ** -places
    return f"{value:.{places}f}"


def sections(document: Document) -> list[Section]:
    out: list[Section] = []
    stack = [*document.profile, *document.sections]
    while stack:
        section = stack.pop(0)
        out.append(section)
        stack[:0] = section.subsections
    return out


# Figures the Xinjiang-layout text states once, with no table, sum or other statement to compare
# them with: a change to one of them leaves the document consistent, so no checker can see it. They
# are counted apart, each with its reason, and are not in the detection rate's denominator.
_UNVERIFIABLE: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("编制数：全文只此一处", re.compile(r"编制数$")),
    ("人员增减：上年人数全文未列", re.compile(r"^(在职|退休|离休)$")),
    (
        "资产占用：本版式无资产表",
        re.compile(r"^(房屋|车辆|轿车|越野车|其他车辆|办公家具|其他资产)$|大型设备$"),
    ),
    ("整体绩效目标个数与金额：全文只此一处", re.compile(r"整体预算绩效目标$")),
    ("非财政拨款项目：全文只此一处", re.compile(r"非财政拨款项目$")),
)


def unverifiable(section: Section, claim: Any) -> str | None:
    """Why a text figure is stated once and related to nothing, or None."""
    subject = claim.subject or ""
    if subject.startswith(("在职", "退休", "离休")) and claim.kind != "change":
        return None  # the headcount itself sums to 实有人数
    for reason, pattern in _UNVERIFIABLE:
        if pattern.search(subject):
            return reason
    return "资产占用：本版式无资产表" if section.key == "assets" else None


def _position(paragraph: str, claim: Any) -> int:
    """Where the claim's own figure is in the paragraph: after its subject in its sentence (the same
    text, "0个", may stand earlier for another subject)."""
    sentence = max(paragraph.find(claim.sentence), 0)
    subject = paragraph.find(claim.subject, sentence) if claim.subject else -1
    at = paragraph.find(claim.text, max(subject, sentence))
    return at if at >= 0 else paragraph.find(claim.text)


def run(source: Path, layout: str, limit: int) -> dict[str, Any]:
    """Mutate one budget's document; the counts and the mutations nobody noticed."""
    budget = load_budget(source)
    base = build_document(budget, load_layout(layout), compute(budget))
    baseline = serious(base.model_copy(deep=True))
    started = time.perf_counter()

    table_total = table_found = 0
    missed: list[str] = []
    for t_index, table in enumerate(base.tables):
        for r_index, row in enumerate(table.rows):
            for c_index, cell in enumerate(row.cells):
                if cell.value is None or not cell.text.strip():
                    continue
                if limit and table_total >= limit:
                    break
                document = base.model_copy(deep=True)
                target = document.tables[t_index].rows[r_index].cells[c_index]
                target.text = bump(cell.text)
                target.value = Decimal(target.text)
                table_total += 1
                if serious(document) > baseline:
                    table_found += 1
                else:
                    missed.append(
                        f"表{table.number} {table.title} 行{r_index + 1} 栏“{table.columns[c_index].title}” {cell.text}"
                    )

    text_total = text_found = 0
    apart: dict[str, list[str]] = {}
    for s_index, section in enumerate(sections(base)):
        for p_index, paragraph in enumerate(section.paragraphs):
            for claim in extract_claims(paragraph):
                if limit and text_total >= limit:
                    break
                match = re.match(r"[\d,]+(\.\d+)?", claim.text)
                number = match.group(0) if match else ""
                if not number or claim.text not in paragraph:
                    continue
                at = _position(paragraph, claim)
                document = base.model_copy(deep=True)
                target = sections(document)[s_index]
                target.paragraphs[p_index] = (
                    paragraph[:at]
                    + claim.text.replace(number, bump(number), 1)
                    + paragraph[at + len(claim.text) :]
                )
                target.claims = []
                label = f"“{section.heading[:24]}” {claim.subject or ''} {claim.text}"
                detected = serious(document) > baseline
                reason = None if detected else unverifiable(section, claim)
                if reason is not None:
                    apart.setdefault(reason, []).append(label)
                    continue
                text_total += 1
                if detected:
                    text_found += 1
                else:
                    missed.append(label)

    # The text's own kinds of slip (issue 9): each must give a finding (of any severity) that the
    # unmutated document does not have.
    before = findings_of(base.model_copy(deep=True))
    by_kind: dict[str, list[int]] = {}
    for kind, label, document in [*text_slips(base, base.year), *older_names(base)]:
        if limit and sum(by_kind.get(kind, [0, 0])) >= limit:
            continue
        counts = by_kind.setdefault(kind, [0, 0])
        counts[1] += 1
        if findings_of(document) - before:
            counts[0] += 1
        else:
            missed.append(f"[{kind}] {label}")
    return {
        "source": source.name,
        "baseline": baseline,
        "baseline_any": len(before),
        "tables": (table_found, table_total),
        "text": (text_found, text_total),
        "slips": by_kind,
        "apart": apart,
        "missed": missed,
        "seconds": time.perf_counter() - started,
    }


def _rate(found: int, total: int) -> str:
    return f"{found}/{total} ({100 * found / max(1, total):.1f}%)"


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--layout", default="xinjiang-2024-unit")
    parser.add_argument("--limit", type=int, default=0, help="stop after N mutations of each kind (0: all)")
    parser.add_argument(
        "--source",
        type=Path,
        action="append",
        help="a budget to build and mutate (repeatable; default: the fictional department, which has no "
        "finding, and the Korla example, whose seed has a few genuine inconsistencies)",
    )
    args = parser.parse_args()
    sources = args.source or [
        ROOT / "tests" / "fixtures" / "fictional-dept-2025.yaml",
        ROOT / "examples" / "korla-2024",
    ]
    results = [run(source, args.layout, args.limit) for source in sources]
    kinds = sorted({k for r in results for k in r["slips"]})
    print(f"layout {args.layout}\n")
    print("| | " + " | ".join(r["source"] for r in results) + " | all |")
    print("|---|" + "---|" * (len(results) + 1))

    def line(name: str, pairs: list[tuple[int, int]]) -> None:
        total = (sum(p[0] for p in pairs), sum(p[1] for p in pairs))
        print(f"| {name} | " + " | ".join(_rate(*p) for p in pairs) + f" | {_rate(*total)} |")

    print(
        "| findings on the unmutated document (errors+warnings / any) | "
        + " | ".join(f"{r['baseline']} / {r['baseline_any']}" for r in results)
        + " | |"
    )
    line("table figures", [r["tables"] for r in results])
    line("text figures", [r["text"] for r in results])
    for kind in kinds:
        line(f"text slip: {kind}", [tuple(r["slips"].get(kind, [0, 0])) for r in results])
    slips = [
        (sum(f for f, _ in r["slips"].values()), sum(t for _, t in r["slips"].values())) for r in results
    ]
    line("text slips, all kinds", slips)
    print(
        "| text figures stated once, related to nothing (not counted) | "
        + " | ".join(str(sum(len(v) for v in r["apart"].values())) for r in results)
        + " | |"
    )
    print(f"\n{sum(r['seconds'] for r in results):.1f} s")
    for r in results:
        if r["apart"]:
            print(f"\n{r['source']}: not counted (no checker can see the change):")
            for reason, labels in sorted(r["apart"].items()):
                print(
                    f"  {reason}: {len(labels)} — " + "；".join(labels[:3]) + ("…" if len(labels) > 3 else "")
                )
        if r["missed"]:
            print(f"\n{r['source']}: not detected:")
            for label in r["missed"]:
                print("  " + label)


if __name__ == "__main__":
    main()
