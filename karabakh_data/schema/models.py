"""Pydantic models of the hand-coded records: the single source of truth.

Every table of the dataset, its columns, their types, allowed values and
descriptions come from the models in this module. The JSON Schema in
``schemas/``, the Arrow/Parquet schema, the Pandera table checks and the data
dictionary are all generated from them (see ``table_specs.py``), never written
twice.

Field names in the raw YAML are the column names of the built tables, so a
coder, a SQL user and a pandas user all say ``count_best`` for the same thing.
Columns that the build computes (``source_id``, ``quote_start``,
``quote_end``) are declared here too, marked ``computed``, and a coder must not
type them.
"""

from __future__ import annotations

import datetime as dt
from typing import Literal, Optional

from pydantic import BaseModel, Field, field_validator, model_validator

from .base import (  # noqa: F401  (re-exported: models.fill, models.WAR_START and kin are used by the build and the tests)
    AGREEMENT,
    INT64_MAX,
    ISO3,
    SHA256,
    SLUG,
    TIME,
    WAR_END,
    WAR_START,
    WIKIDATA,
    Age,
    Count,
    Int64,
    Occurrence,
    Strict,
    computed,
    fill,
    priogrid_gid,
)
from .vocabularies import (  # noqa: F401  (models.ACTOR_TYPES and kin: the vocabularies are part of the models' interface)
    ACTOR_TYPES,
    AGREEMENT_KINDS,
    AGREEMENT_STATUSES,
    AGREEMENT_TERMS,
    CLAIM_DATE_BASES,
    COORD_PRECISIONS,
    COUNT_KINDS,
    COUNT_QUALIFIERS,
    DATE_BASES,
    DATE_PRECISIONS,
    DIRECTIONS,
    DISPUTE_KINDS,
    DISTANCE_UNITS,
    EVENT_TYPES,
    INCIDENT_BASES,
    INCIDENT_KINDS,
    LANGUAGES,
    MATERIEL_CLASSES,
    MATERIEL_OUTCOMES,
    MEETING_FORMATS,
    MEETING_STATUSES,
    OUTCOMES,
    PARTICIPANT_ROLES,
    PARTS_OF_DAY,
    PLACE_TYPES,
    POPULATIONS,
    STATEMENT_TYPES,
    SUB_EVENT_TYPES,
    TERRITORY_ATTRIBUTES,
    VAGUE_BOUNDS,
    VIOLATION_KINDS,
    ActorType,
    AgreementKind,
    AgreementStatus,
    AgreementTerm,
    ClaimDateBasis,
    CoordPrecision,
    CountKind,
    CountQualifier,
    DateBasis,
    DatePrecision,
    Direction,
    DisputeKind,
    DistanceUnit,
    EventType,
    IncidentBasis,
    IncidentKind,
    Language,
    MaterielClass,
    MaterielOutcome,
    MeetingFormat,
    MeetingStatus,
    Outcome,
    ParticipantRole,
    PartOfDay,
    PlaceType,
    Population,
    StatementType,
    SubEventType,
    TerritoryAttribute,
    ViolationKind,
    part_of_day,
)

# --- reference tables ---------------------------------------------------------


class Actor(Strict):
    """A state, body, force, person, organisation or outlet named in a source."""

    actor_id: str = Field(pattern=SLUG, description="Stable id of the actor (a slug).")
    name: str = Field(min_length=1, description="Canonical name, in the most common English spelling.")
    actor_type: ActorType = Field(description="Kind of actor.")
    country: Optional[str] = Field(
        None,
        pattern=ISO3,
        description="ISO 3166-1 alpha-3 code of the actor's state (reference data from general knowledge); null if none.",
    )
    role: Optional[str] = Field(None, description="Office or function, as the sources describe it.")
    parent_id: Optional[str] = Field(None, pattern=SLUG, description="Actor this one belongs to (a ministry's state, a minister's ministry).")
    aliases: list[str] = Field(
        default_factory=list,
        description="Every spelling of the name seen in the sources; the canonical name may be a standard transliteration not among them.",
    )
    iso3166_numeric: Optional[str] = Field(
        None, pattern=r"^[0-9]{3}$", description="ISO 3166-1 numeric code of a state actor (crosswalk; basis in state_codes_basis)."
    )
    gwcode: Optional[Count] = Field(None, description="Gleditsch-Ward state number of a state actor, as UCDP uses it (crosswalk; basis in state_codes_basis).")
    cowcode: Optional[Count] = Field(None, description="Correlates of War state number of a state actor (crosswalk; basis in state_codes_basis).")
    state_codes_basis: Optional[str] = Field(
        None, description="Where country, iso3166_numeric, gwcode and cowcode were confirmed: an installed package and its version."
    )
    wikidata_qid: Optional[str] = Field(
        None, pattern=WIKIDATA, description="Wikidata item of the actor (crosswalk; basis in wikidata_basis); null where not confirmed."
    )
    wikidata_basis: Optional[str] = Field(None, description="The public source in which wikidata_qid was confirmed.")
    note: Optional[str] = Field(None, description="Coder's note.")

    @model_validator(mode="after")
    def _codes_have_a_basis(self) -> Actor:
        codes = (self.iso3166_numeric, self.gwcode, self.cowcode)
        if any(c is not None for c in codes) and self.actor_type != "state":
            raise ValueError("iso3166_numeric, gwcode and cowcode are codes of states; this actor is not a state")
        if any(c is not None for c in codes) and not self.state_codes_basis:
            raise ValueError("state codes need state_codes_basis: the package that confirms them")
        if (self.wikidata_qid is None) != (self.wikidata_basis is None):
            raise ValueError("wikidata_qid and wikidata_basis go together")
        return self


