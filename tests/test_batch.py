"""Checking many documents in one command (yusuan.batch): which documents the inputs name, each
document isolated in its worker (an exception, a dying worker, a timeout), the cache, the report
folder, the command line's modes and exit codes, and the same results on a Dask cluster."""

from __future__ import annotations

import json
import os
import shutil
import signal
import sys
import time
from pathlib import Path

import pytest

from corpusdir import corpus_file
from yusuan.batch.cache import ResultCache
from yusuan.batch.inputs import InputError, expand_inputs, pair_parts
from yusuan.batch.result import DocumentResult, Status, exit_code
from yusuan.batch.runner import BatchOptions, run_batch
from yusuan.batch.task import Task

from conftest import ROOT, run_cli

FIXTURES = ROOT / "tests" / "fixtures" / "read"
GOOD = FIXTURES / "jiangsu-procuratorate-2017-dept-budget.pdf"
# Small corpus documents (one of them published as two files) for the Dask comparison.
CORPUS_SLICE = (
    "shanghai-city/10_2026_上海市海洋监测预报中心_4582b4a6.pdf",
    "shanghai-city/19_2026_上海市中医文献馆_ca1fccc4.pdf",
    "jiangsu-province/js-party-cttee-office_2018_dept-budget-text.pdf",
    "jiangsu-province/js-party-cttee-office_2018_dept-budget-tables.pdf",
)


def _touch(path: Path, content: bytes = b"x") -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(content)
    return path


# ------------------------------------------------------------------ which documents


def test_inputs_pair_search_and_skip(tmp_path: Path) -> None:
    """Folders are searched recursively in name order; NAME-text/NAME-tables of one folder are one
    document (text first); hidden files, budget sources and yusuan's own folders are passed over;
    a file of any other extension is a document (it will show as unreadable)."""
    a = _touch(tmp_path / "docs" / "a.pdf")
    tables = _touch(tmp_path / "docs" / "b-tables.pdf")
    text = _touch(tmp_path / "docs" / "b-text.pdf")
    image = _touch(tmp_path / "docs" / "sub" / "scan.png")
    _touch(tmp_path / "docs" / ".hidden.pdf")
    _touch(tmp_path / "docs" / ".git" / "x.pdf")
    _touch(tmp_path / "docs" / "budget-source.yaml")
    _touch(tmp_path / "docs" / "korla" / "budget.yaml")
    _touch(tmp_path / "docs" / "old-report" / "summary.json", b'{"schema": "yusuan/batch-report@1"}')
    _touch(tmp_path / "docs" / "cache" / "CACHEDIR.TAG")
    _touch(tmp_path / "docs" / "other" / "c-text.pdf")  # a part without its other half
    # what yusuan build writes beside the documents is no document
    _touch(tmp_path / "docs" / "yusuan-build.json")
    _touch(tmp_path / "docs" / "a-核对报告.html")
    _touch(tmp_path / "docs" / "a-核对报告.json")
    inputs = expand_inputs([tmp_path / "docs"])
    assert inputs.searched
    assert inputs.documents == [
        (a,),
        (text, tables),
        (tmp_path / "docs" / "other" / "c-text.pdf",),
        (image,),
    ]
    assert {p.name for p, _ in inputs.skipped} == {
        "budget-source.yaml",
        "korla",
        "old-report",
        "cache",
        "yusuan-build.json",
        "a-核对报告.html",
        "a-核对报告.json",
    }


def test_inputs_patterns_files_and_errors(tmp_path: Path) -> None:
    one = _touch(tmp_path / "x-text.pdf")
    two = _touch(tmp_path / "x-tables.pdf")
    three = _touch(tmp_path / "y.pdf")
    named = expand_inputs([two, one])
    assert named.documents == [(one, two)] and not named.searched
    pattern = expand_inputs([str(tmp_path / "*.pdf"), three])  # a pattern the shell did not expand
    assert pattern.searched and pattern.documents == [(one, two), (three,)]  # y.pdf once
    with pytest.raises(InputError, match="没有与"):
        expand_inputs([str(tmp_path / "*.docx")])
    with pytest.raises(InputError, match="找不到文件或文件夹"):
        expand_inputs([tmp_path / "missing.pdf"])
    with pytest.raises(InputError, match="只能单独核对"):
        expand_inputs([three, _touch(tmp_path / "budget.yaml")])
    assert pair_parts([three, two, one]) == [(three,), (one, two)]


