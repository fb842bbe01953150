"""Fill the sections of a document from the narrative templates."""

from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from traceback import walk_tb
from typing import Any

from jinja2 import (
    ChoiceLoader,
    Environment,
    FileSystemLoader,
    PackageLoader,
    PrefixLoader,
    StrictUndefined,
    TemplateNotFound,
)

from yusuan.model.document import Section
from yusuan.narrative.context import NarrativeContext

_BLANK_LINES = re.compile(r"\n\s*\n")


class TemplateProblem(ValueError):
    """A template of the user's own (``--templates``) that cannot be rendered; in Chinese."""


class NarrativeWriter:
    """Writes each section's paragraphs with the first template found for (layout, section).

    Search order: a folder of the user's own (``templates_dir``: ``<layout>/<key>.j2`` or
    ``<key>.j2``), then the shipped ``<layout>/<key>.j2``, then ``default/<key>.j2``.
    """

    def __init__(self, layout: str, context: NarrativeContext, templates_dir: Path | None = None) -> None:
        # The user's folder is reached under the prefix "user/" so that its templates are tried
        # before the shipped ones of the layout, while shipped macros stay importable.
        loaders: list[Any] = [PackageLoader("yusuan.narrative", "templates")]
        if templates_dir is not None:
            loaders.insert(0, PrefixLoader({"user": FileSystemLoader(str(templates_dir))}))
        self.has_user_templates = templates_dir is not None
        self.templates_dir = templates_dir
        self.env = Environment(
            loader=ChoiceLoader(loaders),
            autoescape=False,  # plain text, not HTML: renderers escape when they write markup
            trim_blocks=True,
            lstrip_blocks=True,
            keep_trailing_newline=False,
            undefined=StrictUndefined,
        )
        self.layout = layout
        self.namespace = context.namespace()
        self.missing: list[Section] = []  # those with neither a template nor subsections

    def candidates(self, key: str) -> list[str]:
        shipped = [f"{self.layout}/{key}.j2", f"default/{key}.j2"]
        if self.has_user_templates:
            return [f"user/{self.layout}/{key}.j2", f"user/{key}.j2", *shipped]
        return shipped

    def paragraphs(self, key: str) -> list[str] | None:
        """The section's paragraphs, or None when no template exists for it."""
        with self._user_errors():
            try:
                template = self.env.select_template(self.candidates(key))
            except TemplateNotFound:
                return None
            # rendering's own TemplateNotFound (an include that is missing) is an error
            text = template.render(**self.namespace)
        paragraphs = []
        for block in _BLANK_LINES.split(text):
            # Lines inside a paragraph are joined without a space: Chinese text has none.
            joined = "".join(line.strip() for line in block.splitlines())
            if joined:
                paragraphs.append(joined)
        return paragraphs

    @contextmanager
    def _user_errors(self) -> Iterator[None]:
        """Turn an error in one of the user's templates into a Chinese ``TemplateProblem`` (an
        error in a shipped template is a bug and stays as it is)."""
        try:
            yield
        except Exception as exc:  # a user's template may also divide by zero, say
            self._raise_if_user(exc)
            raise

    def _raise_if_user(self, exc: Exception) -> None:
        if self.templates_dir is None:
            return
        folder = self.templates_dir.resolve()
        # jinja gives syntax errors a file and line, and makes runtime errors' frames the template's
        places = [(getattr(exc, "filename", None), getattr(exc, "lineno", None))]
        places += [(frame.f_code.co_filename, line) for frame, line in walk_tb(exc.__traceback__)]
        for filename, line in reversed(places):
            if filename and Path(filename).resolve().is_relative_to(folder):
                where = f"第 {line} 行" if line else ""
                reason = getattr(exc, "message", None) or str(exc) or type(exc).__name__
                if isinstance(exc, TemplateNotFound):
                    reason = f"找不到它引用的模板 {exc.name}"
                raise TemplateProblem(f"说明文字模板 {filename} {where}有错：{reason}") from None

    def fill(self, sections: list[Section]) -> None:
        """Write the paragraphs of every section and subsection that has a template."""
        for section in sections:
            paragraphs = self.paragraphs(section.key)
            if paragraphs is not None:
                section.paragraphs = paragraphs
            elif not section.paragraphs and not section.subsections:
                self.missing.append(section)
            self.fill(section.subsections)