class Place(Strict):
    """A place named in a source, with approximate coordinates."""

    place_id: str = Field(pattern=SLUG, description="Stable id of the place (a slug).")
    name: str = Field(min_length=1, description="Canonical name.")
    place_type: PlaceType = Field(description="Kind of place.")
    country: Optional[str] = Field(None, pattern=ISO3, description="ISO 3166-1 alpha-3 code of the state the place is internationally recognised as part of.")
    parent_id: Optional[str] = Field(None, pattern=SLUG, description="Place that contains this one.")
    latitude: Optional[float] = Field(None, ge=-90, le=90, description="Latitude, WGS 84 decimal degrees.")
    longitude: Optional[float] = Field(None, ge=-180, le=180, description="Longitude, WGS 84 decimal degrees.")
    coord_precision: Optional[CoordPrecision] = Field(None, description="How precise the coordinates are.")
    coord_basis: Literal["general_knowledge"] = Field(
        "general_knowledge",
        description="Where the coordinates come from: general knowledge, not the sources (the sources give none).",
    )
    aliases: list[str] = Field(
        default_factory=list, description="Every spelling seen in the sources; the canonical name may be a standard form not among them."
    )
    priogrid_gid: Optional[Int64] = Field(
        None, **computed("PRIO-GRID cell of the coordinates (0.5-degree grid; gid = row * 720 + col + 1), for merging with UCDP GED and PRIO-GRID.")
    )
    wikidata_qid: Optional[str] = Field(
        None, pattern=WIKIDATA, description="Wikidata item of the place (crosswalk; basis in wikidata_basis); null where not confirmed."
    )
    wikidata_basis: Optional[str] = Field(None, description="The public source in which wikidata_qid was confirmed.")
    note: Optional[str] = Field(None, description="Coder's note.")

    @model_validator(mode="after")
    def _coords_together(self) -> Place:
        if (self.latitude is None) != (self.longitude is None):
            raise ValueError("latitude and longitude must be given together")
        if self.latitude is not None and self.coord_precision is None:
            raise ValueError("coord_precision is required when coordinates are given")
        if (self.wikidata_qid is None) != (self.wikidata_basis is None):
            raise ValueError("wikidata_qid and wikidata_basis go together")
        if self.latitude is not None:
            self.__dict__["priogrid_gid"] = priogrid_gid(self.latitude, self.longitude)
        return self


