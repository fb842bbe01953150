"""What a browser posts for a rendered form: the successful controls of an HTML form."""

from __future__ import annotations

from html.parser import HTMLParser

from yusuan.model.budget import Budget
from yusuan.web.forms import part_form, part_values
from yusuan.web.templating import templates


class _Controls(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.pairs: list[tuple[str, str]] = []
        self.labels: set[str] = set()
        self.ids: dict[str, str] = {}  # id -> tag
        self._select: tuple[str, list[tuple[str, bool]]] | None = None
        self._option: tuple[str | None, bool, str] | None = None
        self._textarea: tuple[str, list[str]] | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        if "id" in a:
            self.ids[a["id"]] = tag
        if tag == "label" and "for" in a:
            self.labels.add(a["for"])
        elif tag == "input" and a.get("type", "text") not in ("submit", "button") and "name" in a:
            if a.get("type") == "checkbox":
                if "checked" in a:
                    self.pairs.append((a["name"], a.get("value", "on")))
            else:
                self.pairs.append((a["name"], a.get("value", "")))
        elif tag == "select":
            self._select = (a["name"], [])
        elif tag == "option" and self._select is not None:
            self._option = (a.get("value"), "selected" in a, "")
        elif tag == "textarea":
            self._textarea = (a["name"], [])

    def handle_data(self, data: str) -> None:
        if self._textarea is not None:
            self._textarea[1].append(data)
        if self._option is not None:
            value, selected, text = self._option
            self._option = (value, selected, text + data)

    def handle_endtag(self, tag: str) -> None:
        if tag == "option" and self._option is not None and self._select is not None:
            value, selected, text = self._option
            self._select[1].append((text if value is None else value, selected))
            self._option = None
        elif tag == "select" and self._select is not None:
            name, options = self._select
            chosen = [value for value, selected in options if selected] or [options[0][0]]
            self.pairs.append((name, chosen[-1]))
            self._select = None
        elif tag == "textarea" and self._textarea is not None:
            self.pairs.append((self._textarea[0], "".join(self._textarea[1])))
            self._textarea = None


def controls(html: str) -> _Controls:
    parser = _Controls()
    parser.feed(html)
    return parser


def posted(html: str, **pressed: str) -> dict[str, str]:
    """The form data a browser sends for ``html`` (names are unique in yusuan's forms), with the
    submit button ``pressed`` (e.g. ``{"@add": "projects"}``)."""
    return {**dict(controls(html).pairs), **pressed}


def form_data(budget: Budget, part_id: str, **pressed: str) -> dict[str, str]:
    """What a browser posts for the part's form showing ``budget`` (the workspace's form as the
    macro draws it), without the CSRF field and the revision (the caller adds them)."""
    module = templates.env.get_template("forms/macros.html").module
    form = part_form(part_id, part_values(budget, part_id), unit=budget.amount_unit, year=budget.year)
    return posted(str(module.part_form(form, "/", "")), **pressed)  # type: ignore[attr-defined]
