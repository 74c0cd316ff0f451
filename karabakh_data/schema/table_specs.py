"""The dataset's tables: the registry's declarations joined to the Pydantic models.

Each ``Table`` is one table of registry.py with its model. Its columns,
their Arrow types, nullability, allowed values and descriptions are read off
the model, so the Parquet schema, the Pandera checks, the data dictionary and
the JSON Schema cannot drift apart. This module imports only pyarrow lazily,
so ``karabakh_data.tables()`` stays cheap.
"""

from __future__ import annotations

import datetime as dt
import json
import types
import typing
from dataclasses import dataclass
from functools import cached_property

from pydantic import BaseModel

from . import models as m
from . import registry
from .registry import CLAIMS, referring

# Reference fields of claim records, and the id space each must resolve in (from the registry's references).
ACTOR_FIELDS = referring("actors")
PLACE_FIELDS = referring("places")
INCIDENT_FIELDS = referring("incidents")
"""Columns whose value is a claim record's id: any record (disputes), or an agreement (its id pattern says which table)."""


@dataclass(frozen=True)
class Column:
    name: str
    kind: str  # string, category, integer, number, boolean, date, list
    nullable: bool
    description: str
    allowed: tuple = ()
    computed: bool = False

    def arrow_metadata(self) -> dict:
        """Field metadata in the Parquet file: description and allowed values."""
        meta = {"description": self.description}
        if self.allowed:
            meta["allowed_values"] = json.dumps(list(self.allowed))
        return meta

    def arrow_type(self):
        import pyarrow as pa

        return {
            "string": pa.string(),
            "category": pa.dictionary(pa.int32(), pa.string()),
            "integer": pa.int64(),
            "number": pa.float64(),
            "boolean": pa.bool_(),
            "date": pa.date32(),
            "list": pa.list_(pa.string()),
        }[self.kind]


# Columns of a raw model that are input helpers, not data.
_NOT_COLUMNS = {"quote_occurrence", "participants"}


def _kind(annotation) -> tuple[str, bool, tuple]:
    """Map a field annotation to (kind, nullable, allowed values)."""
    nullable = False
    origin = typing.get_origin(annotation)
    if origin in (typing.Union, types.UnionType):
        args = [a for a in typing.get_args(annotation) if a is not type(None)]
        nullable = len(args) < len(typing.get_args(annotation))
        annotation = args[0]
        origin = typing.get_origin(annotation)
    if origin is typing.Annotated:  # an integer with bounds (models.Int64 and kin): its base type decides
        annotation = typing.get_args(annotation)[0]
        origin = typing.get_origin(annotation)
    if origin is typing.Literal:
        return "category", nullable, typing.get_args(annotation)
    if origin is list:  # a list of vocabulary values (agreements.terms) names them in its description
        return "list", nullable, ()
    kinds = {str: "string", int: "integer", float: "number", bool: "boolean", dt.date: "date"}
    return kinds[annotation], nullable, ()


def columns_of(model: type[BaseModel], key: str) -> tuple[Column, ...]:
    cols = []
    for name, field in model.model_fields.items():
        if name in _NOT_COLUMNS:
            continue
        kind, nullable, allowed = _kind(field.annotation)
        extra = field.json_schema_extra or {}
        cols.append(Column(name, kind, nullable, field.description or "", allowed, bool(extra.get("computed"))))
    # The key first, then the table's own columns, then shared claim columns.
    own = [c for c in cols if c.name not in m.Claim.model_fields and c.name != key]
    shared = [c for c in cols if c.name in m.Claim.model_fields and c.name != key]
    return tuple([c for c in cols if c.name == key] + own + shared)


