"""A document that ``yusuan read -o`` saved as JSON, loaded back to be checked."""

from __future__ import annotations

import json
from pathlib import Path

from pydantic import ValidationError

from yusuan.model.document import Document
from yusuan.read.limits import ReadError


def is_saved_reading(path: Path) -> bool:
    return path.suffix.lower() == ".json"


def load_saved_reading(path: Path) -> Document:
    """The document of a JSON file that ``yusuan read -o`` wrote; a ReadError (Chinese) for any
    other JSON."""
    try:
        payload = json.loads(path.read_text(encoding="utf-8"))
    except ValueError as exc:
        raise ReadError(f"{path} 不是有效的 JSON：{exc}", str(path)) from None
    if not isinstance(payload, dict) or not isinstance(payload.get("document"), dict):
        raise ReadError(
            f"{path} 不是 yusuan read -o 写出的读取结果（缺少“document”）；"
            "请核对原公开文件，或先用 yusuan read 文件 -o 结果.json 读取",
            str(path),
        )
    try:
        return Document.model_validate(payload["document"])
    except ValidationError as exc:
        first = exc.errors()[0]
        where = ".".join(str(part) for part in first["loc"])
        raise ReadError(
            f"{path} 中的读取结果无法载入（document.{where}：{first['msg']}）；"
            "可能是其他版本的 yusuan 写出的，请用 yusuan read 重新读取原文件",
            str(path),
        ) from None
