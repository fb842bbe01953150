"""click's own texts in Chinese: usage lines, help headings, error messages.

click marks its texts with gettext (``_()``, ``ngettext()``), bound in each of its modules at
import. ``install()`` rebinds those names in click's modules to a lookup in ``TEXTS``; a text not
listed stays English. It also gives the commands Chinese placeholders (``[选项]``, ``命令``) and the
options Chinese value names by type (``--layout 文本``), unless an option names its own.
"""

from __future__ import annotations

import re
import sys
from typing import Any

import click
from rich.cells import cell_len

# click's msgid (English) → ours. The placeholders ({name} …) are those click fills in.
TEXTS = {
    "Usage:": "用法：",
    "Options": "选项",
    "Commands": "命令",
    "Positional arguments": "参数",
    "Show this message and exit.": "显示此帮助并退出。",
    "Show the version and exit.": "显示版本并退出。",
    "%(prog)s, version %(version)s": "%(prog)s，版本 %(version)s",
    "Error: {message}": "错误：{message}",
    "Try '{command} {option}' for help.": "运行“{command} {option}”查看帮助。",
    "Missing argument": "缺少参数",
    "Missing option": "缺少选项",
    "Missing parameter": "缺少参数",
    "Missing parameter: {param_name}": "缺少参数：{param_name}",
    "Missing {param_type}": "缺少{param_type}",
    "Missing command.": "缺少命令。",
    "argument": "参数",
    "option": "选项",
    "parameter": "参数",
    "No such option {name!r}.": "没有选项“{name}”。",
    "No such command {name!r}.": "没有命令“{name}”。",
    "Invalid value for {param_hint}: {message}": "{param_hint} 的值无效：{message}",
    "Invalid value: {message}": "值无效：{message}",
    "unknown error": "未知错误",
    "Aborted!": "已中止。",
    "Option {name!r} does not take a value.": "选项“{name}”不带值。",
    "Argument {name!r} takes {nargs} values.": "参数“{name}”需要 {nargs} 个值。",
    "Invalid start character for option ({option})": "选项的开头字符无效（{option}）",
    "Value must be an iterable.": "值必须是一组。",
    "default: {default}": "默认：{default}",
    "env var: {var}": "环境变量：{var}",
    "(dynamic)": "（动态）",
    "deprecated": "已弃用",
    "file": "文件",
    "directory": "文件夹",
    "path": "路径",
    "{name} {filename!r} does not exist.": "{name}“{filename}”不存在。",
    "{name} {filename!r} is a file.": "{name}“{filename}”是文件，应为文件夹。",
    "{name} {filename!r} is a directory.": "{name}“{filename}”是文件夹，应为文件。",
    "{name} {filename!r} is not readable.": "{name}“{filename}”不可读。",
    "{name} {filename!r} is not writable.": "{name}“{filename}”不可写。",
    "{name} {filename!r} is not executable.": "{name}“{filename}”不可执行。",
    "Could not open file {filename!r}: {message}": "无法打开文件“{filename}”：{message}",
    "{value!r} is not a valid {number_type}.": "“{value}”不是有效的数。",
    "{value} is not in the range {range}.": "{value} 不在范围 {range} 内。",
    "{value!r} is not a valid boolean. Recognized values: {states}": "“{value}”不是有效的是/否值，可用：{states}",
    "{value!r} is not a valid UUID.": "“{value}”不是有效的 UUID。",
    "Choose from:\n\t{choices}": "可选：\n\t{choices}",
    "required": "必填",
}

# (singular, plural) msgids → ours (Chinese has no plural).
PLURALS = {
    "Got unexpected extra argument ({args})": "多余的参数（{args}）",
    "Did you mean {possibility}?": "是否想用 {possibility}？",
    "Option {name!r} requires an argument.": "选项“{name}”需要一个值。",
    "Takes {nargs} values but 1 was given.": "需要 {nargs} 个值，只给了 1 个。",
    "{value!r} is not {choice}.": "“{value}”不是 {choice}。",
    "{value!r} is not one of {choices}.": "“{value}”不是以下之一：{choices}。",
    "{value!r} does not match the format {format}.": "“{value}”不符合格式 {format}。",
    "{len_type} values are required, but {len_value} was given.": "需要 {len_type} 个值，给了 {len_value} 个。",
}
PLURALS["(Did you mean one of: {possibilities}?)"] = "（是否想用以下之一：{possibilities}？）"
PLURALS["Option {name!r} requires {nargs} arguments."] = "选项“{name}”需要 {nargs} 个值。"