# ------------------------------------------------------------------ a folder on the command line


@pytest.fixture
def mixed(tmp_path: Path) -> Path:
    """A good PDF, a truncated one, random bytes under an image's name and an empty file."""
    folder = tmp_path / "docs"
    folder.mkdir()
    shutil.copy(GOOD, folder / "good.pdf")
    _touch(folder / "corrupt.pdf", GOOD.read_bytes()[:2048])
    _touch(folder / "random.png", os.urandom(4096))
    _touch(folder / "empty.pdf", b"")
    return folder


def test_folder_report_statuses_and_exit_codes(mixed: Path, tmp_path: Path) -> None:
    report = tmp_path / "report"
    code, out, err = run_cli("check", str(mixed), "--no-cache", "--json", "--report", str(report))
    assert code == 1, err  # good.pdf has errors
    assert "Traceback" not in err
    data = json.loads(out)
    statuses = {Path(d["files"][0]).name: d["status"] for d in data["documents"]}
    assert statuses == {
        "corrupt.pdf": "unreadable",
        "empty.pdf": "unreadable",
        "good.pdf": "ok",
        "random.png": "unreadable",
    }
    good = next(d for d in data["documents"] if d["status"] == "ok")
    assert good["year"] == 2017 and good["counts"]["error"] == 5 and good["pages"]
    assert all(d["message"] for d in data["documents"] if d["status"] != "ok")
    assert data["totals"]["status"]["unreadable"] == 3

    # the report: CSV for Excel, JSON, an index and a page per document linking to the PDF's pages
    csv_bytes = (report / "summary.csv").read_bytes()
    assert csv_bytes.startswith(b"\xef\xbb\xbf") and "无法读取" in csv_bytes.decode("utf-8-sig")
    assert len(csv_bytes.decode("utf-8-sig").splitlines()) == 5
    summary = json.loads((report / "summary.json").read_text(encoding="utf-8"))
    assert summary["schema"] == "yusuan/batch-report@1" and len(summary["documents"]) == 4
    index = (report / "index.html").read_text(encoding="utf-8")
    assert "预算公开核对报告" in index and index.count("<tr>") == 5
    page = next(d["page"] for d in summary["documents"] if d["status"] == "ok")
    html = (report / page).read_text(encoding="utf-8")
    assert "../../docs/good.pdf#page=" in html and "核对发现" in html

    # a rerun may replace its own report; without the good PDF nothing has errors: exit code 2
    (mixed / "good.pdf").unlink()
    code, out, err = run_cli("check", str(mixed), "--no-cache", "--report", str(report))
    assert code == 2, err
    assert "无法读取" in out and "文件是空的" in out
    assert len(json.loads((report / "summary.json").read_text(encoding="utf-8"))["documents"]) == 3


def test_report_refuses_a_foreign_folder(mixed: Path, tmp_path: Path) -> None:
    foreign = tmp_path / "mine"
    _touch(foreign / "notes.txt")
    code, _, err = run_cli("check", str(mixed), "--report", str(foreign))
    assert code == 2 and "不是 yusuan 以前写的核对报告" in err
    assert sorted(p.name for p in foreign.iterdir()) == ["notes.txt"]


def test_modes_of_check(tmp_path: Path) -> None:
    """One file or one text/tables pair: the findings one by one, as always; two unrelated files:
    a batch; --one: two unrelated files as one publication."""
    seed = (FIXTURES / "korla-2024-unit-budget-seed.txt").read_text(encoding="utf-8")
    a = _touch(tmp_path / "a.txt", seed.encode())
    b = _touch(tmp_path / "b.txt", seed.encode())
    code, out, _ = run_cli("check", str(a), "--json")
    assert code == 1 and json.loads(out)["schema"] == "yusuan/check-report@1"
    code, out, _ = run_cli("check", str(a), str(b), "--no-cache", "--json", "--rule", "perf")
    assert code == 0 and [len(d["files"]) for d in json.loads(out)["documents"]] == [1, 1]
    code, out, _ = run_cli("check", "--one", str(a), str(b), "--json")
    assert json.loads(out)["schema"] == "yusuan/check-report@1"
    code, _, err = run_cli("check", "--one", str(a), str(b), "--report", str(tmp_path / "r"))
    assert code == 2 and "--one" in err
    code, _, err = run_cli("check", str(a), str(b), "--html", str(tmp_path / "r.html"))
    assert code == 2 and "--report" in err
    code, _, err = run_cli("check", str(tmp_path / "nothing-*.pdf"))
    assert code == 2 and "没有与" in err and "Traceback" not in err
    _touch(tmp_path / "sources" / "x.yaml")
    code, _, err = run_cli("check", str(tmp_path / "sources"))
    assert code == 2 and "没有找到要核对的文件" in err and "x.yaml（预算源" in err


