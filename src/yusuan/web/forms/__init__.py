"""The forms of the budget workspace, generated from the budget model (issue 13, item 3).

For a part of :data:`yusuan.web.parts.PARTS`:

- :func:`part_values` — the part's values from a budget (what the form shows);
- :func:`part_form` — the form to draw (``templates/forms/part.html``), with problems beside fields;
- :func:`parse` — a posted form back into the part's values (amounts stay text: the model reads
  them); :func:`row_action` tells a row's add/remove button from a save;
- :func:`check_part` — the values validated with the rest of the budget (``validate_budget``).

Modules: ``shape`` (the model read into a form's shape), ``values`` (budget ↔ values ↔ posted
form), ``widgets`` (what the templates draw), ``validate``.
"""

from yusuan.web.forms.validate import PartCheck, check_part
from yusuan.web.forms.values import parse, part_values, row_action, source_values
from yusuan.web.forms.widgets import PartForm, part_form

__all__ = [
    "PartCheck",
    "PartForm",
    "check_part",
    "parse",
    "part_form",
    "part_values",
    "row_action",
    "source_values",
]
