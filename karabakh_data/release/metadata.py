"""Standard metadata generated from the schemas: Data Package v2 and Croissant 1.0.

Data engineers' tools read datapackage.json (Frictionless) and ML tools read
croissant.json; both are written here from the table specs (types,
nullability, allowed values, descriptions, keys) and from the files
themselves (bytes, SHA-256), never by hand, so they cannot drift from the
data. Foreign keys are those the build enforces (build/crosscheck.py): a column named
like another table's key, the actor and place reference columns, parent_id.
disputes.record_id and other_record_id may point at any claim table, which
a foreign key cannot express; their descriptions say so.

datapackage.json describes the release archive as a user unpacks it, so that
`frictionless validate datapackage.json` run there checks everything:

* the CSV set (csv/<table>.csv, written by downloads.write_csv) as tabular
  resources named after the tables, with the table schema in the CSV's own
  conventions: missingValues ["NA"], booleans TRUE/FALSE, list columns as
  `list` fields of strings delimited by downloads.LIST_SEPARATOR (an empty
  list is the empty text, which frictionless reads as one empty item), and
  primary and foreign keys between the CSV resources;
* the Parquet files (data/<table>.parquet) as file resources named
  <table>-parquet, whose bytes and SHA-256 frictionless checks. They carry no
  table schema: frictionless 5 reads Parquet rows through pandas (its
  parquet plugin), which turns nullable integers into floats and list
  columns into numpy arrays, so every such column would fail its own type,
  and it cannot count a Parquet file's bytes. The Parquet files hold the same
  rows as the CSV resources (and their own typed schema with descriptions);
  their descriptions say so.
"""

from __future__ import annotations

import json
from pathlib import Path

from ..paths import sha256_file
from ..schema.table_specs import TABLES, Table, foreign_keys
from ..schema.table_specs import bounds as table_bounds
from .cite import DATA_LICENSE, DATA_LICENSE_TITLE, DATA_LICENSE_URL, MESSAGE, about, citation, render_bibtex, source_title

DATAPACKAGE_PROFILE = "https://datapackage.org/profiles/2.0/datapackage.json"
PARQUET_MEDIATYPE = "application/vnd.apache.parquet"
CSV_MEDIATYPE = "text/csv"
PARQUET_SUFFIX = "-parquet"  # the Parquet file resource of table T is named T-parquet
_FRICTIONLESS_TYPES = {"string": "string", "category": "string", "integer": "integer", "number": "number", "boolean": "boolean", "date": "date", "list": "list"}
_CROISSANT_TYPES = {
    "string": "sc:Text",
    "category": "sc:Text",
    "integer": "sc:Integer",
    "number": "sc:Float",
    "boolean": "sc:Boolean",
    "date": "sc:Date",
    "list": "sc:Text",
}
CROISSANT_CONTEXT = {
    "@language": "en",
    "@vocab": "https://schema.org/",
    "citeAs": "cr:citeAs",
    "column": "cr:column",
    "conformsTo": "dct:conformsTo",
    "cr": "http://mlcommons.org/croissant/",
    "rai": "http://mlcommons.org/croissant/RAI/",
    "data": {"@id": "cr:data", "@type": "@json"},
    "dataType": {"@id": "cr:dataType", "@type": "@vocab"},
    "dct": "http://purl.org/dc/terms/",
    "equivalentProperty": "cr:equivalentProperty",
    "examples": {"@id": "cr:examples", "@type": "@json"},
    "extract": "cr:extract",
    "field": "cr:field",
    "fileProperty": "cr:fileProperty",
    "fileObject": "cr:fileObject",
    "fileSet": "cr:fileSet",
    "format": "cr:format",
    "includes": "cr:includes",
    "isLiveDataset": "cr:isLiveDataset",
    "jsonPath": "cr:jsonPath",
    "key": "cr:key",
    "md5": "cr:md5",
    "parentField": "cr:parentField",
    "path": "cr:path",
    "recordSet": "cr:recordSet",
    "references": "cr:references",
    "regex": "cr:regex",
    "repeated": "cr:repeated",
    "replace": "cr:replace",
    "samplingRate": "cr:samplingRate",
    "sc": "https://schema.org/",
    "separator": "cr:separator",
    "source": "cr:source",
    "subField": "cr:subField",
    "transform": "cr:transform",
}  # the standard Croissant 1.0 context, as mlcroissant expects it


def bounds(table: Table) -> dict[str, dict]:
    """minimum/maximum of numeric columns, from the model's ge/le."""
    out = {}
    for name, (lo, hi) in table_bounds(table).items():
        out[name] = {k: v for k, v in (("minimum", lo), ("maximum", hi)) if v is not None}
    return out


def _file_info(data_dir: Path, name: str, suffix: str = ".parquet") -> tuple[int, str]:
    path = data_dir / f"{name}{suffix}"
    return path.stat().st_size, sha256_file(path)


def _schema(table: Table) -> dict:
    """The table schema of a CSV resource, in the conventions of downloads.write_csv."""
    from .downloads import LIST_SEPARATOR

    fields, limits = [], bounds(table)
    for c in table.columns:
        cons = {"required": not c.nullable}
        if c.name == table.key:
            cons["unique"] = True
        if c.allowed:
            cons["enum"] = list(c.allowed)
        cons.update(limits.get(c.name, {}))
        f = {"name": c.name, "type": _FRICTIONLESS_TYPES[c.kind], "description": c.description}
        if c.kind == "boolean":
            f.update(trueValues=["TRUE"], falseValues=["FALSE"])
        elif c.kind == "list":
            f.update(delimiter=LIST_SEPARATOR, itemType="string")
            f["description"] += f" Items joined by '{LIST_SEPARATOR}'; an empty list is the empty text."
        f["constraints"] = cons
        fields.append(f)
    schema = {"fields": fields, "missingValues": ["NA"]}
    if table.key:
        schema["primaryKey"] = [table.key]
    fks = [{"fields": [col], "reference": {"resource": t, "fields": [ref]}} for col, (t, ref) in foreign_keys(table).items()]
    if fks:
        schema["foreignKeys"] = fks
    return schema