def test_exit_code() -> None:
    ok = DocumentResult(files=["a"], status=Status.OK)
    bad = DocumentResult(files=["b"], status=Status.OK, counts={"error": 2, "warning": 0, "notice": 0})
    lost = DocumentResult(files=["c"], status=Status.TIMEOUT, message="超时")
    assert exit_code([ok]) == 0
    assert exit_code([ok, lost]) == 2
    assert exit_code([ok, lost, bad]) == 1


# ------------------------------------------------------------------ isolation in the workers


def misbehave(task: Task) -> DocumentResult:
    """A document's work that does what the file's name says (runs in a worker process)."""
    name = Path(task.files[0]).stem
    if name == "exit":
        os._exit(3)
    if name == "segfault":
        os.kill(os.getpid(), signal.SIGSEGV)
    if name == "raise":
        raise ValueError("坏了")
    if name == "hang":
        time.sleep(120)
    if name == "memory":
        bytearray(1024 * 1024 * 1024)
    return DocumentResult(files=list(task.shown), status=Status.OK, seconds=0.01)


def test_failures_are_that_documents_result(tmp_path: Path) -> None:
    names = ["ok1", "exit", "raise", "hang", "segfault", "memory", "ok2", "ok3"]
    documents = [(_touch(tmp_path / f"{n}.pdf"),) for n in names]
    # 10 s: a child that starts and returns at once stays far inside it on a loaded 2-core machine
    # (3 s was not: an ok document was once timed out while the suite ran beside other work)
    options = BatchOptions(jobs=2, timeout=10, memory_limit=400)
    started = time.monotonic()
    results = run_batch(documents, options, run=misbehave)
    assert time.monotonic() - started < 60  # the hang is stopped, not waited for (120 s)
    status = {Path(r.files[0]).stem: r.status for r in results}
    assert status == {
        "ok1": Status.OK,
        "exit": Status.CRASHED,
        "raise": Status.CRASHED,
        "hang": Status.TIMEOUT,
        "segfault": Status.CRASHED,
        "memory": Status.MEMORY,
        "ok2": Status.OK,
        "ok3": Status.OK,
    }
    message = {Path(r.files[0]).stem: r.message for r in results}
    assert "退出码 3" in message["exit"]
    assert "ValueError: 坏了" in message["raise"]
    assert "超过 10 秒" in message["hang"]
    assert "SIGSEGV" in message["segfault"]
    assert "内存" in message["memory"]
    assert exit_code(results) == 2


def test_isolated_child_process(tmp_path: Path) -> None:
    """What a Dask worker does with each document: a child process per document, so that a crash
    or a timeout ends the child, not the worker."""
    from yusuan.batch.isolated import run_isolated

    def task(name: str) -> Task:
        path = str(_touch(tmp_path / f"{name}.pdf"))
        return Task((path,), (path,))

    ok = run_isolated(misbehave, task("fine"), index=7)
    assert ok.index == 7 and ok.failure is None and ok.value.status is Status.OK
    assert run_isolated(misbehave, task("exit")).message == "工作进程意外退出（退出码 3）"
    assert "ValueError" in run_isolated(misbehave, task("raise")).message
    assert run_isolated(misbehave, task("hang"), timeout=2).failure == "timeout"
    assert run_isolated(misbehave, task("memory"), memory_limit=400).failure == "memory"


# ------------------------------------------------------------------ the cache


def counted(task: Task) -> DocumentResult:
    """A document's work that leaves a mark for every time it runs."""
    with open(task.files[0] + ".runs", "a", encoding="utf-8") as marks:
        marks.write("run\n")
    size = Path(task.files[0]).stat().st_size
    return DocumentResult(files=list(task.shown), status=Status.OK, pages=size, message=task.files[0])


