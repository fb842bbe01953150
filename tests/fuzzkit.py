"""A mutation fuzzer for every reader and the budget loader (issue 11).

Seeds are real inputs: the PDF fixtures, yusuan's own DOCX, XLSX, HTML and PDF of the Korla
example, the text and Markdown fixtures, and the budget YAML files. Each case takes one seed and
damages it — bits flipped, bytes replaced, deleted, duplicated or cut, a troublesome token put in
(a huge number, a control character, an alias, deep brackets, a PDF keyword) — for a DOCX or XLSX
often inside one of its XML members, re-zipped; for a budget YAML mostly by changing its loaded
tree (a value replaced, a key or list item dropped or doubled) so that it stays YAML. The case is
then read and checked as a user's file would be (``read_publication`` and ``check_document``; for
YAML ``load_budget``, the build and the check). Its outcome:

- ``read``: read and checked;
- ``refused``: refused with yusuan's Chinese message (ReadError, SourceError …): the right answer
  for damaged input;
- ``internal``: any other exception — a defect, with its traceback;
- in ``bench/fuzz.py``, also ``timeout``, ``memory`` and ``crashed`` from the worker pool.

``tests/test_fuzz.py`` runs a few hundred cases with a fixed seed in CI; ``bench/fuzz.py`` runs the
long campaign.
"""

from __future__ import annotations

import io
import random
import tempfile
import traceback
import zipfile
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = ROOT / "tests" / "fixtures"

# tokens that have broken readers, parsers and rules before, by kind of seed
_TOKENS = {
    "text": [
        b"9" * 40,
        b"\x00",
        b"\x07",
        b"\t" * 50,
        "库尔勒".encode() * 400,
        b"1e999",
        "（".encode() * 200,
        "增加-0.00%".encode(),
        "比2099年预算减少".encode(),
        b"\xff\xfe",
        b"\r\r\n",
    ],
    "yaml": [
        b"&a [*a]",
        b"*missing",
        b"<<: *a",
        b"[" * 300,
        b"9" * 40,
        b"\x00",
        b"\t",
        b": : :",
        b"!!python/object",
    ],
    "pdf": [
        b"obj",
        b"endobj",
        b"stream",
        b"endstream",
        b"xref",
        b"trailer",
        b"/Length 999999999",
        b"<<" * 200,
        b"9" * 30,
    ],
    "xml": [
        b"<w:t>" * 100,
        b"&amp;" * 50,
        b'<mergeCell ref="A1:XFD1048576"/>',
        b"</w:p>",
        b"\x00",
        "万元".encode() * 200,
    ],
}


@dataclass
class Seed:
    name: str
    suffix: str
    kind: str  # text, yaml, pdf, zip
    data: bytes


@dataclass
class Outcome:
    status: str  # read, refused, internal
    detail: str = ""


def seeds(work: Path) -> list[Seed]:
    """The seed inputs; yusuan's own outputs are written into ``work``."""
    from yusuan.budgetfile import load_budget
    from yusuan.compute import compute
    from yusuan.generate import build_document
    from yusuan.layout import load_layout
    from yusuan.render.docx import render_docx
    from yusuan.render.html import render_html
    from yusuan.render.pdf import render_pdf
    from yusuan.render.xlsx import render_xlsx

    out = []
    for path in sorted((FIXTURES / "read").rglob("*")):
        if path.suffix in (".pdf", ".txt", ".md", ".html"):
            kind = "pdf" if path.suffix == ".pdf" else "text"
            out.append(Seed(path.name, path.suffix, kind, path.read_bytes()))
    for path in (ROOT / "examples" / "korla-2024" / "budget.yaml", FIXTURES / "fictional-dept-2025.yaml"):
        out.append(Seed(path.name, ".yaml", "yaml", path.read_bytes()))
    budget = load_budget(ROOT / "examples" / "korla-2024")
    document = build_document(budget, load_layout("xinjiang-2024-unit"), compute(budget))
    own = {fmt: work / f"korla.{fmt}" for fmt in ("docx", "pdf", "html", "xlsx")}
    render_docx(document, own["docx"])
    render_pdf(document, own["pdf"])
    own["html"].write_text(render_html(document), encoding="utf-8")
    render_xlsx(document, own["xlsx"])
    for fmt, path in own.items():
        kind = {"docx": "zip", "xlsx": "zip", "pdf": "pdf", "html": "text"}[fmt]
        out.append(Seed(f"yusuan.{fmt}", f".{fmt}", kind, path.read_bytes()))
    return out


def _mutate_bytes(data: bytes, rnd: random.Random, tokens: list[bytes]) -> bytes:
    buf = bytearray(data)
    for _ in range(rnd.choice((1, 1, 2, 3, 8))):
        if not buf:
            buf += rnd.choice(tokens)
            continue
        at = rnd.randrange(len(buf))
        span = min(len(buf) - at, rnd.choice((1, 2, 8, 64, 4096)))
        what = rnd.randrange(7)
        if what == 0:
            buf[at] ^= 1 << rnd.randrange(8)
        elif what == 1:
            buf[at : at + span] = bytes(rnd.randrange(256) for _ in range(span))
        elif what == 2:
            del buf[at : at + span]
        elif what == 3:
            buf[at:at] = buf[at : at + span] * rnd.choice((1, 2, 50))
        elif what == 4:
            del buf[at:]
        else:
            buf[at:at] = rnd.choice(tokens)
    return bytes(buf)


