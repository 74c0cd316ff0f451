"""CSV that R's read.csv types right: the one writer of the project's CSV conventions.

``export`` (tables and views), the downloads (release/downloads.py, the
release archive's csv/ folder) and ``query --format csv`` all write through
here, so a file reads the same whichever command wrote it:

* a header row, UTF-8 (with ``bom=True`` a byte-order mark first, for Excel
  on Windows), lines ending in ``\\n``, quotes only where needed;
* booleans ``TRUE``/``FALSE``, missing values ``NA`` (what ``read.csv``
  reads as logical and missing); the views shaped like UCDP GED and ACLED
  leave missing cells empty, as those datasets' files do;
* dates ISO ``YYYY-MM-DD``;
* list items joined by ``LIST_SEPARATOR``. An item that contains the
  separator's bar or is empty is refused, so a joined cell can always be
  split back (an empty list is the empty text); so is the text ``NA``
  where ``NA`` means missing.

Values come as Python objects (DuckDB's fetchall() or Arrow's to_pylist()),
so no pandas is needed on the command line's path.
"""

from __future__ import annotations

import csv
import datetime as dt
from collections.abc import Iterable
from typing import TextIO

LIST_SEPARATOR = " | "
MISSING = "NA"


class CsvValueError(ValueError):
    """A value that would not read back as written (a list item with the separator, the text NA)."""


def join_list(items, where: str) -> str:
    """A list as one text, items joined by LIST_SEPARATOR; refused if it could not be split back the same."""
    for item in items:
        if LIST_SEPARATOR.strip() in str(item):
            raise CsvValueError(f"{where}: value {item!r} contains the list separator {LIST_SEPARATOR!r}")
        if item is None or str(item) == "":
            raise CsvValueError(f"{where}: an empty item cannot be told from an empty list once joined")
    return LIST_SEPARATOR.join(item.isoformat() if isinstance(item, (dt.date, dt.datetime)) else str(item) for item in items)


def _cell(value, missing: str, where: str) -> str:
    if value is None:
        return missing
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, (list, tuple)):
        text = join_list(value, where)
    elif isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    else:
        text = str(value)
    if missing and text == missing:
        raise CsvValueError(f"{where}: the text {missing!r} would read as missing in R")
    return text


def write(columns: list[str], rows: Iterable[tuple], out: TextIO, missing: str = MISSING, name: str = "") -> int:
    """Write a header and the rows to out (a text stream opened with newline=''); returns the number of rows."""
    w = csv.writer(out, lineterminator="\n")
    w.writerow(columns)
    where = [f"{name}.{c}" if name else c for c in columns]
    n = 0
    for row in rows:
        w.writerow([_cell(v, missing, at) for v, at in zip(row, where)])
        n += 1
    return n


def text(columns: list[str], rows: Iterable[tuple], missing: str = MISSING, name: str = "") -> str:
    """write() as one text, without the last line's end (for standard output)."""
    import io

    buf = io.StringIO(newline="")
    write(columns, rows, buf, missing, name)
    return buf.getvalue().rstrip("\n")


def write_file(columns: list[str], rows: Iterable[tuple], path, missing: str = MISSING, name: str = "", bom: bool = False) -> int:
    """write() into a file; nothing is left behind if a value is refused."""
    import io
    from pathlib import Path

    buf = io.StringIO(newline="")
    n = write(columns, rows, buf, missing, name)
    Path(path).write_bytes(buf.getvalue().encode("utf-8-sig" if bom else "utf-8"))
    return n