class Incident(Strict):
    """A happening (a strike, a clash, a death, a meeting) that one or more claim records describe.

    The coder writes its kind, description and place; everything else is
    derived by the build from the claims that carry its incident_id (rules
    in the codebook, section 18), so an incident can be counted once while
    every claim stays visible.
    """

    incident_id: str = Field(pattern=r"^inc-[0-9]{3,}$", description="Stable id of the incident (inc-NNN), never reused.")
    incident_kind: IncidentKind = Field(description="Kind of happening.")
    description: str = Field(min_length=5, description="One-sentence neutral description of the happening.")
    place_id: Optional[str] = Field(None, pattern=SLUG, description="Where it happened, where the claims name a place.")
    note: Optional[str] = Field(None, description="Coder's note: why these claims are one happening, and what is not merged.")
    possibly_same_as: Optional[str] = Field(
        None,
        pattern=r"^inc-[0-9]{3,}$",
        description="Another incident that may be the same happening, where the texts do not settle it: linked, never merged (codebook section 17).",
    )
    possibly_same_basis: Optional[str] = Field(
        None, min_length=10, description="Why the two incidents may be one, and why they are not merged (set with possibly_same_as)."
    )
    date_start: Optional[dt.date] = Field(
        None, **computed("First day the happening may have taken place: the latest date_start of its dated claims (their intersection).")
    )
    date_end: Optional[dt.date] = Field(None, **computed("Last day it may have taken place: the earliest date_end of its dated claims."))
    date_precision: DatePrecision = Field("unknown", **computed("day, days (up to 8 days apart), range, or unknown when no claim is dated."))
    claim_count: Int64 = Field(0, **computed("Number of claim records that describe the incident."))
    source_count: Int64 = Field(0, **computed("Number of source documents with a claim of it."))
    claimant_count: Int64 = Field(0, **computed("Number of distinct claimants."))
    disputed: bool = Field(False, **computed("True if a dispute names one of its claims (as record_id or other_record_id)."))
    first_claim_date: Optional[dt.date] = Field(None, **computed("Earliest claim_date of its claims: when the happening was first reported."))
    deaths_best: Optional[Int64] = Field(
        None, **computed("Deaths by the codebook's rule (section 18): the lowest count_best of the killed-incident figures not disputed.")
    )
    deaths_low: Optional[Int64] = Field(None, **computed("Lowest credible death figure: the smallest count_low (or count_best) of its killed figures."))
    deaths_high: Optional[Int64] = Field(None, **computed("Highest death figure claimed: the largest count_high (or count_best) of its killed figures."))

    @model_validator(mode="after")
    def _possibly_same(self) -> Incident:
        if (self.possibly_same_as is None) != (self.possibly_same_basis is None):
            raise ValueError("possibly_same_as and possibly_same_basis go together: give both or neither")
        if self.possibly_same_as == self.incident_id:
            raise ValueError(f"an incident cannot be possibly the same as itself ('{self.incident_id}')")
        return self


class Source(Strict):
    """A source document: a news report kept byte for byte in raw/sources/."""

    source_id: str = Field(pattern=SLUG, description="Stable id of the source document.")
    file: str = Field(description="Path of the text under raw/, e.g. sources/000_7f5d40a5f4979764.txt.")
    sha256: str = Field(pattern=SHA256, description="SHA-256 of the file's bytes; the build checks it.")
    char_count: Optional[Int64] = Field(None, **computed("Number of characters (Unicode code points) of the text."))
    publisher: Optional[str] = Field(None, description="Publisher, only where the text names it; otherwise null.")
    title: Optional[str] = Field(None, description="Headline, only where the text carries one; otherwise null.")
    published_date: dt.date = Field(
        description="Publication date, established from internal evidence; when the text only bounds it, the first day it may have been published."
    )
    published_date_end: Optional[dt.date] = Field(
        None, description="Last day the document may have been published, when the text only bounds the date; null when published_date is the known day."
    )
    date_basis: str = Field(min_length=10, description="How published_date (and published_date_end) was established, with the evidence.")
    language: Language = Field(description="ISO 639-1 language code of the text.")
    note: Optional[str] = Field(None, description="Coder's note on the document.")

    @model_validator(mode="after")
    def _published_bounds(self) -> Source:
        if self.published_date_end is not None and self.published_date_end <= self.published_date:
            raise ValueError(f"published_date_end {self.published_date_end} must be after published_date {self.published_date}; leave it empty for a known day")
        return self


# --- claim tables ---------------------------------------------------------------


