"""Optional dependencies: one import helper, one install hint, the same everywhere.

polars, matplotlib, Datasette and openpyxl serve one feature each and are
not installed with the core package. Whichever door a user comes through
(``load(backend="polars")``, ``karabakh-data plot``, ``serve``, an xlsx
export), a missing one gives the same message naming the extra to install.
"""

from __future__ import annotations

import importlib

EXTRA_OF = {
    "polars": "polars",
    "matplotlib": "plot",
    "datasette": "explore",
    "openpyxl": "excel",
    "pyspark": "spark",
    "rapidfuzz": "coding",
    "krippendorff": "coding",
}


class MissingExtra(ImportError):
    """An optional dependency is not installed; the message says which extra brings it."""


def hint(module: str) -> str:
    top = module.split(".")[0]
    return f"{top} is not installed; install it with:  pip install 'karabakh-data[{EXTRA_OF[top]}]'"


def require(module: str):
    """Import an optional dependency, or raise MissingExtra with the install hint."""
    try:
        return importlib.import_module(module)
    except ImportError:
        raise MissingExtra(hint(module)) from None
