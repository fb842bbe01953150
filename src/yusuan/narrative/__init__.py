"""The explanatory text of a disclosure, written from editable templates.

Every figure in the text comes from :mod:`yusuan.compute` through :mod:`.context`; the wording
lives in Jinja2 templates (``templates/<layout>/<section>.j2``, falling back to
``templates/default/<section>.j2``) that a person can edit, or override from a folder of their
own. Only free text (functions, duties, reasons, goals) comes from the budget as entered.
"""

from yusuan.narrative.render import NarrativeWriter

__all__ = ["NarrativeWriter"]