class Claim(Strict):
    """Columns shared by every claim table: provenance, quote and date.

    A claim is what a source reports someone as asserting; it is never coded
    as a fact. The quote ties it to the sentence it came from.
    """

    source_id: str = Field("", **computed("Source document of the record (from the file the record is in)."))
    quote: str = Field(min_length=3, description="Verbatim excerpt of the source that supports the record.")
    quote_occurrence: Optional[Occurrence] = Field(
        None,
        description="Which occurrence of the quote is meant (1 = first), needed only when the quote occurs more than once in the source.",
    )
    quote_start: Int64 = Field(0, **computed("Character offset where the quote starts in the source text (0-based, Unicode code points)."))
    quote_end: Int64 = Field(0, **computed("Character offset just past the quote's end."))
    reported_via_id: Optional[str] = Field(
        None, pattern=SLUG, description="Intermediary that relayed the claim (a news agency, 'local media'); null if the source reports it directly."
    )
    claim_date: Optional[dt.date] = Field(
        None,
        description="Day the claim was made or first reported: the source's publication date, unless the text dates the claim itself (claim_date_basis says which).",
    )
    claim_date_basis: ClaimDateBasis = Field("publication", **computed("Where claim_date comes from: the text, or the source's publication date."))
    date_start: Optional[dt.date] = Field(None, description="First day the fact may have happened (an honest bound; the claim's own date is claim_date).")
    date_end: Optional[dt.date] = Field(None, description="Last day the fact may have happened; equal to date_start for a known day.")
    date_precision: DatePrecision = Field(description="How precisely the date is known.")
    date_basis: DateBasis = Field(description="How the date was established.")
    date_phrase: Optional[str] = Field(None, description="The words of the text the date was resolved from ('Friday', 'in the last 24 hours').")
    time_start: Optional[str] = Field(
        None, pattern=TIME, description="Time of day the fact happened or begins (HH:MM, 24-hour clock), where the text gives one ('at 15: 00')."
    )
    time_end: Optional[str] = Field(None, pattern=TIME, description="Time of day it ends (HH:MM), where the text gives a span; set with time_start.")
    time_zone: Optional[str] = Field(
        None, min_length=2, description="Time zone of time_start and time_end as the text gives it ('local time', 'Moscow time'); null when not given."
    )
    part_of_day: Optional[PartOfDay] = Field(None, description="Part of the day the text names ('during the afternoon'), or the part time_start falls in.")
    time_phrase: Optional[str] = Field(None, description="The words of the text the time of day comes from ('during the afternoon of October 24').")
    place_id: Optional[str] = Field(
        None,
        pattern=SLUG,
        description="Place the claim concerns, where the text names one: where the fact happened; for a statement or a dispute, the place it is about, else where it was said.",
    )
    historical: bool = Field(False, description="True for background history outside the 2020 war (dates before 27 September 2020 allowed).")
    note: Optional[str] = Field(None, description="Coder's note: ambiguities, garbled sentences, how a value was read.")

    @field_validator("quote")
    @classmethod
    def _quote_not_blank(cls, v: str) -> str:
        if v != v.strip():
            raise ValueError("quote must not start or end with whitespace")
        return v

    @model_validator(mode="after")
    def _dates(self) -> Claim:
        s, e = self.date_start, self.date_end
        if self.date_precision == "unknown" or self.date_basis == "undated":
            if s is not None or e is not None:
                raise ValueError("an undated record must leave date_start and date_end empty")
            return self
        if s is None or e is None:
            raise ValueError("date_start and date_end are required unless date_precision is 'unknown'")
        if e < s:
            raise ValueError(f"date_end {e} is before date_start {s}")
        if self.date_precision == "day" and s != e:
            raise ValueError("date_precision 'day' needs date_start == date_end")
        if self.date_precision != "day" and s == e:
            raise ValueError(f"date_start == date_end: date_precision must be 'day', not '{self.date_precision}'")
        if self.date_basis == "bounded_by_claim" and self.claim_date is not None and e != self.claim_date:
            raise ValueError(f"date_basis 'bounded_by_claim' needs date_end == claim_date ({self.claim_date}), not {e}")
        if self.date_basis == "relative" and not self.date_phrase:
            raise ValueError("date_basis 'relative' needs the date_phrase it was resolved from")
        if not self.historical and (s < WAR_START or e > WAR_END):
            raise ValueError(f"date {s}..{e} is outside the 2020 war ({WAR_START}..{WAR_END}); set historical: true for background facts")
        return self

    @model_validator(mode="after")
    def _time_of_day(self) -> Claim:
        timed = self.time_start is not None or self.part_of_day is not None
        if self.time_end is not None and self.time_start is None:
            raise ValueError("time_end needs time_start")
        if self.time_zone is not None and self.time_start is None:
            raise ValueError("time_zone needs time_start: the zone of a clock time")
        if timed and not self.time_phrase:
            raise ValueError("a time of day (time_start or part_of_day) needs the time_phrase it comes from")
        if self.time_phrase and not timed:
            raise ValueError("time_phrase without time_start or part_of_day: give the time it says")
        if timed and self.date_precision != "day":
            raise ValueError(f"a time of day needs a known day (date_precision 'day', not '{self.date_precision}')")
        if self.time_end is not None and self.time_end < self.time_start:
            raise ValueError(f"time_end {self.time_end} is before time_start {self.time_start}")
        if self.time_start is not None and self.part_of_day is not None and part_of_day(self.time_start) != self.part_of_day:
            raise ValueError(f"time_start {self.time_start} falls in the {part_of_day(self.time_start)}, not the {self.part_of_day}")
        return self