# click's type names as option value placeholders (--layout TEXT) → ours.
METAVARS = {
    "text": "文本",
    "integer": "整数",
    "integer range": "整数",
    "float": "数",
    "float range": "数",
    "boolean": "是/否",
    "file": "文件",
    "directory": "文件夹",
    "path": "路径",
    "filename": "文件",
}

_MODULES = ("core", "decorators", "exceptions", "formatting", "parser", "types", "termui")


def gettext(message: str) -> str:
    return TEXTS.get(message, message)


def ngettext(singular: str, plural: str, count: int) -> str:
    ours = PLURALS.get(singular if count == 1 else plural) or PLURALS.get(singular)
    if ours is not None:
        return ours
    return singular if count == 1 else plural


def install() -> None:
    """Make click speak Chinese (idempotent; before any command is defined)."""
    for name in _MODULES:
        module = sys.modules.get(f"click.{name}")
        if module is None:
            continue
        if hasattr(module, "_"):
            module._ = gettext  # type: ignore[attr-defined]
        if hasattr(module, "ngettext"):
            module.ngettext = ngettext  # type: ignore[attr-defined]


class HelpFormatter(click.HelpFormatter):
    """click's help layout, measured in terminal cells (a Chinese character takes two) and with
    Chinese punctuation in the headings."""

    def write_usage(self, prog: str, args: str = "", prefix: str | None = None) -> None:
        super().write_usage(prog, args, gettext("Usage:") if prefix is None else prefix)

    def write_heading(self, heading: str) -> None:
        self.write(f"{'':>{self.current_indent}}{heading}：\n")

    def write_dl(self, rows: Any, col_max: int = 30, col_spacing: int = 2) -> None:
        rows = list(rows)
        first_col = min(max((cell_len(first) for first, _ in rows), default=0), col_max) + col_spacing
        indent = " " * (first_col + self.current_indent)
        text_width = max(self.width - first_col - 2, 10)
        for first, second in rows:
            self.write(f"{'':>{self.current_indent}}{first}")
            if not second:
                self.write("\n")
                continue
            if cell_len(first) <= first_col - col_spacing:
                self.write(" " * (first_col - cell_len(first)))
            else:
                self.write("\n" + indent)
            lines = _wrap(second, text_width) or [""]
            self.write("\n".join([lines[0], *(indent + line for line in lines[1:])]) + "\n")


def _wrap(text: str, width: int) -> list[str]:
    """Lines of at most ``width`` cells: words kept whole where there are spaces (English), Chinese
    broken anywhere."""
    lines: list[str] = []
    for paragraph in text.split("\n"):
        line = ""
        for word in re.findall(r"[\x21-\x7e]+\s*|\s+|.", paragraph):
            if line and cell_len(line + word.rstrip()) > width:
                lines.append(line.rstrip())
                line = word.lstrip()
            else:
                line += word
        lines.append(line.rstrip())
    return lines


class Context(click.Context):
    formatter_class = HelpFormatter


class Command(click.Command):
    """A command whose usage line and option placeholders are Chinese."""

    context_class = Context

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("options_metavar", "[选项]")
        super().__init__(*args, **kwargs)
        for param in self.params:
            if isinstance(param, click.Option) and param.metavar is None and not param.is_flag:
                name = METAVARS.get(param.type.name)
                if name is not None:
                    param.metavar = name


class Group(click.Group):
    """A group of such commands (``yusuan``, ``yusuan reference``)."""

    command_class = Command
    context_class = Context

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("options_metavar", "[选项]")
        kwargs.setdefault("subcommand_metavar", "命令 [参数]...")
        super().__init__(*args, **kwargs)


Group.group_class = Group
