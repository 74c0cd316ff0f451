"""The release reads unchanged in Apache Spark: row counts, every column's type, and three questions.

PySpark runs in local mode (one JVM, no cluster) on a fresh build's Parquet
files. Spark must see the same rows and a type for every column that
matches the data dictionary (dictionary-encoded enumerations read as
strings, date32 as DATE, int64 as BIGINT, lists as ARRAY<STRING>), and three
of the views' questions asked in Spark SQL must get DuckDB's answers: the
latest cumulative casualty total of each series (casualty_totals WHERE
is_latest), the disputed claims with their tables (disputed_claims) and the
distinct incidents, claims and sources per day and kind (incidents_per_day).
Slow (the JVM takes 10-30 s to start); it runs in CI. Needs Java 17+.
"""

from __future__ import annotations

import json
import shutil

import pytest

import karabakh_data as kd
from karabakh_data.schema.table_specs import TABLES

pytestmark = pytest.mark.slow

SPARK_TYPES = {
    "string": "string",
    "category": "string",
    "integer": "bigint",
    "number": "double",
    "boolean": "boolean",
    "date": "date",
    "list": "array<string>",
}


@pytest.fixture(scope="module")
def spark():
    if shutil.which("java") is None:
        pytest.skip("no Java runtime (PySpark needs Java 17 or later)")
    from pyspark.sql import SparkSession

    session = (
        SparkSession.builder.master("local[1]")
        .appName("karabakh-data-test")
        .config("spark.ui.enabled", "false")
        .config("spark.sql.shuffle.partitions", "2")
        .config("spark.driver.bindAddress", "127.0.0.1")
        .config("spark.driver.host", "127.0.0.1")
        .config("spark.sql.session.timeZone", "UTC")
        .getOrCreate()
    )
    session.sparkContext.setLogLevel("ERROR")
    yield session
    session.stop()


@pytest.fixture(scope="module")
def frames(spark, built):
    """Every table of a fresh build as a Spark DataFrame, registered as a temporary view."""
    out = {}
    for name in TABLES:
        df = spark.read.parquet(str(built / "data" / f"{name}.parquet"))
        df.createOrReplaceTempView(name)
        out[name] = df
    return out


def test_row_counts_and_every_column_type(frames, built):
    manifest = json.loads((built / "data" / "manifest.json").read_text())
    for name, table in TABLES.items():
        df = frames[name]
        assert df.count() == manifest["tables"][name]["rows"], name
        found = {f.name: f.dataType.simpleString() for f in df.schema.fields}
        expected = {c.name: SPARK_TYPES[c.kind] for c in table.columns}
        assert found == expected, f"{name}: Spark reads {found}, the data dictionary says {expected}"


LATEST_TOTALS_SPARK = """
WITH totals AS (
    SELECT party_id, population, outcome, claimant_id, casualty_id, count_best,
           coalesce(period_end, date_end) AS as_of
    FROM casualties WHERE count_kind = 'cumulative'
), series AS (
    SELECT *, max(as_of) OVER (PARTITION BY party_id, population, outcome, claimant_id) AS latest FROM totals
)
SELECT party_id, population, outcome, claimant_id, as_of, count_best AS total, casualty_id
FROM series WHERE as_of = latest
ORDER BY casualty_id
"""
LATEST_TOTALS_DUCKDB = """
SELECT party_id, population, outcome, claimant_id, as_of, total, casualty_id
FROM casualty_totals WHERE is_latest ORDER BY casualty_id
"""

DISPUTED_SPARK = """
WITH claims AS (
    SELECT event_id AS record_id, 'events' AS record_table, claimant_id FROM events
    UNION ALL SELECT casualty_id, 'casualties', claimant_id FROM casualties
    UNION ALL SELECT materiel_id, 'materiel', claimant_id FROM materiel
    UNION ALL SELECT meeting_id, 'meetings', claimant_id FROM meetings
    UNION ALL SELECT territory_id, 'territory', claimant_id FROM territory
    UNION ALL SELECT statement_id, 'statements', claimant_id FROM statements
    UNION ALL SELECT dispute_id, 'disputes', disputed_by_id FROM disputes
)
SELECT d.record_id, c.record_table, c.claimant_id, d.dispute_id, d.kind, d.disputed_by_id, d.claim_date
FROM disputes AS d LEFT JOIN claims AS c ON c.record_id = d.record_id
ORDER BY d.record_id, d.dispute_id
"""
DISPUTED_DUCKDB = """
SELECT record_id, record_table, claimant_id, dispute_id, kind, disputed_by_id, dispute_date
FROM disputed_claims ORDER BY record_id, dispute_id
"""

INCIDENTS_PER_DAY_SPARK = """
WITH claims AS (
    SELECT incident_id, source_id, historical FROM events
    UNION ALL SELECT incident_id, source_id, historical FROM casualties
    UNION ALL SELECT incident_id, source_id, historical FROM materiel
    UNION ALL SELECT incident_id, source_id, historical FROM meetings
    UNION ALL SELECT incident_id, source_id, historical FROM territory
    UNION ALL SELECT incident_id, source_id, historical FROM statements
    UNION ALL SELECT incident_id, source_id, historical FROM agreements
    UNION ALL SELECT incident_id, source_id, historical FROM violations
), war AS (
    SELECT i.* FROM incidents AS i
    WHERE i.date_start IS NOT NULL
      AND NOT EXISTS (SELECT 1 FROM claims AS c WHERE c.incident_id = i.incident_id AND c.historical)
)
SELECT CASE WHEN w.date_start = w.date_end THEN w.date_start END AS day, w.date_start, w.date_end, w.incident_kind,
       count(DISTINCT w.incident_id) AS incidents, count(*) AS claims, count(DISTINCT c.source_id) AS sources
FROM war AS w JOIN claims AS c ON c.incident_id = w.incident_id
GROUP BY w.date_start, w.date_end, w.incident_kind
ORDER BY day IS NULL, w.date_start, w.date_end, w.incident_kind
"""
INCIDENTS_PER_DAY_DUCKDB = """
SELECT day, date_start, date_end, incident_kind, incidents, claims, sources
FROM incidents_per_day ORDER BY day IS NULL, date_start, date_end, incident_kind
"""


@pytest.mark.parametrize(
    "spark_sql, duckdb_sql",
    [(LATEST_TOTALS_SPARK, LATEST_TOTALS_DUCKDB), (DISPUTED_SPARK, DISPUTED_DUCKDB), (INCIDENTS_PER_DAY_SPARK, INCIDENTS_PER_DAY_DUCKDB)],
    ids=["latest-casualty-totals", "disputed-claims", "incidents-per-day"],
)
def test_views_questions_get_the_same_answers_in_spark_sql(spark, frames, use_build, spark_sql, duckdb_sql):
    in_spark = [tuple(row) for row in spark.sql(spark_sql).collect()]
    in_duckdb = kd.connect().execute(duckdb_sql).fetchall()
    assert in_spark, "the question has no answer in the data; pick another"
    assert in_spark == in_duckdb