class Counted(BaseModel):
    """Count columns shared by casualties and materiel losses (UCDP-style bounds)."""

    count_best: Optional[Count] = Field(None, description="The figure as reported (best estimate).")
    count_low: Optional[Count] = Field(None, description="Lower bound ('at least N').")
    count_high: Optional[Count] = Field(None, description="Upper bound ('up to N').")
    count_qualifier: CountQualifier = Field(description="How the text qualifies the figure.")
    count_phrase: Optional[str] = Field(None, description="The words of a vague quantity ('hundreds'), from which count_low and count_high follow.")

    @model_validator(mode="after")
    def _bounds(self) -> Counted:
        lo, best, hi = self.count_low, self.count_best, self.count_high
        if lo is not None and best is not None and lo > best:
            raise ValueError(f"count_low {lo} is greater than count_best {best}")
        if best is not None and hi is not None and best > hi:
            raise ValueError(f"count_best {best} is greater than count_high {hi}")
        if lo is not None and hi is not None and lo > hi:
            raise ValueError(f"count_low {lo} is greater than count_high {hi}")
        if self.count_qualifier != "unspecified" and best is None and lo is None and hi is None:
            raise ValueError("give count_best, count_low or count_high (or count_qualifier 'unspecified')")
        if self.count_qualifier == "exact":
            if best is None:
                raise ValueError("count_qualifier 'exact' needs count_best")
            wide = [f"{name} {v}" for name, v in (("count_low", lo), ("count_high", hi)) if v is not None and v != best]
            if wide:
                raise ValueError(
                    f"count_qualifier 'exact' is count_best alone: {' and '.join(wide)} differ from count_best {best}; "
                    "bounds take 'range', 'at_least' or 'up_to' (codebook 8.1)"
                )
        if self.count_qualifier == "vague":
            bounds = VAGUE_BOUNDS.get((self.count_phrase or "").lower())
            if bounds is None:
                raise ValueError(f"count_qualifier 'vague' needs count_phrase, one of: {', '.join(VAGUE_BOUNDS)}")
            if best is not None or (lo, hi) != bounds:
                raise ValueError(f"'{self.count_phrase}' gives count_low {bounds[0]}, count_high {bounds[1]} and no count_best (codebook 8.1)")
        elif self.count_phrase is not None:
            raise ValueError("count_phrase is only for count_qualifier 'vague'")
        return self


class Describes(BaseModel):
    """The happening a claim describes: several claims may describe one strike, meeting or death."""

    incident_id: Optional[str] = Field(
        None,
        pattern=r"^inc-[0-9]{3,}$",
        description="Incident (happening) the claim describes; null for a position, an assessment, a running total.",
    )
    incident_basis: Optional[IncidentBasis] = Field(None, description="Why the claim is grouped with its incident's other claims (set with incident_id).")

    @model_validator(mode="after")
    def _basis_with_incident(self) -> Describes:
        if (self.incident_id is None) != (self.incident_basis is None):
            raise ValueError("incident_id and incident_basis go together: give both or neither")
        return self


class Event(Claim, Describes):
    """An armed or strategic event as claimed by an actor (ACLED-style taxonomy)."""

    event_id: str = Field(pattern=r"^ev-[a-z0-9-]+$", description="Stable id of the event record, never reused.")
    claimant_id: str = Field(pattern=SLUG, description="Actor who asserts the event.")
    event_type: EventType = Field(description="ACLED event type.")
    sub_event_type: SubEventType = Field(description="ACLED sub-event type; must belong to event_type.")
    description: str = Field(min_length=5, description="One-sentence neutral description of what is claimed.")
    actor1_id: Optional[str] = Field(None, pattern=SLUG, description="Actor said to carry out the event.")
    actor2_id: Optional[str] = Field(None, pattern=SLUG, description="Actor on the receiving end (target, opponent).")
    origin_place_id: Optional[str] = Field(
        None, pattern=SLUG, description="Place the fire or strike came from, where the text names it ('fired from' a named place)."
    )
    distance_value: Optional[float] = Field(None, ge=0, description="How far from place_id it happened, in distance_unit ('20 kilometers away').")
    distance_unit: Optional[DistanceUnit] = Field(None, description="Unit of distance_value, as the text gives it.")
    distance_phrase: Optional[str] = Field(None, description="The words of the text the distance comes from.")
    direction: Optional[Direction] = Field(None, description="Direction from place_id in which it happened, where the text gives one ('north of').")
    agreement_id: Optional[str] = Field(
        None, pattern=AGREEMENT, description="Agreement the event concerns (an agreement reached, a clash said to break one), where the text ties them."
    )

    @model_validator(mode="after")
    def _subtype_fits(self) -> Event:
        parent = SUB_EVENT_TYPES[self.sub_event_type][0]
        if parent != self.event_type:
            raise ValueError(f"sub_event_type '{self.sub_event_type}' belongs to event_type '{parent}', not '{self.event_type}'")
        return self

    @model_validator(mode="after")
    def _distance(self) -> Event:
        given = (self.distance_value, self.distance_unit, self.distance_phrase)
        if any(v is not None for v in given) and any(v is None for v in given):
            raise ValueError("distance_value, distance_unit and distance_phrase go together: give all three or none")
        if (self.distance_value is not None or self.direction is not None) and self.place_id is None:
            raise ValueError("a distance or direction is measured from place_id: give the place")
        if self.origin_place_id is not None and self.origin_place_id == self.place_id:
            raise ValueError("origin_place_id is where fire came from; it equals place_id (where it landed): leave it empty")
        return self


