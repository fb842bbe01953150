"""Exit codes, and known errors turned into Chinese messages (never a traceback)."""

from __future__ import annotations

import os
import sys
import traceback
from collections.abc import Callable
from functools import wraps
from typing import Any, TypeVar

import click
from rich.markup import escape

from yusuan.cli.console import stderr
from yusuan.oserror import describe

F = TypeVar("F", bound=Callable[..., Any])

EXIT_INPUT = 2  # the input is wrong (file, layout, option)
EXIT_INTERNAL = 70  # a bug in yusuan
EXIT_INTERRUPTED = 130  # Ctrl-C, as a shell reports it


def friendly(func: F) -> F:
    """Turn known input errors into Chinese messages and exit codes, never a traceback."""

    @wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        from yusuan.batch.inputs import InputError
        from yusuan.batch.runner import BatchError
        from yusuan.check.registry import UnknownRuleError
        from yusuan.layout.profile import LayoutError
        from yusuan.narrative.render import TemplateProblem
        from yusuan.read.limits import ReadError
        from yusuan.reference import ReferenceDataError, ReferenceImportError
        from yusuan.render.output import OutputError
        from yusuan.render.typst_fonts import FontMissingError
        from yusuan.source import SourceError
        from yusuan.termination import EXIT_TERMINATED, Terminated

        try:
            return func(*args, **kwargs)
        except SourceError as exc:
            console = stderr()
            count = len(exc.problems)
            console.print(f"[bold red]预算源文件有 {count} 处问题：[/]")
            for problem in exc.problems:
                console.print(f"  [red]✗[/] {problem}", markup=True, soft_wrap=True)
            sys.exit(EXIT_INPUT)
        except (
            LayoutError,
            TemplateProblem,
            ReferenceImportError,
            ReferenceDataError,
            OutputError,
            FontMissingError,
            ReadError,
            UnknownRuleError,
            InputError,
            BatchError,
        ) as exc:
            stderr().print(f"[bold red]错误：[/]{escape(str(exc))}")
            sys.exit(EXIT_INPUT)
        except click.ClickException:
            raise
        except KeyboardInterrupt:
            stderr().print("[bold red]已中断[/]")
            sys.exit(EXIT_INTERRUPTED)
        except Terminated:
            stderr().print("[bold red]已终止[/]")
            sys.exit(EXIT_TERMINATED)
        except BrokenPipeError:
            # The reader of our output went away (yusuan rules | head): nothing to say.
            devnull = os.open(os.devnull, os.O_WRONLY)
            os.dup2(devnull, sys.stdout.fileno())
            sys.exit(0)
        except OSError as exc:
            where = f"：{exc.filename}" if exc.filename else ""
            stderr().print(f"[bold red]错误：[/]无法读写文件（{describe(exc)}）{escape(str(where))}")
            sys.exit(EXIT_INPUT)
        except UnicodeError as exc:
            stderr().print(f"[bold red]错误：[/]文件的文字编码无法识别（{type(exc).__name__}）")
            sys.exit(EXIT_INPUT)
        except Exception as exc:  # a bug: say so plainly, traceback only on request
            console = stderr()
            console.print(f"[bold red]yusuan 内部错误：[/]{type(exc).__name__}: {escape(str(exc))}")
            console.print("请将此信息报告给开发者；设置环境变量 YUSUAN_DEBUG=1 可显示详细信息。")
            if os.environ.get("YUSUAN_DEBUG"):
                traceback.print_exc()
            sys.exit(EXIT_INTERNAL)

    return wrapper  # type: ignore[return-value]
