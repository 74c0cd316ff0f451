"""What every model stands on: the war's dates, id patterns, integer types, computed columns, the strict base.

Kept apart from models.py so that the models read as the tables they
define; models.py re-exports these names (``models.fill``, ``models.WAR_START``).
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, model_validator

WAR_START = dt.date(2020, 9, 27)
WAR_END = dt.date(2020, 11, 10)
"""The 2020 war: 27 September to the ceasefire statement of 10 November 2020.
Dates outside this range are allowed only on records flagged ``historical``."""


SLUG = r"^[a-z0-9]+(-[a-z0-9]+)*$"
ISO3 = r"^[A-Z]{3}$"
SHA256 = r"^[0-9a-f]{64}$"
WIKIDATA = r"^Q[1-9][0-9]*$"
AGREEMENT = r"^agr-[a-z0-9-]+$"
"""Id of an agreement record (the agreements table's key, and every column that points at one)."""
TIME = r"^([01][0-9]|2[0-3]):[0-5][0-9]$"
"""A clock time, HH:MM on the 24-hour clock (time_start, time_end, effective_time)."""


def priogrid_gid(latitude: float, longitude: float) -> int:
    """The PRIO-GRID cell of a point: 0.5-degree cells, row counted north from -90 and
    column east from -180 (both 0-based), gid = row * 720 + col + 1."""
    row = min(int((latitude + 90) // 0.5), 359)
    col = min(int((longitude + 180) // 0.5), 719)
    return row * 720 + col + 1


def computed(description: str) -> dict:
    """Field options of a column the build computes; the coder omits it."""
    return {"description": description, "json_schema_extra": {"computed": True}}


INT64_MAX = 2**63 - 1


def _fits_int64(v: int) -> int:
    if not -INT64_MAX <= v <= INT64_MAX:
        raise ValueError(f"number {v} is too large (the limit is {INT64_MAX:,})")
    return v


def _int64(**bounds: int) -> object:
    """An integer column's type: within its bounds, and within 64 bits (Python's ints are unbounded).

    The bounds come before the 64-bit check, so the JSON Schema shows them
    as minimum and maximum; table_specs.bounds reads them from here. The
    check is attached to the integer fields only: a validator on every
    field cost a Python call per field of every record.
    """
    return Annotated[int, Field(**bounds), AfterValidator(_fits_int64)]


Int64 = _int64()
Count = _int64(ge=0)
Occurrence = _int64(ge=1)
Age = _int64(ge=0, le=120)

_COMPUTED: dict[type, frozenset] = {}  # model -> names of its computed fields


def fill(record: BaseModel, **columns: object) -> None:
    """Set columns the build computes (source_id, quote offsets) on a validated record.

    Straight into the instance's __dict__, where Pydantic keeps field
    values: the values come from the build, not from a coder, so there is
    nothing to validate, and BaseModel.__setattr__ costs about a microsecond
    a call, for every record, several times.
    """
    record.__dict__.update(columns)


class Strict(BaseModel):
    """Base: unknown keys are errors, and so are columns the build computes.

    Numbers must fit the tables' types: integers within 64 bits (Int64 and
    its kin), floats finite (no .nan or .inf).
    """

    model_config = ConfigDict(extra="forbid", frozen=False, allow_inf_nan=False)

    @model_validator(mode="before")
    @classmethod
    def _no_computed_input(cls, data: object) -> object:
        if isinstance(data, dict):
            names = _COMPUTED.get(cls)
            if names is None:  # looked up once per model: this runs for every record
                names = _COMPUTED[cls] = frozenset(n for n, f in cls.model_fields.items() if (f.json_schema_extra or {}).get("computed"))
            if not names.isdisjoint(data):
                for name in data:
                    if name in names:
                        raise ValueError(f"'{name}' is computed by the build; remove it from the raw record")
        return data
