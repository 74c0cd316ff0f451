"""The incidents table's derived columns: what its claims say, by the codebook's rules (section 18).

A coder writes an incident's kind, description and place; its dates, counts,
`disputed` flag and death figures are computed here from the claims that
carry its incident_id, so they can never disagree with the claims and no
figure is typed by hand. Both build paths call derive() on their assembled
tables, so the rules are written once.

Rules:
* dates: the intersection of its dated claims' ranges (latest date_start,
  earliest date_end), with the precision of the claim that gives both
  bounds where one does; otherwise `day` when one day, `days` when up to 8
  days apart, `range` beyond; `unknown` when no claim is dated. Claims whose ranges do
  not overlap cannot all describe one happening: a problem.
* counts: claim records, source documents and distinct claimants.
* disputed: a dispute names one of its claims (record_id or other_record_id).
* deaths, from its casualty claims with outcome `killed` (UCDP's spirit),
  codebook section 18: claims about the same party are alternative
  estimates (low = the smallest count_low, else count_best; best = the
  smallest count_best, of the claims no dispute names when there are any;
  high = the largest count_high, else count_best, open when a claim gives
  only a floor); different parties add up; a claim naming no party raises
  the high only (it may overlap any side), unless no claim names a party.
"""

from __future__ import annotations

from ..schema.registry import RECORD_TABLES, TABLES
from .problems import Problem
from .tables import arrow_table

CASUALTY_COLUMNS = ("party_id", "outcome", "count_best", "count_low", "count_high", "count_qualifier")
OPEN_QUALIFIERS = ("at_least", "more_than")
DAYS_MAX = 8
"""Up to this many days between date_start and date_end, an incident's precision is `days`; beyond, `range`."""


def _claims(tables: dict) -> dict[str, list[dict]]:
    """incident_id -> its claims (id, dates, claim date, source, claimant), in table and key order."""
    import pyarrow.compute as pc

    out: dict[str, list[dict]] = {}
    wanted = ("date_start", "date_end", "date_precision", "claim_date", "source_id", "claimant_id")
    for name in RECORD_TABLES:
        tbl = tables[name]
        if "incident_id" not in tbl.column_names:
            continue
        tbl = tbl.filter(pc.is_valid(tbl.column("incident_id")))
        cols = [TABLES[name].key, "incident_id", *wanted] + (list(CASUALTY_COLUMNS) if name == "casualties" else [])
        for row in tbl.select(cols).to_pylist():
            row["record_id"], row["table"] = row.pop(TABLES[name].key), name
            out.setdefault(row["incident_id"], []).append(row)
    return out


def _disputed(tables: dict) -> set[str]:
    d = tables["disputes"]
    return {v for c in ("record_id", "other_record_id") for v in d.column(c).to_pylist() if v is not None}


def _dates(incident_id: str, claims: list[dict], origin, problems: list[Problem]) -> tuple:
    dated = [c for c in claims if c["date_start"] is not None]
    if not dated:
        return None, None, "unknown"
    first = max(dated, key=lambda c: c["date_start"])
    last = min(dated, key=lambda c: c["date_end"])
    start, end = first["date_start"], last["date_end"]
    if start > end:
        problems.append(
            Problem(
                origin.file,
                origin.line,
                "incidents.incident_id",
                f"the claims of '{incident_id}' cannot describe one happening: {first['record_id']} starts on {start}, "
                f"after {last['record_id']} ends on {end}; split the incident or link the claims by a dispute of kind conflicting_date",
            )
        )
        return None, None, "unknown"
    if first is last:  # one claim bounds it: its own precision (a year stays a year)
        return start, end, first["date_precision"]
    span = (end - start).days
    return start, end, "day" if span == 0 else "days" if span <= DAYS_MAX else "range"


def _bounds(claims: list[dict], disputed: set[str]) -> tuple:
    """best, low, high of claims about the same deaths: alternative estimates, never added up.

    high is None ("open") when a claim gives only a floor ('at least N') and no claim a ceiling above it.
    """
    lows = [c["count_low"] if c["count_low"] is not None else c["count_best"] for c in claims]
    bests_undisputed = [c["count_best"] for c in claims if c["count_best"] is not None and c["record_id"] not in disputed]
    bests = bests_undisputed or [c["count_best"] for c in claims if c["count_best"] is not None]
    open_high = any(c["count_high"] is None and c["count_qualifier"] in OPEN_QUALIFIERS for c in claims)
    highs = [c["count_high"] if c["count_high"] is not None else c["count_best"] for c in claims]
    low = min((v for v in lows if v is not None), default=None)
    high = None if open_high else max((v for v in highs if v is not None), default=None)
    return min(bests, default=None), low, high


def _deaths(claims: list[dict], disputed: set[str]) -> tuple:
    """deaths_best, deaths_low, deaths_high of an incident (codebook section 18)."""
    killed = [c for c in claims if c["table"] == "casualties" and c["outcome"] == "killed"]
    if not killed:
        return None, None, None
    parties = sorted({c["party_id"] for c in killed if c["party_id"] is not None})
    unnamed = [c for c in killed if c["party_id"] is None]
    if not parties:  # no claim names a party: one group
        return _bounds(unnamed, disputed)
    groups = [_bounds([c for c in killed if c["party_id"] == p], disputed) for p in parties]
    best = sum(g[0] for g in groups) if all(g[0] is not None for g in groups) else None
    low = sum(g[1] for g in groups) if all(g[1] is not None for g in groups) else None
    high = sum(g[2] for g in groups) if all(g[2] is not None for g in groups) else None
    if unnamed and high is not None:  # a side not named may overlap any group: it raises the high only
        extra = _bounds(unnamed, disputed)[2]
        high = None if extra is None else high + extra
    return best, low, high


def derive(tables: dict, origins: dict, version: str) -> tuple[object, list[Problem]]:
    """The incidents table with its derived columns; and the problems (an incident no claim describes, dates that cannot meet)."""
    import pyarrow as pa

    spec = TABLES["incidents"]
    from ..schema.table_specs import TABLES as SPECS

    schema = SPECS["incidents"].arrow_schema(version)
    by_incident, disputed, problems, rows = _claims(tables), _disputed(tables), [], []
    for row in tables["incidents"].to_pylist():
        iid, origin = row[spec.key], origins[row[spec.key]]
        claims = by_incident.get(iid, [])
        if not claims:
            problems.append(
                Problem(
                    origin.file,
                    origin.line,
                    "incidents.incident_id",
                    f"no claim record describes incident '{iid}'; give a claim incident_id: {iid}, or remove the incident",
                )
            )
        row["date_start"], row["date_end"], row["date_precision"] = _dates(iid, claims, origin, problems)
        row["claim_count"] = len(claims)
        row["source_count"] = len({c["source_id"] for c in claims})
        row["claimant_count"] = len({c["claimant_id"] for c in claims if c["claimant_id"] is not None})
        row["disputed"] = any(c["record_id"] in disputed for c in claims)
        row["first_claim_date"] = min((c["claim_date"] for c in claims if c["claim_date"] is not None), default=None)
        row["deaths_best"], row["deaths_low"], row["deaths_high"] = _deaths(claims, disputed)
        rows.append(row)
    # built as the build builds short columns (tables.arrow_table): pa.Table.from_pylist imports pandas
    plain = pa.schema([pa.field(f.name, f.type.value_type if pa.types.is_dictionary(f.type) else f.type) for f in schema])
    table = arrow_table([tuple(r[f.name] for f in plain) for r in rows], plain)
    return table.cast(schema), problems
