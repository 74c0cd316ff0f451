"""The README's "Common questions": each question, its SQL and its real output.

The answers are generated from a fresh build of raw/, never typed, so the
documentation cannot drift from the data: tests/access/test_views.py regenerates
the page and fails if docs/common-questions.md differs. As the coders add
records the answers change; regenerate with one command:

    python -m karabakh_data.views --readme
"""

from __future__ import annotations

import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
DOC = ROOT / "docs" / "common-questions.md"
README = ROOT / "README.md"
BEGIN, END = "<!-- common-questions:begin -->", "<!-- common-questions:end -->"
REGENERATE = "python -m karabakh_data.views --readme"

QUESTIONS: list[tuple[str, str]] = [
    (
        "How many soldiers had Armenia reported killed by 9 October?",
        """SELECT as_of, total, increments, claimant, quote
FROM casualty_totals
WHERE party_id IN ('armenia', 'armenian-forces') AND claimant_id IN ('armenia', 'armenia-mod')
  AND population = 'military' AND outcome = 'killed' AND as_of <= DATE '2020-10-09'
ORDER BY as_of DESC
LIMIT 1""",
    ),
    (
        "What is the latest casualty total each claimant reported for each side?",
        """SELECT party, population, outcome, as_of, total, count_low, count_high, count_qualifier, claimant, increments, incidents
FROM casualty_totals
WHERE is_latest""",
    ),
    (
        "Which casualty figures were reported, and of what kind (total, increment, incident)?",
        """SELECT party, population, outcome, date, figure_kind, count_best, count_qualifier, person_name, claimant
FROM casualty_timeline""",
    ),
    (
        "How many distinct strikes, meetings and deaths were claimed, per day, and by how many sources?",
        """SELECT day, date_start, date_end, incident_kind, incidents, claims, sources, deaths_best, incident_ids
FROM incidents_per_day""",
    ),
    (
        "Which happenings (incidents) of the war were claimed, by how many claims, and is any claim disputed?",
        """SELECT incident_id, incident_kind, date_start, date_end, date_precision, place, claim_count, source_count,
       disputed, deaths_best, record_ids
FROM incident_summary
WHERE NOT historical""",
    ),
    (
        "What had been claimed as known on 10 October, and as known on 25 October?",
        """SELECT known_on, source_id, count(*) AS claims, count(DISTINCT incident_id) AS incidents,
       min(claim_date) AS first_claim_date, max(claim_date) AS last_claim_date
FROM claims_known_on
WHERE known_on IN (DATE '2020-10-10', DATE '2020-10-25')
GROUP BY known_on, source_id
ORDER BY known_on, source_id""",
    ),
    (
        "What was the latest casualty total of each claimant and side as known on 10 October, and on 25 October?",
        """SELECT known_on, party, population, outcome, claimant, as_of, total, count_low, count_high, count_qualifier, source_id
FROM totals_known_on
WHERE known_on IN (DATE '2020-10-10', DATE '2020-10-25')""",
    ),
    (
        "Which claims did the other side deny or contradict?",
        """SELECT claim_date, claimant, claim, kind, disputed_by, dispute_quote
FROM disputed_claims""",
    ),
    (
        "Where is the same quantity given different values?",
        """SELECT quantity, claim_a, claimant_a, source_a, claim_b, claimant_b, source_b, basis
FROM conflicting_figures""",
    ),
    (
        "Who met whom, where, and who mediated (one row per meeting, however many records report it)?",
        """SELECT date, format, status, claim_count, disputed, place, within_place, mediator, participants, absent, meeting_ids
FROM diplomacy""",
    ),
    (
        "Which actors met or spoke, and how often?",
        """SELECT actor_a_name, actor_b_name, contacts, in_person, calls, dates
FROM actor_contacts""",
    ),
    (
        "What happened during the war, in date order, one row per happening (first 25 entries)?",
        """SELECT date, date_end, date_precision, entry, kind, summary, claim_count, disputed, source_id
FROM timeline
WHERE NOT historical
LIMIT 25""",
    ),
    (
        "Where did the claimed happenings take place (one row per incident)?",
        """SELECT date_start, date_end, incident_kind, sub_event_type, place, latitude, longitude, coord_precision,
       claim_count, disputed, event_ids
FROM events_geo""",
    ),
    (
        "Who is 'Mnatsakanian', and who is 'MNATSAKANYAN'?",
        """SELECT alias, actor_id, name
FROM actor_lookup
WHERE alias_key IN (lower(strip_accents('Mnatsakanian')), lower(strip_accents('MNATSAKANYAN')))""",
    ),
    (
        "What does each source document contain?",
        """SELECT source_id, published_date, publisher, events, casualties, materiel, meetings, territory, statements, disputes, records
FROM source_summary""",
    ),
]


def markdown(con) -> str:
    """The page, answering every question on the DuckDB connection con."""
    from ..access.query import render
    from ..access.views import views

    out = [
        "# Common questions",
        "",
        f"<!-- Generated by `{REGENERATE}` from a fresh build of raw/; do not edit by hand. -->",
        "",
        "Each answer below is a query on one of the dataset's views, with its real output on the",
        'current data. Run any of them with `karabakh-data query "..."`, on',
        "`karabakh_data.connect()`, or in a plain `duckdb` session on `build/data/karabakh.duckdb`.",
        "",
        "| view | question it answers |",
        "|---|---|",
    ]
    out += [f"| `{v.name}` | {v.question} |" for v in views()]
    for question, sql in QUESTIONS:
        result = con.execute(sql)
        columns = [d[0] for d in result.description]
        rows = result.fetchall()
        out += ["", f"## {question}", "", "```sql", sql, "```", ""]
        out.append(render(columns, rows, "markdown"))
        out += ["", f"({len(rows)} row{'' if len(rows) == 1 else 's'})"]
    return "\n".join(out) + "\n"


def generate(duckdb_file: Path) -> str:
    """The page for a built database file, opened read-only."""
    import duckdb

    con = duckdb.connect(str(duckdb_file), read_only=True)
    try:
        return markdown(con)
    finally:
        con.close()


def regenerate(raw: Path = ROOT / "raw", doc: Path = DOC) -> Path:
    """Build raw/ into a temporary folder and rewrite the page from it."""
    from ..build.pipeline import build
    from ..paths import DUCKDB_FILE

    with tempfile.TemporaryDirectory() as tmp:
        build(Path(raw), Path(tmp), None)
        text = generate(Path(tmp) / "data" / DUCKDB_FILE)
    doc.parent.mkdir(parents=True, exist_ok=True)
    doc.write_text(text, encoding="utf-8")
    if doc == DOC and README.exists():
        README.write_text(in_readme(README.read_text(encoding="utf-8"), text), encoding="utf-8")
    return doc


def readme_section(page: str) -> str:
    """The page as a README section: its title dropped, its headings one level down."""
    body = page.split("\n", 1)[1].lstrip("\n")
    return "\n".join("#" + line if line.startswith("## ") else line for line in body.splitlines())


def in_readme(readme: str, page: str) -> str:
    """README text with the block between the markers replaced by the page."""
    head, rest = readme.split(BEGIN, 1)
    _, tail = rest.split(END, 1)
    return f"{head}{BEGIN}\n{readme_section(page)}\n{END}{tail}"
