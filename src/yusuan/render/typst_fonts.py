"""Running typst with the CJK fonts the documents need, and failing loudly when they are missing.

Without a CJK font typst silently draws empty boxes, so every compile first checks that the
families the documents name are installed (Debian: fonts-noto-cjk, installed by scripts/setup.sh).
"""

from __future__ import annotations

import os
from functools import cache
from pathlib import Path
from typing import Any

SERIF = "Noto Serif CJK SC"
SANS = "Noto Sans CJK SC"
FONT_DIRS = ("/usr/share/fonts/opentype/noto", "/usr/share/fonts/truetype/noto", "/usr/share/fonts")


class FontMissingError(RuntimeError):
    """The CJK fonts are not installed; the message says how to install them."""


@cache
def font_paths() -> tuple[str, ...]:
    extra = os.environ.get("YUSUAN_FONT_DIRS", "")
    return tuple(p for p in (*extra.split(os.pathsep), *FONT_DIRS) if p and Path(p).is_dir())


@cache
def check_fonts() -> None:
    import typst

    families = set(
        typst.Fonts(
            include_system_fonts=True, include_embedded_fonts=False, font_paths=list(font_paths())
        ).families()
    )
    missing = [family for family in (SERIF, SANS) if family not in families]
    if missing:
        raise FontMissingError(
            f"缺少中文字体：{'、'.join(missing)}。请运行 scripts/setup.sh（会安装 Debian 的 fonts-noto-cjk），"
            "或设置环境变量 YUSUAN_FONT_DIRS 指向含这些字体的文件夹"
        )


@cache
def _compiler() -> Any:
    """One compiler for the process: loading the CJK font files is most of a small compile's cost."""
    import typst

    return typst.Compiler(font_paths=list(font_paths()))


def compile_typst(
    source: str, fmt: str = "pdf", ppi: int | None = None, inputs: dict[str, str] | None = None
) -> bytes:
    """Compile typst markup to PDF (or PNG) bytes with the project's fonts.

    ``inputs`` are passed as ``sys.inputs`` (yusuan hands a document over as JSON this way, so
    that no text ever needs escaping into typst markup).
    """
    check_fonts()
    output_format = "png" if fmt == "png" else "pdf"
    result: object = _compiler().compile(
        input=source.encode("utf-8"), format=output_format, ppi=ppi, sys_inputs=inputs or {}
    )
    if isinstance(result, list):  # PNG output is one image per page
        result = result[0]
    if not isinstance(result, bytes):
        raise TypeError(f"typst returned {type(result).__name__}, expected bytes")
    return result