def test_cache_skips_unchanged_and_rechecks_changed(tmp_path: Path) -> None:
    docs = tmp_path / "docs"
    same, changed = _touch(docs / "same.pdf", b"one"), _touch(docs / "changed.pdf", b"two")
    options = BatchOptions(jobs=2, cache=ResultCache(tmp_path / "cache"))
    first = run_batch([(same,), (changed,)], options, run=counted)
    assert [r.cached for r in first] == [False, False]
    changed.write_bytes(b"two, edited")
    second = run_batch([(same,), (changed,)], options, run=counted)
    assert [r.cached for r in second] == [True, False]
    assert (docs / "same.pdf.runs").read_text().count("run") == 1  # not recomputed
    assert (docs / "changed.pdf.runs").read_text().count("run") == 2
    assert second[1].pages == len(b"two, edited")
    # a moved file is found by its content and shown under its new name
    moved = docs / "moved.pdf"
    same.rename(moved)
    third = run_batch([(moved,)], options, run=counted)
    assert third[0].cached and third[0].files == [str(moved)] and third[0].message == str(moved)
    # another selection of rules is another entry
    fourth = run_batch(
        [(moved,)], BatchOptions(jobs=1, cache=options.cache, rules=("date.E001",)), run=counted
    )
    assert not fourth[0].cached
    assert (tmp_path / "cache" / "CACHEDIR.TAG").is_file()
    assert not list((tmp_path / "cache").rglob(".tmp-*"))


# ------------------------------------------------------------------ Dask


def _summary(results: list[DocumentResult]) -> list[tuple[list[str], str, dict[str, int]]]:
    return [(r.files, r.status.value, r.counts) for r in results]


@pytest.fixture(scope="module")
def cluster():  # type: ignore[no-untyped-def]
    """A Dask cluster of two worker processes on this machine."""
    distributed = pytest.importorskip("distributed", reason="需要安装 yusuan[dask]")
    with distributed.LocalCluster(
        n_workers=2, processes=True, threads_per_worker=1, dashboard_address=":0"
    ) as local_cluster:
        yield local_cluster


def test_dask_fixture_folder(cluster, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """The fixture folder checked on the cluster through the command line, the files' bytes sent
    to the workers (--upload): the statuses and finding counts of the local workers, the files
    named as given, not as the workers' copies."""
    folder = tmp_path / "fixtures"
    shutil.copytree(FIXTURES, folder)
    local = run_batch(expand_inputs([folder]).documents, BatchOptions(jobs=2))
    assert Status.OK in {r.status for r in local}
    code, out, err = run_cli(
        "check", str(folder), "--scheduler", cluster.scheduler_address, "--upload", "--no-cache", "--json"
    )
    assert code == exit_code(local), err
    uploaded = [DocumentResult.from_json(d) for d in json.loads(out)["documents"]]
    assert _summary(uploaded) == _summary(local)
    places = [f["provenance"]["file"] for r in uploaded for f in r.findings if f.get("provenance")]
    assert places and all(p.startswith(str(folder)) for p in places)


def test_dask_corpus_slice(cluster, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """Small corpus documents (one in two files) checked on the cluster from shared paths give the
    local results."""
    documents = expand_inputs([corpus_file(name) for name in CORPUS_SLICE]).documents
    assert [len(d) for d in documents] == [1, 1, 2]
    local = run_batch(documents, BatchOptions(jobs=2))
    shared = run_batch(documents, BatchOptions(scheduler=cluster.scheduler_address, timeout=120))
    assert _summary(shared) == _summary(local)
    assert all(r.status is Status.OK for r in shared)


def test_dask_missing(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setitem(sys.modules, "distributed", None)  # import distributed raises ImportError
    docs = [_touch(tmp_path / "a.txt"), _touch(tmp_path / "b.txt")]
    code, _, err = run_cli("check", *map(str, docs), "--no-cache", "--scheduler", "tcp://127.0.0.1:1")
    assert code == 2 and "需要安装 yusuan[dask]" in err and "Traceback" not in err


def test_dask_scheduler_out_of_reach(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    pytest.importorskip("distributed", reason="需要安装 yusuan[dask]")
    monkeypatch.setattr("yusuan.batch.dask.CONNECT_TIMEOUT", 1)
    docs = [_touch(tmp_path / "a.txt"), _touch(tmp_path / "b.txt")]
    code, _, err = run_cli("check", *map(str, docs), "--no-cache", "--scheduler", "tcp://127.0.0.1:1")
    assert code == 2 and "无法连接 Dask 调度器" in err and "Traceback" not in err
