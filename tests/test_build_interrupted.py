"""`yusuan build` stopped halfway (an error, Ctrl-C, a full disk, SIGTERM, SIGKILL) or run eight
times at once into one folder: the next plain build always succeeds, no temporary is left, and the
manifest matches the files on disk (issue 11)."""

from __future__ import annotations

import errno
import hashlib
import json
import os
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import pytest

from yusuan.folderlock import folder_lock
from yusuan.model.document import Document
from yusuan.render import output
from yusuan.render.manifest import LOCK, MANIFEST, is_temporary
from yusuan.render.output import OutputError, write_outputs
from yusuan.termination import Terminated

from conftest import KORLA, ROOT, run_cli

POSIX = pytest.mark.skipif(sys.platform == "win32", reason="POSIX signals")
STEM = "库尔勒经济技术开发区管理委员会党政办公室2024年单位预算公开"
FORMATS = ["html", "xlsx"]  # the two fastest renderers; the others take the same path
REPORTS = [f"{STEM}-核对报告.html", f"{STEM}-核对报告.json"]  # the findings report of each build


@pytest.fixture(scope="module")
def document() -> Document:
    from yusuan.budgetfile import load_budget
    from yusuan.compute import compute
    from yusuan.generate import build_document
    from yusuan.layout import load_layout

    budget = load_budget(KORLA)
    return build_document(budget, load_layout("xinjiang-2024-unit"), compute(budget))


def temporaries(folder: Path) -> list[str]:
    return sorted(name for name in os.listdir(folder) if is_temporary(name))


def assert_manifest_matches(folder: Path) -> dict[str, str]:
    """The manifest parses and every file it lists has exactly the digest it records."""
    listed: dict[str, str] = json.loads((folder / MANIFEST).read_text(encoding="utf-8"))["files"]
    for name, digest in listed.items():
        assert hashlib.sha256((folder / name).read_bytes()).hexdigest() == digest, name
    return listed


def assert_next_build_succeeds(folder: Path) -> None:
    code, _, stderr = run_cli("build", str(KORLA), "-o", str(folder), "--format", ",".join(FORMATS))
    assert code == 0, stderr
    assert temporaries(folder) == []
    documents = [f"{STEM}.{fmt}" for fmt in FORMATS]
    assert sorted(assert_manifest_matches(folder)) == sorted([*documents, *REPORTS])


def failing_second_render(monkeypatch: pytest.MonkeyPatch, error: BaseException) -> None:
    real = output._render
    calls: list[str] = []

    def render(fmt: str) -> Callable[[Document, Path], None]:
        calls.append(fmt)
        if len(calls) == 2:
            raise error
        return real(fmt)

    monkeypatch.setattr(output, "_render", render)


@pytest.mark.parametrize(
    "error",
    [KeyboardInterrupt(), Terminated(signal.SIGTERM), OSError(errno.ENOSPC, "No space left on device")],
    ids=["ctrl-c", "sigterm", "disk-full"],
)
def test_a_build_stopped_while_rendering_leaves_the_folder_as_it_was(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, document: Document, error: BaseException
) -> None:
    failing_second_render(monkeypatch, error)
    with pytest.raises((type(error), OutputError)) as raised:
        write_outputs(document, tmp_path, FORMATS)
    if isinstance(error, OSError):
        assert "磁盘空间不足" in str(raised.value) and "临时文件已删除" in str(raised.value)
    # Every format is rendered before any is put in place: nothing new, nothing half-written.
    assert temporaries(tmp_path) == [] and not list(tmp_path.glob(f"{STEM}.*"))
    monkeypatch.undo()
    assert_next_build_succeeds(tmp_path)


@pytest.mark.parametrize(
    ("error", "exit_code", "message"),
    [
        (KeyboardInterrupt(), 130, "已中断"),
        (Terminated(signal.SIGTERM), 143, "已终止"),
        (OSError(errno.ENOSPC, "No space left on device"), 2, "磁盘空间不足"),
    ],
    ids=["ctrl-c", "sigterm", "disk-full"],
)
def test_the_command_says_so_in_chinese(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, error: BaseException, exit_code: int, message: str
) -> None:
    failing_second_render(monkeypatch, error)
    code, _, stderr = run_cli("build", str(KORLA), "-o", str(tmp_path), "--format", ",".join(FORMATS))
    assert code == exit_code and message in stderr and "Traceback" not in stderr
    assert temporaries(tmp_path) == []


