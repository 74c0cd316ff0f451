"""The one table registry: every table of the dataset, declared once.

Each table names its model (a class of models.py, by name, so that this
module imports nothing and ``import karabakh_data`` and ``tables()`` stay
light), where its rows come from in raw/, its key, the order of its rows,
the columns that must be unique together, the columns that refer to other
tables, and its description. Every other list of tables is derived from
this one: the readers' catalogue, the table specs (table_specs.py), the
record lists of a records file, the tables built document by document, the
reference files and the foreign keys of the metadata and of the SQLite export.
"""

from __future__ import annotations

# Where a table's rows come from in raw/.
SOURCE = "source"  # the source: block of each records file
REFERENCE = "reference"  # a reference file of its own (raw/<name>.yaml)
RECORDS = "records"  # a list of claim records in each records file
PARTICIPANTS = "participants"  # the participants: lists of the meetings

CLAIMS = "records"
"""The target of a reference to any claim record (every claim table shares one id space)."""

CLAIM_REFERENCES = {"claimant_id": "actors", "reported_via_id": "actors", "source_id": "sources", "place_id": "places"}
"""The references of models.Claim's fields, which every claim table has unless its model drops the field (disputes: claimant_id)."""


class Declared:
    """One table as declared. A plain class, not a dataclass: importing dataclasses costs more than the rest of `import karabakh_data`."""

    __slots__ = ("name", "model", "rows_from", "key", "description", "references", "unique", "sort")

    def __init__(
        self,
        name: str,
        model: str,
        rows_from: str,
        key: str | None,
        description: str,
        references: dict[str, str] | None = None,
        unique: tuple[str, ...] = (),
        sort: tuple[str, ...] = (),
    ):
        self.name = name
        self.model = model  # class name in models.py
        self.rows_from = rows_from  # SOURCE, REFERENCE, RECORDS or PARTICIPANTS
        self.key = key  # the primary key, unique and never null; None: the table has none
        self.description = description
        self.references = dict(references or {})  # column -> table it refers to (CLAIMS: any claim record)
        self.unique = unique  # columns unique together (a table without a key)
        self.sort = sort  # the order of the rows (default: the key)

    def __repr__(self) -> str:
        return f"Declared({self.name!r})"

    @property
    def file(self) -> str:
        return f"{self.name}.parquet"

    @property
    def raw_file(self) -> str | None:
        """The reference file that holds the table's rows (None: the records files do)."""
        return f"{self.name}.yaml" if self.rows_from == REFERENCE else None

    @property
    def is_claim(self) -> bool:
        return self.rows_from == RECORDS

    @property
    def sort_keys(self) -> tuple[str, ...]:
        return self.sort or ((self.key,) if self.key else ())

    @property
    def all_references(self) -> dict[str, str]:
        """Every column that refers to another row: the table's own, and for a claim table the shared ones."""
        return {**(CLAIM_REFERENCES if self.is_claim else {}), **self.references}


def _claim(name: str, model: str, key: str, description: str, **references: str) -> Declared:
    """A claim table: a list in the records files, its key an id of the shared claim id space."""
    return Declared(name, model, RECORDS, key, description, references)


