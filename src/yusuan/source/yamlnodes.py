"""YAML to plain Python values, keeping where every value was written.

Numbers are turned into ``Decimal`` from the characters in the file (never through float),
duplicate keys are errors, and every mapping key and list item gets its (file, line, column).

Bounded: a control character (NUL, BEL …) is refused with its line and column before parsing;
nesting deeper than :data:`MAX_DEPTH`, an alias that contains itself, and aliases expanding to
more than :data:`MAX_VALUES` values (a "billion laughs" file of a few hundred bytes would expand to
10^9) are refused with a Chinese message instead of exhausting the stack or the memory.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

from ruamel.yaml import YAML
from ruamel.yaml.error import MarkedYAMLError
from ruamel.yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from yusuan.model.fields import CONTROL_CHARACTERS

FieldPath = tuple[str | int, ...]

_PLAIN_DECIMAL = re.compile(r"^[+-]?\d+\.\d*$|^[+-]?\.\d+$")

MAX_DEPTH = 64  # mappings and lists inside each other; a budget needs fewer than ten
MAX_VALUES = 500_000  # values after aliases are expanded; a budget of 1,000 projects needs ~100,000


@dataclass(frozen=True)
class Position:
    """Where a value was written: file, 1-based line and column."""

    file: str
    line: int
    column: int


class YamlSyntaxError(ValueError):
    """The file is not valid YAML; carries the position and a Chinese message."""

    def __init__(self, position: Position, message: str) -> None:
        super().__init__(message)
        self.position = position
        self.message = message


# The usual YAML mistakes, in words a person in a finance office can act on.
_YAML_PROBLEMS = (
    ("cannot start any token", "含有制表符（Tab）或不能出现在此处的字符；YAML 只能用空格缩进"),
    ("expected ',' or ']'", "方括号 [ ] 没有闭合"),
    ("expected ',' or '}'", "花括号 { } 没有闭合"),
    ("mapping values are not allowed here", "此处不能出现“键: 值”：可能是缩进不对，或值中的冒号需要加引号"),
    ("could not find expected ':'", "缺少冒号，或引号没有闭合"),
    ("found unexpected end of stream", "文件意外结束：引号或括号没有闭合"),
    ("did not find expected key", "缩进不一致：同一层的字段应对齐"),
    ("expected <block end>", "缩进不一致：同一层的字段或列表项应对齐"),
    ("while scanning a quoted scalar", "引号没有闭合"),
    ("while scanning a simple key", "缺少冒号，或缩进不对"),
    ("did not find expected '-' indicator", "列表项的缩进不一致"),
    ("found undefined alias", "使用了未定义的别名（*）"),
)


def _explain(problem: str) -> str:
    for english, chinese in _YAML_PROBLEMS:
        if english in problem:
            return chinese
    return "格式不正确"


def _tag(node: Node) -> str:
    tag = node.tag
    return str(getattr(tag, "value", tag))


def _scalar(node: ScalarNode) -> Any:
    tag = _tag(node)
    text = node.value
    if tag.endswith(":null"):
        return None
    if tag.endswith(":bool"):
        return text.lower() in ("true", "yes", "on")
    if tag.endswith(":int"):
        try:
            return int(text.replace("_", ""), 0) if not text.lstrip("+-").startswith("0") else int(text)
        except ValueError:
            return text
    if tag.endswith(":float"):
        # Only plain decimal notation is a number here; 1e3, .inf and the like stay text
        # (and are then refused where an amount is wanted).
        if _PLAIN_DECIMAL.match(text):
            try:
                return Decimal(text)
            except InvalidOperation:
                return text
        return text
    if tag.endswith(":timestamp"):
        try:
            return dt.date.fromisoformat(text)
        except ValueError:
            return text
    return text


class _Builder:
    def __init__(self, file: str) -> None:
        self.file = file
        self.positions: dict[FieldPath, Position] = {}
        self.values = 0
        self.open: set[int] = set()  # the nodes being built: an alias to one of them is a loop

    def position(self, node: Node) -> Position:
        mark = node.start_mark
        return Position(self.file, mark.line + 1, mark.column + 1)

    def build(self, node: Node, path: FieldPath) -> Any:
        self.values += 1
        if self.values > MAX_VALUES:
            raise YamlSyntaxError(
                self.position(node),
                f"别名（&/*）展开后超过 {MAX_VALUES:,} 项，文件可能是“别名炸弹”；请直接写出内容",
            )
        if len(path) > MAX_DEPTH:
            raise YamlSyntaxError(self.position(node), f"嵌套超过 {MAX_DEPTH} 层")
        if not isinstance(node, ScalarNode):
            if id(node) in self.open:
                raise YamlSyntaxError(self.position(node), "别名（*）引用了包含它自身的内容，展开没有尽头")
            self.open.add(id(node))
            try:
                return self._container(node, path)
            finally:
                self.open.discard(id(node))
        self.positions.setdefault(path, self.position(node))
        return _scalar(node)

    def _container(self, node: Node, path: FieldPath) -> Any:
        self.positions.setdefault(path, self.position(node))
        if isinstance(node, MappingNode):
            result: dict[Any, Any] = {}
            for key_node, value_node in node.value:
                if _tag(key_node).endswith(":merge"):
                    raise YamlSyntaxError(
                        self.position(key_node),
                        "不支持 YAML 合并键（<<），请直接写出字段",
                    )
                key = self.build_key(key_node)
                if key in result:
                    raise YamlSyntaxError(self.position(key_node), f"字段“{key}”在同一处出现了两次")
                self.positions[(*path, key)] = self.position(key_node)
                result[key] = self.build(value_node, (*path, key))
            return result
        assert isinstance(node, SequenceNode)
        return [self.build(item, (*path, index)) for index, item in enumerate(node.value)]

    def build_key(self, node: Node) -> Any:
        if not isinstance(node, ScalarNode):
            raise YamlSyntaxError(self.position(node), "字段名必须是简单文字")
        value = _scalar(node)
        # Keys such as subject codes (201:) come back as text so that "0"-led codes survive.
        return node.value if isinstance(value, (int, Decimal)) else value


def _check_brackets(text: str, file: str) -> None:
    """Refuse [ and { nested past MAX_DEPTH before the parser recurses into them (thousands of
    levels take it seconds, then exhaust the stack)."""
    depth = 0
    for match in _BRACKETS.finditer(text):
        depth = depth + 1 if match.group() in "[{" else max(depth - 1, 0)
        if depth > MAX_DEPTH:
            line = text.count("\n", 0, match.start()) + 1
            raise YamlSyntaxError(Position(file, line, 1), f"方括号或花括号嵌套超过 {MAX_DEPTH} 层")


_BRACKETS = re.compile(r"[\[\]{}]")


def read_yaml(path: Path) -> tuple[Any, dict[FieldPath, Position]]:
    """Parse one YAML file into plain values and the position of every value."""
    file = str(path)
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError as exc:
        raise YamlSyntaxError(Position(file, 1, 1), f"文件不是 UTF-8 编码：{exc.reason}") from None
    return parse_yaml(text, file)


def parse_yaml(text: str, file: str) -> tuple[Any, dict[FieldPath, Position]]:
    """Parse YAML text (named ``file`` in messages) into plain values and their positions."""
    control = CONTROL_CHARACTERS.search(text)
    if control is not None:
        line = text.count("\n", 0, control.start()) + 1
        column = control.start() - (text.rfind("\n", 0, control.start()) + 1) + 1
        code = f"U+{ord(control.group()):04X}"
        raise YamlSyntaxError(Position(file, line, column), f"含有不可见的控制字符（{code}），请删去")
    _check_brackets(text, file)
    yaml = YAML(typ="rt")
    try:
        node = yaml.compose(text)
    except RecursionError:
        raise YamlSyntaxError(Position(file, 1, 1), f"嵌套层数过多（超过 {MAX_DEPTH} 层）") from None
    except MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        position = Position(file, mark.line + 1, mark.column + 1) if mark else Position(file, 1, 1)
        detail = " ".join(part for part in (exc.context, exc.problem) if part)
        raise YamlSyntaxError(position, f"YAML 语法错误：{_explain(detail)}（{detail}）") from None
    builder = _Builder(file)
    if node is None:
        return None, {(): Position(file, 1, 1)}
    return builder.build(node, ()), builder.positions
