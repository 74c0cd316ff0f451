"""karabakh-data: a versioned, citable dataset of the 2020 Nagorno-Karabakh war.

    >>> import karabakh_data
    >>> karabakh_data.load("casualties")        # a typed pandas DataFrame
    >>> karabakh_data.connect().sql("SELECT * FROM casualty_totals")

Importing the package is light: pandas, pyarrow, duckdb and pandera are
imported only by the functions that need them.
"""

from ._version import __version__
from .access import DataIntegrityError, connect, load, tables, verify
from .access.resolve import AmbiguousActor, UnknownActor, resolve
from .release.cite import cite

__all__ = ["__version__", "DataIntegrityError", "connect", "load", "tables", "verify", "resolve", "UnknownActor", "AmbiguousActor", "cite"]
