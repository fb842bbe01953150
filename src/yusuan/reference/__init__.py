"""Reference data: 政府收支分类科目 (function and economic classification codes).

Only citable data ships with yusuan (see ``data/SOURCES.md``): fragments taken from published
documents, never a complete list. A full Ministry of Finance list for a year can be imported with
:func:`import_reference`; it is stored under the user data directory and then takes precedence.
"""

from yusuan.reference.catalog import (
    Catalog,
    Entry,
    ReferenceDataError,
    available_years,
    function_classes,
    imported_path,
    load_catalog,
    nearest_years,
    user_data_dir,
)
from yusuan.reference.importer import (
    ImportProblem,
    ImportResult,
    ReferenceImportError,
    import_reference,
)

__all__ = [
    "Catalog",
    "Entry",
    "ImportProblem",
    "ImportResult",
    "ReferenceDataError",
    "ReferenceImportError",
    "available_years",
    "function_classes",
    "import_reference",
    "imported_path",
    "load_catalog",
    "nearest_years",
    "user_data_dir",
]