class Casualty(Claim, Counted, Describes):
    """A reported casualty figure: a total, an increment or one incident or victim."""

    casualty_id: str = Field(pattern=r"^cas-[a-z0-9-]+$", description="Stable id of the casualty record, never reused.")
    claimant_id: str = Field(pattern=SLUG, description="Actor who asserts the figure.")
    party_id: Optional[str] = Field(None, pattern=SLUG, description="Side whose losses these are; null where the text does not say ('people').")
    population: Population = Field(description="Military, civilian or unknown.")
    outcome: Outcome = Field(description="Killed, wounded, missing, captured, displaced or affected (unspecified harm).")
    count_kind: CountKind = Field(description="Cumulative total, increment over a period, or single incident.")
    period_start: Optional[dt.date] = Field(None, description="Start of the period the figure covers (for a cumulative total, the start of counting).")
    period_end: Optional[dt.date] = Field(None, description="End of the period the figure covers (the 'as of' date).")
    event_id: Optional[str] = Field(None, pattern=r"^ev-[a-z0-9-]+$", description="Event in which the losses occurred, if coded.")
    person_name: Optional[str] = Field(None, description="Name of a named victim, as spelled in the source.")
    person_age: Optional[Age] = Field(None, description="Age of a named victim.")
    person_role: Optional[str] = Field(None, description="Occupation or role of a named victim.")

    @model_validator(mode="after")
    def _period(self) -> Casualty:
        if self.period_start and self.period_end and self.period_end < self.period_start:
            raise ValueError(f"period_end {self.period_end} is before period_start {self.period_start}")
        if self.count_kind == "cumulative" and self.period_start is None and self.date_basis != "undated":
            raise ValueError("a cumulative total needs period_start (the date counting began), unless the text dates nothing (date_basis 'undated')")
        return self


class Materiel(Claim, Counted, Describes):
    """A claimed loss of equipment: destroyed, shot down, intercepted or seized."""

    materiel_id: str = Field(pattern=r"^mat-[a-z0-9-]+$", description="Stable id of the materiel record, never reused.")
    claimant_id: str = Field(pattern=SLUG, description="Actor who asserts the loss.")
    party_id: Optional[str] = Field(None, pattern=SLUG, description="Side that lost the equipment.")
    equipment: str = Field(min_length=2, description="Equipment as named in the source ('T-72 tanks').")
    materiel_class: MaterielClass = Field(description="Class of equipment.")
    materiel_outcome: MaterielOutcome = Field(description="What happened to it.")
    event_id: Optional[str] = Field(None, pattern=r"^ev-[a-z0-9-]+$", description="Event in which it happened, if coded.")


class Participant(Strict):
    """One actor's part in a meeting."""

    actor_id: str = Field(pattern=SLUG, description="Participating actor.")
    role: ParticipantRole = Field("participant", description="Part the actor plays.")


class Meeting(Claim, Describes):
    """A meeting, call or planned talk, as reported."""

    meeting_id: str = Field(pattern=r"^mtg-[a-z0-9-]+$", description="Stable id of the meeting record, never reused.")
    claimant_id: str = Field(pattern=SLUG, description="Actor who reports or announces the meeting.")
    meeting_format: MeetingFormat = Field(description="In person, phone call, video call.")
    status: MeetingStatus = Field(description="Held, scheduled, expected, declined or cancelled.")
    mediator_id: Optional[str] = Field(None, pattern=SLUG, description="Mediator or host who brings the parties together.")
    topic: Optional[str] = Field(None, description="What the meeting was about, as reported.")
    outcome: Optional[str] = Field(None, description="What came of it, as reported.")
    participants: list[Participant] = Field(min_length=1, description="Participants; stored in the meeting_participants table.")
    agreement_id: Optional[str] = Field(None, pattern=AGREEMENT, description="Agreement the meeting negotiated or reached, where the text ties them.")

    @field_validator("participants")
    @classmethod
    def _participants_once(cls, v: list[Participant]) -> list[Participant]:
        seen = set()
        for part in v:
            if (part.actor_id, part.role) in seen:
                raise ValueError(f"participant '{part.actor_id}' ({part.role}) is listed twice")
            seen.add((part.actor_id, part.role))
        return v