TABLES: dict[str, Declared] = {
    t.name: t
    for t in [
        Declared(
            "sources",
            "Source",
            SOURCE,
            "source_id",
            "Source documents: news reports kept byte for byte, with hash and publication date.",
        ),
        Declared(
            "actors",
            "Actor",
            REFERENCE,
            "actor_id",
            "States, bodies, armed forces, people, organisations and media named in the sources, with every spelling.",
            {"parent_id": "actors"},
        ),
        Declared(
            "places",
            "Place",
            REFERENCE,
            "place_id",
            "Places named in the sources, with approximate coordinates from general knowledge.",
            {"parent_id": "places"},
        ),
        Declared(
            "incidents",
            "Incident",
            REFERENCE,
            "incident_id",
            "Happenings (strikes, clashes, deaths, meetings) that one or more claims describe, with dates and figures derived from them.",
            {"place_id": "places", "possibly_same_as": "incidents"},
        ),
        _claim(
            "events",
            "Event",
            "event_id",
            "Armed and strategic events as claimed, coded with ACLED's event taxonomy.",
            actor1_id="actors",
            actor2_id="actors",
            origin_place_id="places",
            agreement_id="agreements",
            incident_id="incidents",
        ),
        _claim(
            "casualties",
            "Casualty",
            "casualty_id",
            "Reported casualty figures (totals, increments, incidents, named victims) with UCDP-style bounds.",
            party_id="actors",
            event_id="events",
            incident_id="incidents",
        ),
        _claim(
            "materiel",
            "Materiel",
            "materiel_id",
            "Claimed equipment losses: destroyed, shot down, intercepted or seized.",
            party_id="actors",
            event_id="events",
            incident_id="incidents",
        ),
        _claim(
            "meetings",
            "Meeting",
            "meeting_id",
            "Meetings, calls and planned or declined talks.",
            mediator_id="actors",
            agreement_id="agreements",
            incident_id="incidents",
        ),
        Declared(
            "meeting_participants",
            "MeetingParticipant",
            PARTICIPANTS,
            None,
            "Who took part in each meeting, and in what role.",
            {"meeting_id": "meetings", "actor_id": "actors"},
            unique=("meeting_id", "actor_id", "role"),
            sort=("meeting_id", "actor_id"),
        ),
        _claim(
            "territory",
            "Territory",
            "territory_id",
            "Facts about places: area, status, control, population, contact line, troops.",
            reference_place_id="places",
            party_id="actors",
            incident_id="incidents",
        ),
        _claim(
            "statements",
            "Statement",
            "statement_id",
            "Positions, demands, appeals and assessments: who said what.",
            subject_id="actors",
            agreement_id="agreements",
            incident_id="incidents",
        ),
        _claim(
            "agreements",
            "Agreement",
            "agreement_id",
            "Ceasefires, truces and other agreements, agreed or planned: parties, broker, guarantor, terms and when they take effect.",
            party1_id="actors",
            party2_id="actors",
            broker_id="actors",
            guarantor_id="actors",
            incident_id="incidents",
        ),
        _claim(
            "violations",
            "Violation",
            "violation_id",
            "Claims that an agreement was violated or collapsed: the accuser (claimant), the accused and the agreement.",
            agreement_id="agreements",
            accused_id="actors",
            event_id="events",
            incident_id="incidents",
        ),
        _claim(
            "disputes",
            "Dispute",
            "dispute_id",
            "Denials and contradictions linking a claim to the party or record that disputes it.",
            disputed_by_id="actors",
            record_id=CLAIMS,
            other_record_id=CLAIMS,
        ),
    ]
}

TABLE_DESCRIPTIONS: dict[str, str] = {name: t.description for name, t in TABLES.items()}
"""The readers' catalogue: a name that is not in it never reaches the file system or SQL."""

RECORD_TABLES: tuple[str, ...] = tuple(n for n, t in TABLES.items() if t.is_claim)
"""The lists of claim records a records file may hold, in table order."""

BUILD_ORDER: tuple[str, ...] = tuple(n for kind in (SOURCE, REFERENCE, RECORDS, PARTICIPANTS) for n, t in TABLES.items() if t.rows_from == kind)
"""The order in which the build gives the tables (and writes their files): each table after those it is made from."""

DOCUMENT_TABLES: tuple[str, ...] = tuple(n for n in BUILD_ORDER if TABLES[n].rows_from != REFERENCE)
"""The tables whose rows come from the records files, document by document (in the order a document gives them)."""

REFERENCE_FILES: dict[str, str] = {t.raw_file: n for n, t in TABLES.items() if t.raw_file}
"""The reference files and the table each one gives."""


def referring(target: str) -> tuple[str, ...]:
    """The columns of claim tables that refer to target, each once, in table and declaration order."""
    out: dict[str, None] = {}
    for t in TABLES.values():
        if t.is_claim:
            out.update((c, None) for c, to in t.all_references.items() if to == target)
    return tuple(out)