def _sources_text(sources: list[dict]) -> list[dict]:
    return [{"title": f"{source_title(s)}, {s['file']}, published {s['published_date']}"} for s in sources]


def datapackage(data_dir: Path, csv_dir: Path, version: str, date: str | None, sources: list[dict], prefix: str = "data/", csv_prefix: str = "csv/") -> dict:
    """Frictionless Data Package v2 descriptor of the CSV files in csv_dir and the Parquet files in data_dir."""
    a = about()
    resources = []
    for name, table in TABLES.items():
        size, digest = _file_info(csv_dir, name, ".csv")
        resources.append(
            {
                "name": name,
                "type": "table",
                "path": f"{csv_prefix}{name}.csv",
                "format": "csv",
                "mediatype": CSV_MEDIATYPE,
                "encoding": "utf-8",
                "bytes": size,
                "hash": f"sha256:{digest}",
                "description": table.description,
                "schema": _schema(table),
            }
        )
    for name, table in TABLES.items():
        size, digest = _file_info(data_dir, name)
        resources.append(
            {
                "name": f"{name}{PARQUET_SUFFIX}",
                "type": "file",
                "path": f"{prefix}{name}.parquet",
                "format": "parquet",
                "mediatype": PARQUET_MEDIATYPE,
                "bytes": size,
                "hash": f"sha256:{digest}",
                "description": f"{table.description} The same rows as the resource '{name}' ({csv_prefix}{name}.csv), "
                "typed as in its schema; the column descriptions and allowed values are also in the Parquet schema.",
            }
        )
    pkg = {"$schema": DATAPACKAGE_PROFILE, "name": "karabakh-data", "title": a["title"], "description": f"{a['abstract']} {MESSAGE}", "version": version}
    if date:
        pkg["created"] = f"{date}T00:00:00Z"
    pkg["licenses"] = [{"name": DATA_LICENSE, "path": DATA_LICENSE_URL, "title": DATA_LICENSE_TITLE}]
    pkg["contributors"] = [{"title": a["author"], "roles": ["creator"]}]
    pkg["keywords"] = a["keywords"]
    pkg["sources"] = _sources_text(sources)
    pkg["resources"] = resources
    return pkg


def _croissant_field(table: Table, c, fks: dict) -> dict:
    desc = c.description + (f" Allowed values: {', '.join(c.allowed)}." if c.allowed else "")
    f = {
        "@type": "cr:Field",
        "@id": f"{table.name}/{c.name}",
        "name": c.name,
        "description": desc,
        "dataType": _CROISSANT_TYPES[c.kind],
        "source": {"fileObject": {"@id": f"{table.name}.parquet"}, "extract": {"column": c.name}},
    }
    if c.kind == "list":
        f["repeated"] = True
    if c.name in fks:
        f["references"] = {"field": {"@id": "/".join(fks[c.name])}}
    return f


def croissant(data_dir: Path, version: str, date: str | None, sources: list[dict], prefix: str = "data/") -> dict:
    """Croissant 1.0 JSON-LD: one FileObject and one RecordSet per table."""
    a = about()
    files, record_sets = [], []
    # mlcroissant reads a reference as a join and can neither chain joins nor join a
    # table to itself, so Croissant names only references to tables that have none.
    leaves = {n for n, t in TABLES.items() if all(ref[0] == n for ref in foreign_keys(t).values())}
    for name, table in TABLES.items():
        size, digest = _file_info(data_dir, name)
        files.append(
            {
                "@type": "cr:FileObject",
                "@id": f"{name}.parquet",
                "name": f"{name}.parquet",
                "description": table.description,
                "contentUrl": f"{prefix}{name}.parquet",
                "encodingFormat": "application/x-parquet",
                "contentSize": f"{size} B",
                "sha256": digest,
            }
        )
        fks = {c: ref for c, ref in foreign_keys(table).items() if ref[0] in leaves and ref[0] != name}
        rs = {"@type": "cr:RecordSet", "@id": name, "name": name, "description": table.description}
        if table.key:
            rs["key"] = {"@id": f"{name}/{table.key}"}
        rs["field"] = [_croissant_field(table, c, fks) for c in table.columns]
        record_sets.append(rs)
    cff = citation(version, date, [])
    doc = {
        "@context": CROISSANT_CONTEXT,
        "@type": "sc:Dataset",
        "conformsTo": "http://mlcommons.org/croissant/1.0",
        "name": "karabakh-data",
        "description": f"{a['abstract']} {MESSAGE}",
        "version": version,
        "license": DATA_LICENSE_URL,
        "creator": {"@type": "sc:Organization", "name": a["author"]},
        "keywords": a["keywords"],
        "citeAs": render_bibtex(cff).strip(),
        "isBasedOn": [{"@type": "sc:CreativeWork", "name": source_title(s), "datePublished": s["published_date"]} for s in sources],
    }
    if date:
        doc["datePublished"] = date
    from .reliability import rai_fields

    doc.update(rai_fields())  # inter-coder reliability (reliability/summary.json)
    doc["distribution"], doc["recordSet"] = files, record_sets
    return doc


def dumps(doc: dict) -> str:
    return json.dumps(doc, indent=2, ensure_ascii=False) + "\n"