class Territory(Claim, Describes):
    """A fact about a place: area, status, control, population, contact line, troops."""

    territory_id: str = Field(pattern=r"^ter-[a-z0-9-]+$", description="Stable id of the territory record, never reused.")
    claimant_id: str = Field(pattern=SLUG, description="Actor who asserts the fact.")
    attribute: TerritoryAttribute = Field(description="Which attribute of the place.")
    value_num: Optional[float] = Field(None, description="Numeric value (see unit).")
    value_text: Optional[str] = Field(None, description="Textual value (a status, who controls it).")
    unit: Optional[str] = Field(None, description="Unit of value_num: km2, km, percent, persons, soldiers, districts.")
    value_qualifier: Optional[CountQualifier] = Field(None, description="How the text qualifies value_num.")
    reference_place_id: Optional[str] = Field(None, pattern=SLUG, description="For a share: the place whose territory it is a share of.")
    party_id: Optional[str] = Field(None, pattern=SLUG, description="Actor the fact concerns (whose troops, who controls).")

    @model_validator(mode="after")
    def _has_value(self) -> Territory:
        if self.value_num is None and self.value_text is None:
            raise ValueError("give value_num or value_text")
        if self.value_num is not None and not self.unit:
            raise ValueError("value_num needs a unit")
        return self


class Statement(Claim, Describes):
    """A position, demand, appeal or assessment: who said what."""

    statement_id: str = Field(pattern=r"^st-[a-z0-9-]+$", description="Stable id of the statement record, never reused.")
    claimant_id: str = Field(pattern=SLUG, description="Actor who makes the statement.")
    statement_type: StatementType = Field(description="Kind of statement.")
    subject_id: Optional[str] = Field(None, pattern=SLUG, description="Actor the statement is about or addressed to.")
    summary: str = Field(min_length=5, description="One-sentence neutral summary.")
    agreement_id: Optional[str] = Field(None, pattern=AGREEMENT, description="Agreement the statement is about (a call to respect it, a position on it).")


class Agreement(Claim, Describes):
    """A ceasefire, truce or other agreement, agreed or planned, as reported (codebook section 20).

    The claim's dates are when it was agreed (for a planned one, when it was
    reported as planned); effective_* are when it takes effect. Claims that it
    was violated or collapsed are rows of the violations table.
    """

    agreement_id: str = Field(pattern=AGREEMENT, description="Stable id of the agreement record, never reused.")
    claimant_id: str = Field(pattern=SLUG, description="Actor who reports or announces the agreement.")
    agreement_kind: AgreementKind = Field(description="Ceasefire, humanitarian truce, settlement or other.")
    status: AgreementStatus = Field(description="Agreed, or planned (negotiated, proposed, expected).")
    description: str = Field(min_length=5, description="One-sentence neutral description of the agreement as reported.")
    party1_id: Optional[str] = Field(None, pattern=SLUG, description="One party bound by the agreement, where the text names it.")
    party2_id: Optional[str] = Field(None, pattern=SLUG, description="The other party.")
    broker_id: Optional[str] = Field(
        None, pattern=SLUG, description="Broker or mediator who brought it about ('Russian-brokered'); a group of brokers is one group actor."
    )
    guarantor_id: Optional[str] = Field(None, pattern=SLUG, description="Guarantor of the agreement, where the text names one.")
    terms: list[AgreementTerm] = Field(
        default_factory=list,
        description="What the parties agree to, each one of: "
        + ", ".join(AGREEMENT_TERMS)
        + " (defined in karabakh_data.schema.vocabularies.AGREEMENT_TERMS); empty when the text gives no terms.",
    )
    terms_phrase: Optional[str] = Field(
        None, description="The words of the text the terms come from ('an exchange of prisoners and of the bodies of the dead')."
    )
    effective_date: Optional[dt.date] = Field(None, description="Day the agreement takes effect, where the text gives it.")
    effective_time: Optional[str] = Field(None, pattern=TIME, description="Time of day it takes effect (HH:MM), where the text gives it ('from 12:00').")
    effective_time_zone: Optional[str] = Field(None, min_length=2, description="Time zone of effective_time as the text gives it ('local time').")
    effective_phrase: Optional[str] = Field(None, description="The words of the text effective_date and effective_time come from.")

    @model_validator(mode="after")
    def _agreement(self) -> Agreement:
        if self.effective_time is not None and self.effective_date is None:
            raise ValueError("effective_time needs effective_date")
        if self.effective_time_zone is not None and self.effective_time is None:
            raise ValueError("effective_time_zone needs effective_time")
        if (self.effective_date is not None) != bool(self.effective_phrase):
            raise ValueError("effective_date and effective_phrase go together: the words the date comes from")
        if self.terms and not self.terms_phrase:
            raise ValueError("terms need the terms_phrase they come from")
        if len(set(self.terms)) != len(self.terms):
            raise ValueError("a term is listed twice")
        if self.party1_id is not None and self.party1_id == self.party2_id:
            raise ValueError(f"party1_id and party2_id are the same actor ('{self.party1_id}')")
        return self


