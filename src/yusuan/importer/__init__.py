"""Official templates in: a filled official budget workbook (Excel) read into a budget source.

``yusuan import FILE.xlsx -o budget.yaml`` and, on the fly, ``yusuan build`` / ``yusuan check``
read a workbook that a preparer filled from the official blank template of a layout (the
profile's ``template``). See docs/import.md.
"""

from yusuan.importer.workbook import ImportResult, import_workbook, template_layout

__all__ = ["ImportResult", "import_workbook", "template_layout"]