@pytest.mark.parametrize(
    "error",
    [KeyboardInterrupt(), OSError(errno.ENOSPC, "No space left on device")],
    ids=["ctrl-c", "disk-full"],
)
def test_a_build_stopped_between_two_renames_keeps_what_is_in_place(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, document: Document, error: BaseException
) -> None:
    real = os.replace
    renamed: list[str] = []

    def replace(source: str, target: str) -> None:
        if Path(target).name != MANIFEST:
            renamed.append(Path(target).name)
            if len(renamed) == 2:
                raise error
        real(source, target)

    monkeypatch.setattr(os, "replace", replace)
    with pytest.raises((type(error), OutputError)):
        write_outputs(document, tmp_path, FORMATS)
    monkeypatch.undo()
    # The first file is in place and recorded; the second was never renamed and is gone.
    assert temporaries(tmp_path) == []
    assert sorted(assert_manifest_matches(tmp_path)) == [f"{STEM}.html"]
    assert not (tmp_path / f"{STEM}.xlsx").exists()
    assert_next_build_succeeds(tmp_path)


def test_a_build_stopped_between_a_rename_and_its_record(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, document: Document
) -> None:
    """The file is in place but the manifest still has it as pending: the next build knows it."""
    from yusuan.render.manifest import Manifest

    real = Manifest.save
    saves: list[int] = []

    def save(self: Manifest) -> None:
        saves.append(1)
        if len(saves) == 2:  # the first save marks both files pending, the second records one
            raise KeyboardInterrupt
        real(self)

    monkeypatch.setattr(Manifest, "save", save)
    with pytest.raises(KeyboardInterrupt):
        write_outputs(document, tmp_path, FORMATS)
    monkeypatch.undo()
    recorded = json.loads((tmp_path / MANIFEST).read_text(encoding="utf-8"))
    assert recorded["files"] == {} and sorted(recorded["pending"]) == [f"{STEM}.{fmt}" for fmt in FORMATS]
    assert (tmp_path / f"{STEM}.html").exists() and temporaries(tmp_path) == []
    assert_next_build_succeeds(tmp_path)


def test_temporaries_of_a_killed_build_are_removed_and_nothing_else(tmp_path: Path) -> None:
    stale = [".yusuan-build-k2j4x9_a.tmp.pdf", ".yusuan-build-0abc1234.tmp", ".yusuan-build-zz9.tmp.docx"]
    stale += [f".{STEM}.k2j4x9_a.xlsx"]  # as builds named them before (issue 11)
    kept = [
        ".yusuan-build-notes.txt",
        "草稿.tmp",
        ".yusuan-build-ab.tmp.pdf.bak",
        LOCK,
        f".{STEM}.notes.xlsx",
    ]
    for name in stale + kept:
        (tmp_path / name).write_bytes(b"x")
    assert_next_build_succeeds(tmp_path)
    assert all((tmp_path / name).exists() for name in kept)
    assert not any((tmp_path / name).exists() for name in stale)


def test_the_manifests_own_temporary_is_recognised(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """write_atomic names the manifest's temporary itself; a kill while it is written leaves one
    that the next build must recognise."""
    from yusuan.atomic import write_atomic

    seen: list[str] = []

    def fail(source: str, target: str) -> None:
        seen.append(Path(source).name)
        raise KeyboardInterrupt

    monkeypatch.setattr(os, "replace", fail)
    with pytest.raises(KeyboardInterrupt):
        write_atomic(tmp_path / MANIFEST, "{}")
    assert len(seen) == 1 and is_temporary(seen[0])


def test_a_build_waits_for_another_and_gives_up_with_a_chinese_message(
    tmp_path: Path, document: Document
) -> None:
    waited: list[bool] = []
    with (
        folder_lock(tmp_path / LOCK, timeout=1),
        pytest.raises(OutputError, match="另一个 yusuan build 正在写入此文件夹"),
    ):
        write_outputs(document, tmp_path, ["html"], lock_timeout=0.2, on_wait=lambda: waited.append(True))
    assert waited == [True] and not (tmp_path / MANIFEST).exists()
    assert write_outputs(document, tmp_path, ["html"], lock_timeout=0.2)


def test_a_control_character_is_refused_before_any_file(tmp_path: Path, document: Document) -> None:
    """DOCX and XLSX cannot hold one (lxml raised after other files were written, exit 70)."""
    broken = document.model_copy(deep=True)
    broken.sections[0].paragraphs = ["本单位\x01概况"]
    out = tmp_path / "out"
    with pytest.raises(OutputError, match=r"控制字符（U\+0001）.*本单位□概况"):
        write_outputs(broken, out, ["html", "docx"])
    assert not out.exists()


def test_a_file_name_too_long_is_refused_before_any_file(tmp_path: Path, document: Document) -> None:
    long = document.model_copy(update={"title": "很长的单位名称" * 20})
    with pytest.raises(OutputError, match=r"文件名有 \d+ 字节"):
        write_outputs(long, tmp_path / "out", ["html"])
    assert not (tmp_path / "out").exists()


def test_a_folder_in_place_of_a_file_is_refused_before_any_file(tmp_path: Path, document: Document) -> None:
    (tmp_path / f"{STEM}.xlsx").mkdir()
    with pytest.raises(OutputError, match="已被一个文件夹或其他非普通文件占用"):
        write_outputs(document, tmp_path, FORMATS)
    assert not (tmp_path / f"{STEM}.html").exists() and not (tmp_path / MANIFEST).exists()


def test_missing_fonts_are_found_before_any_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, document: Document
) -> None:
    """The PDF is the second format here: the HTML must not be written when the PDF cannot be."""
    from yusuan.render import typst_fonts

    def check_fonts() -> None:
        raise typst_fonts.FontMissingError("缺少中文字体：Noto Serif CJK SC")

    monkeypatch.setattr(typst_fonts, "check_fonts", check_fonts)
    code, _, stderr = run_cli("build", str(KORLA), "-o", str(tmp_path / "out"), "--format", "html,pdf")
    assert code == 2 and "缺少中文字体" in stderr
    assert not (tmp_path / "out").exists()