@dataclass(frozen=True)
class Table:
    name: str
    model: type[BaseModel]
    key: str | None
    description: str
    is_claim: bool = True
    unique: tuple[str, ...] = ()  # columns unique together, besides the key
    sort_keys: tuple[str, ...] = ()  # the order of the rows
    references: tuple[tuple[str, str], ...] = ()  # (column, table it refers to; registry.CLAIMS: any claim)

    @cached_property
    def columns(self) -> tuple[Column, ...]:
        return columns_of(self.model, self.key or "")

    def column(self, name: str) -> Column:
        return next(c for c in self.columns if c.name == name)

    def arrow_schema(self, version: str):
        import pyarrow as pa

        fields = [pa.field(c.name, c.arrow_type(), nullable=c.nullable, metadata=c.arrow_metadata()) for c in self.columns]
        meta = {"table": self.name, "description": self.description, "dataset_version": version, "primary_key": self.key or ""}
        return pa.schema(fields, metadata=meta)


def _table(d: registry.Declared) -> Table:
    model = getattr(m, d.model)
    references = tuple((c, to) for c, to in d.all_references.items() if c in model.model_fields)  # disputes have no claimant_id
    return Table(d.name, model, d.key, d.description, d.is_claim, d.unique, d.sort_keys, references)


TABLES: dict[str, Table] = {name: _table(d) for name, d in registry.TABLES.items()}
CLAIM_TABLES = [t for t in TABLES.values() if t.is_claim]


def foreign_keys(table: Table) -> dict[str, tuple[str, str]]:
    """column -> (referenced table, referenced column), in column order, as the build enforces them.

    A reference to any claim record (registry.CLAIMS) has no single table and is left out.
    """
    refs = dict(table.references)
    return {c.name: (refs[c.name], TABLES[refs[c.name]].key) for c in table.columns if refs.get(c.name, CLAIMS) != CLAIMS}


def bounds(table: Table) -> dict[str, tuple]:
    """column -> (lowest, highest) allowed value (None: unbounded), from the models' ge/le.

    They sit in the field's own metadata or, for models.Int64 and its kin,
    inside the Annotated type (under Optional when the column is nullable).
    """
    out = {}
    for name, f in table.model.model_fields.items():
        found = list(f.metadata)
        for arg in [f.annotation, *typing.get_args(f.annotation)]:
            if typing.get_origin(arg) is typing.Annotated:
                for meta in typing.get_args(arg)[1:]:
                    found += getattr(meta, "metadata", [meta])
        lo = next((x.ge for x in found if getattr(x, "ge", None) is not None), None)
        hi = next((x.le for x in found if getattr(x, "le", None) is not None), None)
        if lo is not None or hi is not None:
            out[name] = (lo, hi)
    return out


@dataclass(frozen=True)
class Rule:
    """One rule a built table keeps, named as Pandera names its check.

    The Pandera schema (build/tables.py, check_frames) and the Arrow checks of every build
    (build/tables.py, table_checks) are both generated from rules(), so they check the
    same things and word their failures alike.
    """

    columns: tuple[str, ...]  # one column; for multiple_fields_uniqueness, the columns unique together
    check: str  # not_nullable, isin, greater_than_or_equal_to, less_than_or_equal_to, field_uniqueness, multiple_fields_uniqueness
    value: object = None  # the allowed values, or the bound

    def reason(self, found) -> str:
        """The problem's reason when a value breaks the rule, in Pandera's words."""
        shown = f"({list(self.value)})" if self.check == "isin" else f"({self.value})" if self.value is not None else ""
        return f"{self.check}{shown} failed for value {found!r}"


def rules(table: Table) -> list[Rule]:
    """Every rule of a table, from its columns (nullability, allowed values, the models' bounds), key and unique columns."""
    ranges = bounds(table)
    out = []
    for c in table.columns:
        one = (c.name,)
        if not c.nullable:
            out.append(Rule(one, "not_nullable"))
        if c.allowed:
            out.append(Rule(one, "isin", c.allowed))
        lo, hi = ranges.get(c.name, (None, None))
        if lo is not None:
            out.append(Rule(one, "greater_than_or_equal_to", lo))
        if hi is not None:
            out.append(Rule(one, "less_than_or_equal_to", hi))
        if c.name == table.key:
            out.append(Rule(one, "field_uniqueness"))
    if table.unique:
        out.append(Rule(tuple(table.unique), "multiple_fields_uniqueness"))
    return out