def _mutate_zip(data: bytes, rnd: random.Random) -> bytes:
    """One member of an Office file damaged, the archive rebuilt (raw damage mostly gives only a
    broken ZIP, which the readers refuse before parsing anything)."""
    with zipfile.ZipFile(io.BytesIO(data)) as source:
        items = source.infolist()
        xml = [i for i in items if i.filename.endswith(".xml")] or items
        victim = rnd.choice(xml).filename
        out = io.BytesIO()
        with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
            for item in items:
                content = source.read(item.filename)
                if item.filename == victim:
                    content = _mutate_bytes(content, rnd, _TOKENS["xml"])
                target.writestr(item, content)  # its own ZipInfo: the same date, the same bytes
    return out.getvalue()


# values put in place of a budget's value by the structured YAML mutation
_YAML_VALUES: list[object] = [
    None,
    "",
    0,
    -1,
    "-0.00",
    "9" * 40,
    "1e999",
    "NaN",
    "约30万",
    True,
    [],
    {},
    "库尔勒" * 400,
    "2099",
    "\u0007",
    10**30,
    "0.001",
    "１２３.４５",
    [None],
    {"x": 1},
]


def _nodes(value: object, path: tuple = ()) -> list[tuple]:
    """Every place in a loaded YAML tree, as a path of keys and indices."""
    out = [path]
    if isinstance(value, dict):
        for key, child in value.items():
            out += _nodes(child, (*path, key))
    elif isinstance(value, list):
        for index, child in enumerate(value):
            out += _nodes(child, (*path, index))
    return out


def _mutate_yaml(data: bytes, rnd: random.Random) -> bytes:
    """A budget changed where its meaning lives: one value replaced, a key dropped, a list item
    doubled or dropped, two siblings swapped — the file stays valid YAML, so the case reaches the
    model, the computation, the build and the check (byte damage mostly stops at UTF-8 decoding)."""
    import copy

    import yaml

    def value() -> object:  # a fresh copy: a shared list put in twice would contain itself
        return copy.deepcopy(rnd.choice(_YAML_VALUES))

    tree = yaml.safe_load(data)
    for _ in range(rnd.choice((1, 1, 2, 4))):
        places = [p for p in _nodes(tree) if p]
        if not places:
            break
        place = rnd.choice(places)
        parent = tree
        for key in place[:-1]:
            parent = parent[key]
        last = place[-1]
        what = rnd.randrange(4)
        if what == 0 or not isinstance(parent, (dict, list)):
            parent[last] = value()
        elif what == 1:
            del parent[last]
        elif what == 2 and isinstance(parent, list):
            parent.insert(last, copy.deepcopy(parent[last]))
        elif what == 3 and isinstance(parent, list) and len(parent) > 1:
            other = rnd.randrange(len(parent))
            parent[last], parent[other] = parent[other], parent[last]
        else:
            parent[last] = value()
    return yaml.safe_dump(tree, allow_unicode=True, sort_keys=False).encode("utf-8")


def mutate(seed: Seed, rnd: random.Random) -> bytes:
    if seed.kind == "zip" and rnd.random() < 0.7:
        return _mutate_zip(seed.data, rnd)
    if seed.kind == "yaml" and rnd.random() < 0.7:
        return _mutate_yaml(seed.data, rnd)
    tokens = _TOKENS["text" if seed.kind == "zip" else seed.kind]
    return _mutate_bytes(seed.data, rnd, tokens)


def run_case(suffix: str, kind: str, data: bytes) -> Outcome:
    """Read (and check) one damaged input as a user's file; never raises."""
    from yusuan.check.runner import check_document
    from yusuan.layout.profile import LayoutError
    from yusuan.read.limits import ReadError
    from yusuan.read.reader import read_publication
    from yusuan.source import SourceError

    with tempfile.TemporaryDirectory(prefix="yusuan-fuzz-") as folder:
        path = Path(folder) / f"case{suffix}"
        path.write_bytes(data)
        try:
            if kind == "yaml":
                from yusuan.budgetfile import load_budget
                from yusuan.compute import compute
                from yusuan.generate import build_document
                from yusuan.layout import load_layout

                budget = load_budget(path)
                if budget.layout is None:
                    return Outcome("read")
                check_document(build_document(budget, load_layout(budget.layout), compute(budget)))
            else:
                check_document(read_publication([path]).document)
        except (ReadError, SourceError, LayoutError) as exc:
            return Outcome("refused", str(exc)[:200])
        except Exception as exc:
            return Outcome("internal", f"{type(exc).__name__}: {exc}\n{traceback.format_exc(limit=6)}")
    return Outcome("read")


def cases(all_seeds: list[Seed], count: int, seed: int) -> list[tuple[str, str, str, bytes]]:
    """``count`` damaged inputs, the same for the same ``seed``: (case id, suffix, kind, bytes)."""
    rnd = random.Random(seed)
    out = []
    for number in range(count):
        source = all_seeds[number % len(all_seeds)]
        out.append((f"{seed}-{number}-{source.name}", source.suffix, source.kind, mutate(source, rnd)))
    return out