# A build in a real process, paused at a chosen point until the test stops it with a signal.
DRIVER = """
import os, sys, time
from pathlib import Path
import yusuan.render.output as output

marker, point = Path(sys.argv[1]), sys.argv[2]

def pause():
    marker.write_text(point)
    time.sleep(120)

if point == "render":  # the first format rendered, the second's temporary created
    real = output._render
    calls = []
    def render(fmt):
        calls.append(fmt)
        if len(calls) == 2:
            pause()
        return real(fmt)
    output._render = render
else:  # the first file renamed into place, not yet recorded
    real_replace = os.replace
    def replace(source, target):
        real_replace(source, target)
        if Path(target).name != "yusuan-build.json":
            pause()
    os.replace = replace

from yusuan.cli import main
main(sys.argv[3:], prog_name="yusuan")
"""


def paused_build(folder: Path, point: str, marker: Path) -> subprocess.Popen[bytes]:
    args = ["build", str(KORLA), "-o", str(folder), "--format", ",".join(FORMATS)]
    process = subprocess.Popen(
        [sys.executable, "-c", DRIVER, str(marker), point, *args],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    deadline = time.monotonic() + 120
    while not marker.exists():
        assert process.poll() is None, process.communicate()
        assert time.monotonic() < deadline, "the build never reached its pause"
        time.sleep(0.05)
    return process


@POSIX
@pytest.mark.parametrize("point", ["render", "rename"])
@pytest.mark.parametrize("signum", [signal.SIGTERM, signal.SIGKILL], ids=["SIGTERM", "SIGKILL"])
def test_a_build_process_killed_midway(tmp_path: Path, point: str, signum: int) -> None:
    folder = tmp_path / "out"
    process = paused_build(folder, point, tmp_path / "paused")
    try:
        assert temporaries(folder)  # what a kill would leave behind
        process.send_signal(signum)
        _, stderr = process.communicate(timeout=60)
    finally:
        process.kill()
    if signum == signal.SIGTERM:
        # It cleaned up after itself and said so.
        assert process.returncode == 143 and "已终止" in stderr.decode()
        assert temporaries(folder) == []
    else:
        assert process.returncode == -signal.SIGKILL
    assert_next_build_succeeds(folder)


def test_eight_builds_at_once_into_one_folder(tmp_path: Path) -> None:
    folder = tmp_path / "out"
    command = [sys.executable, "-m", "yusuan", "build", str(KORLA), "-o", str(folder), "--format", "html"]
    processes = [
        subprocess.Popen(command, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE) for _ in range(8)
    ]
    for process in processes:
        _, stderr = process.communicate(timeout=300)
        assert process.returncode == 0, stderr.decode()
    assert sorted(assert_manifest_matches(folder)) == sorted([f"{STEM}.html", *REPORTS])
    assert temporaries(folder) == []


@POSIX
def test_an_ignored_signal_stays_ignored() -> None:
    """`nohup yusuan build …` ignores SIGHUP; the build must not turn it back on."""
    from yusuan.termination import signals_raise

    previous = signal.signal(signal.SIGHUP, signal.SIG_IGN)
    try:
        with signals_raise():
            assert signal.getsignal(signal.SIGHUP) is signal.SIG_IGN
            assert signal.getsignal(signal.SIGTERM) is not signal.SIG_IGN
        assert signal.getsignal(signal.SIGHUP) is signal.SIG_IGN
    finally:
        signal.signal(signal.SIGHUP, previous)