class Violation(Claim, Describes):
    """A claim that an agreement was violated or collapsed: who accuses whom, of breaking which agreement."""

    violation_id: str = Field(pattern=r"^vio-[a-z0-9-]+$", description="Stable id of the violation record, never reused.")
    claimant_id: str = Field(pattern=SLUG, description="Actor who makes the claim: the accuser.")
    agreement_id: str = Field(pattern=AGREEMENT, description="Agreement said to be violated or to have collapsed.")
    violation_kind: ViolationKind = Field(description="A violation (an act breaking it) or its collapse.")
    accused_id: Optional[str] = Field(None, pattern=SLUG, description="Actor said to have broken it; null where the text blames no one.")
    event_id: Optional[str] = Field(None, pattern=r"^ev-[a-z0-9-]+$", description="Event said to be the violation, if coded.")
    description: str = Field(min_length=5, description="One-sentence neutral description of the claim.")

    @model_validator(mode="after")
    def _accuser_not_accused(self) -> Violation:
        if self.accused_id is not None and self.accused_id == self.claimant_id:
            raise ValueError("a claimant accusing itself: check claimant_id and accused_id")
        return self


class Dispute(Claim):
    """A denial or contradiction of another record: claims against claims."""

    dispute_id: str = Field(pattern=r"^dis-[a-z0-9-]+$", description="Stable id of the dispute record, never reused.")
    record_id: str = Field(description="Id of the disputed record (any claim table).")
    disputed_by_id: str = Field(pattern=SLUG, description="Actor who denies or contradicts the record.")
    kind: DisputeKind = Field(description="Denial, contradiction or conflicting figure, date or name.")
    other_record_id: Optional[str] = Field(None, description="The record that gives the conflicting value, for conflicting_* kinds.")

    @model_validator(mode="after")
    def _not_self(self) -> Dispute:
        if self.kind != "denial" and self.other_record_id is None:
            raise ValueError(f"a dispute of kind '{self.kind}' needs other_record_id: the record on the other side")
        if self.record_id == self.dispute_id or self.other_record_id == self.dispute_id:
            raise ValueError(f"a dispute cannot point at itself ('{self.dispute_id}')")
        if self.record_id == self.other_record_id:
            raise ValueError(f"record_id and other_record_id are the same record ('{self.record_id}'); a conflict needs two records")
        return self


class MeetingParticipant(BaseModel):
    """One row per actor per meeting (the meeting_participants table, from each meeting's participants)."""

    meeting_id: str = Field(description="Meeting the actor takes part in.")
    actor_id: str = Field(description="Participating actor.")
    role: ParticipantRole = Field(description="Part the actor plays (participant, host, mediator, absent).")


class RecordsFile(Strict):
    """One raw/records/*.yaml file: a source document and every record coded from it."""

    source: Source
    events: list[Event] = Field(default_factory=list)
    casualties: list[Casualty] = Field(default_factory=list)
    materiel: list[Materiel] = Field(default_factory=list)
    meetings: list[Meeting] = Field(default_factory=list)
    territory: list[Territory] = Field(default_factory=list)
    statements: list[Statement] = Field(default_factory=list)
    agreements: list[Agreement] = Field(default_factory=list)
    violations: list[Violation] = Field(default_factory=list)
    disputes: list[Dispute] = Field(default_factory=list)


class ActorsFile(Strict):
    """raw/actors.yaml."""

    actors: list[Actor]


class PlacesFile(Strict):
    """raw/places.yaml."""

    places: list[Place]


class IncidentsFile(Strict):
    """raw/incidents.yaml."""

    incidents: list[Incident]
