"""The controlled vocabularies: each maps a value to its definition.

The Literal types built from them type the models' fields (models.py), so
the definitions reach the data dictionary and the allowed values the
Arrow schema, the Pandera checks and the JSON Schema. VAGUE_BOUNDS is the
codebook's rule table for vague quantities (section 8.1), enforced by the
models.
"""

from __future__ import annotations

from typing import Literal

ACTOR_TYPES = {
    "state": "A sovereign state, or a de facto state.",
    "government_body": "A ministry, office or other organ of a state.",
    "armed_force": "An army, militia or other armed group.",
    "person": "A named individual.",
    "international_organisation": "An intergovernmental body or its group.",
    "media": "A news organisation, agency or a journalist's outlet.",
    "group": "An unnamed or collective group (local media, residents).",
    "unattributed": "No claimant is named by the text ('it was announced').",
}
PLACE_TYPES = {
    "country": "A sovereign state's territory.",
    "region": "A region, territory or historical area.",
    "district": "An administrative district (rayon).",
    "city": "A city or town.",
    "village": "A village or hamlet.",
    "building": "A named building or site.",
    "front_sector": "A sector of the front named by a military.",
    "feature": "A geographic feature (a basin, a corridor, a line).",
}
COORD_PRECISIONS = {
    "point": "The coordinates mark the place itself (within about 1 km).",
    "approximate": "The coordinates are approximate (within about 10 km).",
    "centroid": "The coordinates are the rough centre of a larger area.",
}
DATE_PRECISIONS = {
    "day": "date_start and date_end are the same known day.",
    "days": "The date lies between date_start and date_end, a few days apart.",
    "month": "Only the month is known; date_start/date_end bound it.",
    "year": "Only the year is known; date_start/date_end bound it.",
    "years": "A span of years ('early 1990s', 'since 2003').",
    "range": "The fact happened at some time between date_start and date_end, more than "
    "a few days apart: an honest bound, not an estimate (an undated happening bounded "
    "by the war's start and the claim date).",
    "unknown": "The text gives no date; date_start and date_end are null.",
}
DATE_BASES = {
    "explicit": "The date is stated in the text ('October 24').",
    "relative": "Resolved from a relative phrase ('Friday', 'today', 'in the "
    "last 24 hours') against the source's publication date; the phrase is in "
    "date_phrase.",
    "inferred": "Inferred from context (a related dated event, 'a day after'); the reasoning is in note.",
    "bounded_by_claim": "The text does not date the fact; it happened on or before "
    "the claim: date_end is the claim date, date_start the earliest day the text "
    "allows (27 September 2020 for a happening of the war). A state of affairs "
    "asserted for the day of the report is dated to that day.",
    "undated": "No date can be established.",
}
EVENT_TYPES = {
    "battles": "A violent interaction between two organised armed groups.",
    "explosions_remote_violence": "Violence by explosives or remote weapons (artillery, missiles, air strikes) where the attacker is not present.",
    "violence_against_civilians": "Violence by an organised armed group deliberately against unarmed non-combatants.",
    "protests": "A public demonstration against an authority.",
    "riots": "A violent demonstration or mob violence.",
    "strategic_developments": "A non-violent or contextual development "
    "(seizures, interceptions, shoot-downs claimed without fighting detail, "
    "accreditation withdrawals, agreements).",
}
SUB_EVENT_TYPES = {
    "armed_clash": ("battles", "Armed groups fight each other."),
    "government_regains_territory": ("battles", "A state force retakes territory."),
    "non_state_actor_overtakes_territory": ("battles", "A non-state group takes territory."),
    "air_drone_strike": ("explosions_remote_violence", "An air or drone strike."),
    "shelling_artillery_missile_attack": (
        "explosions_remote_violence",
        "Artillery, rocket or missile fire.",
    ),
    "remote_explosive": ("explosions_remote_violence", "A mine, IED or other remote explosive."),
    "attack": ("violence_against_civilians", "An armed attack on civilians."),
    "abduction": ("violence_against_civilians", "An abduction or forced disappearance."),
    "peaceful_protest": ("protests", "A demonstration without intervention."),
    "violent_demonstration": ("riots", "A demonstration that turns violent."),
    "disrupted_weapons_use": (
        "strategic_developments",
        "An interception, a shoot-down or a seizure of weapons that stops their use.",
    ),
    "looting_property_destruction": ("strategic_developments", "Seizure or destruction of property."),
    "change_to_group_activity": (
        "strategic_developments",
        "A change in an actor's activity or policy (a revoked accreditation, a deployment).",
    ),
    "agreement": ("strategic_developments", "An agreement between actors (a ceasefire)."),
    "other": ("strategic_developments", "Another strategic development."),
}
POPULATIONS = {
    "military": "Soldiers, militia and other combatants.",
    "civilian": "Non-combatants.",
    "unknown": "The text does not say ('people').",
}
OUTCOMES = {
    "killed": "Killed or died.",
    "wounded": "Wounded or injured, alive when reported.",
    "missing": "Missing: whereabouts unknown, neither reported dead nor captured.",
    "captured": "Captured or taken prisoner (a prisoner of war, a detained civilian).",
    "displaced": "Forced to leave their homes: refugees abroad and people displaced within their country (codebook 8.3).",
    "affected": "Harmed in a way the text does not specify ('victims', with no word of how): never added to killed or wounded.",
}
COUNT_KINDS = {
    "cumulative": "A running total since a start date (period_start).",
    "increment": "The losses of a period ('in the last 24 hours').",
    "incident": "The losses of one incident or one named victim.",
    "unreported": "Losses a claimant says another's figure leaves out ('hundreds ... were hiding'): never a total, never added to one.",
}
COUNT_QUALIFIERS = {
    "exact": "The text gives the figure as exact ('26 more soldiers').",
    "at_least": "'At least N': count_low = count_best = N.",
    "more_than": "'More than N': count_low = count_best = N.",
    "about": "'About N', 'some N': count_best = N, no bounds.",
    "up_to": "'Up to N': count_high = count_best = N.",
    "range": "'Between A and B': count_low = A, count_high = B.",
    "vague": "A vague quantity ('hundreds', 'dozens'): count_best is empty and "
    "count_low/count_high are the bounds VAGUE_BOUNDS gives the words in count_phrase.",
    "unspecified": "A loss is reported without a figure ('many').",
}
VAGUE_BOUNDS = {
    "several": (3, 9),
    "dozens": (24, 99),
    "hundreds": (200, 999),
    "thousands": (2000, 9999),
}
"""count_low and count_high of a vague quantity, by the words of the text (codebook 8.1).
In the spirit of UCDP's low estimate: the least the words can mean ('hundreds' is at
least two hundred), and the most before the next word would be used."""
MATERIEL_CLASSES = {
    "aircraft": "Fixed-wing or rotary aircraft.",
    "drone": "Unmanned aerial vehicle.",
    "tank": "Main battle tank.",
    "armoured_vehicle": "Armoured personnel carrier or fighting vehicle.",
    "rocket_artillery": "Multiple rocket launcher (Grad, Smerch).",
    "artillery": "Tube artillery.",
    "missile": "Ballistic or cruise missile.",
    "vehicle": "Unarmoured vehicle or convoy.",
    "other": "Other equipment.",
}
MATERIEL_OUTCOMES = {
    "destroyed": "Destroyed.",
    "shot_down": "Shot down in the air.",
    "intercepted": "A missile or rocket intercepted in flight.",
    "seized": "Captured intact by the other side.",
    "damaged": "Damaged.",
}
MEETING_FORMATS = {
    "in_person": "Participants met face to face.",
    "phone_call": "A telephone conversation.",
    "video_call": "A video conference.",
    "unknown": "The text does not say.",
}
MEETING_STATUSES = {
    "held": "The meeting took place.",
    "scheduled": "The meeting was fixed for a date after the report.",
    "expected": "The meeting was expected to take place (not yet confirmed held).",
    "declined": "A party refused to attend.",
    "cancelled": "The meeting was called off.",
}
PARTICIPANT_ROLES = {
    "participant": "Takes part.",
    "host": "Hosts or invites.",
    "mediator": "Mediates between the parties.",
    "absent": "Expected or invited but not attending.",
}
TERRITORY_ATTRIBUTES = {
    "area": "Surface area.",
    "share_of_territory": "Share of another place's territory (reference_place_id).",
    "status": "Legal or political status (autonomy, recognition).",
    "control": "Who controls or occupies the place.",
    "population": "Number of inhabitants.",
    "population_change": "Change in a population.",
    "contact_line_length": "Length of the line of contact.",
    "troops_deployed": "Troops deployed (party_id says whose).",
    "referendum": "A referendum held on the place's status.",
    "independence_declaration": "A declaration of independence.",
    "annexation_demand": "A demand to join another state.",
    "recognition": "Recognition of the place by states or bodies.",
}
STATEMENT_TYPES = {
    "position": "A stated position or view.",
    "demand": "A demand made of another party.",
    "appeal": "A call to end violence or negotiate.",
    "commitment": "A stated readiness or commitment.",
    "accusation": "An accusation against another party.",
    "assessment": "A journalist's or analyst's assessment.",
    "announcement": "An announcement of a fact or decision.",
}
DISPUTE_KINDS = {
    "denial": "The disputing party says the claim is false.",
    "contradiction": "The disputing party asserts something incompatible.",
    "conflicting_figure": "Another record gives a different figure for the same quantity.",
    "conflicting_date": "Another record gives a different date for the same fact.",
    "conflicting_name": "Another record gives a different name or spelling.",
    "incomplete_figure": "The disputing party says a figure leaves out losses (it 'hides' deaths).",
    "competing_explanation": "Another reason is given for the same action or happening.",
    "internal_inconsistency": "One document says two incompatible things (its lead against its body).",
    "opposing_positions": "The parties state opposing positions on the same question.",
}
INCIDENT_KINDS = {
    "strike": "A missile, rocket, artillery, air or drone strike.",
    "clash": "Fighting between forces.",
    "death": "The death or wounding of one named person or one group in one happening.",
    "seizure": "Equipment or territory captured.",
    "interception": "A missile, drone or aircraft intercepted or shot down.",
    "destruction": "Equipment destroyed.",
    "meeting": "A meeting in person.",
    "call": "A phone or video call.",
    "agreement": "A ceasefire or other agreement reached.",
    "collapse": "An agreement broken or collapsed.",
    "expulsion": "An accreditation withdrawn, a journalist expelled.",
    "other": "Another countable happening (a historical act, a conversation of unknown format).",
}
INCIDENT_BASES = {
    "single_claim": "The only claim of this happening in the data.",
    "same_place_time_actors": "Same place, time window and actors as the incident's other claims.",
    "same_named_person": "Names the same victim or person.",
    "text_says_same": "The text itself ties them (the lead restating the body, 'the same', a cross-reference).",
}
PARTS_OF_DAY = {
    "night": "Night: from dusk to dawn, roughly 21:00 to 05:00 ('overnight', 'at night').",
    "morning": "Morning: roughly 05:00 to 12:00 ('in the morning', 'at dawn').",
    "afternoon": "Afternoon: roughly 12:00 to 17:00 ('in the afternoon').",
    "evening": "Evening: roughly 17:00 to 21:00 ('in the evening').",
}
PART_OF_DAY_STARTS = (("night", "00:00"), ("morning", "05:00"), ("afternoon", "12:00"), ("evening", "17:00"), ("night", "21:00"))
"""The hour each part of the day starts (PARTS_OF_DAY): a time_start must fall in the part_of_day given with it."""


def part_of_day(hhmm: str) -> str:
    """The part of the day a clock time (HH:MM) falls in, by PART_OF_DAY_STARTS."""
    return [name for name, start in PART_OF_DAY_STARTS if start <= hhmm][-1]


DISTANCE_UNITS = {
    "km": "Kilometres.",
    "m": "Metres.",
    "mi": "Miles.",
}
DIRECTIONS = {
    "north": "North of the place.",
    "north_east": "North-east of the place.",
    "east": "East of the place.",
    "south_east": "South-east of the place.",
    "south": "South of the place.",
    "south_west": "South-west of the place.",
    "west": "West of the place.",
    "north_west": "North-west of the place.",
}
AGREEMENT_KINDS = {
    "ceasefire": "A ceasefire: the parties stop fighting, on a front or everywhere.",
    "humanitarian_truce": "A truce for a humanitarian purpose (an exchange, an evacuation), often time-limited.",
    "settlement": "A settlement of the conflict or of one of its questions (status, territory, return).",
    "other": "Another agreement between the parties.",
}
AGREEMENT_STATUSES = {
    "agreed": "The text says the parties agreed it (it may since have collapsed: see the violations table).",
    "planned": "Being negotiated, proposed or expected; the text does not say it was agreed ('work on a new cease-fire deal would continue').",
}
AGREEMENT_TERMS = {
    "cessation_of_hostilities": "The parties stop firing.",
    "humanitarian": "A humanitarian purpose in general (the text gives no more).",
    "exchange_of_prisoners": "Prisoners of war or detainees are exchanged.",
    "exchange_of_bodies": "The bodies of the dead are exchanged or returned.",
    "monitoring": "The ceasefire is monitored (observers, a verification mechanism).",
    "negotiations": "The parties enter or resume negotiations.",
    "peacekeepers": "Peacekeepers are deployed.",
    "withdrawal": "Forces withdraw or territory is returned.",
    "status_vote": "A vote on the status of a territory.",
    "security_guarantees": "Guarantees of the security of a population or a route.",
    "other": "Another term (in terms_phrase).",
}
VIOLATION_KINDS = {
    "violation": "The agreement was broken by an act (fire opened, an attack) while it stood.",
    "collapse": "The agreement ceased to hold altogether ('collapsed soon after being agreed upon').",
}
CLAIM_DATE_BASES = {
    "text": "The text dates the claim itself ('told reporters on Friday').",
    "publication": "The source's publication date: the claim was first reported then.",
}
LANGUAGES = {"en": "English"}


def _lit(vocab: dict) -> object:
    return Literal[tuple(vocab)]  # type: ignore[valid-type]


ActorType = _lit(ACTOR_TYPES)
PlaceType = _lit(PLACE_TYPES)
CoordPrecision = _lit(COORD_PRECISIONS)
DatePrecision = _lit(DATE_PRECISIONS)
DateBasis = _lit(DATE_BASES)
EventType = _lit(EVENT_TYPES)
SubEventType = _lit(SUB_EVENT_TYPES)
Population = _lit(POPULATIONS)
Outcome = _lit(OUTCOMES)
CountKind = _lit(COUNT_KINDS)
CountQualifier = _lit(COUNT_QUALIFIERS)
MaterielClass = _lit(MATERIEL_CLASSES)
MaterielOutcome = _lit(MATERIEL_OUTCOMES)
MeetingFormat = _lit(MEETING_FORMATS)
MeetingStatus = _lit(MEETING_STATUSES)
ParticipantRole = _lit(PARTICIPANT_ROLES)
TerritoryAttribute = _lit(TERRITORY_ATTRIBUTES)
StatementType = _lit(STATEMENT_TYPES)
DisputeKind = _lit(DISPUTE_KINDS)
IncidentKind = _lit(INCIDENT_KINDS)
IncidentBasis = _lit(INCIDENT_BASES)
ClaimDateBasis = _lit(CLAIM_DATE_BASES)
PartOfDay = _lit(PARTS_OF_DAY)
DistanceUnit = _lit(DISTANCE_UNITS)
Direction = _lit(DIRECTIONS)
AgreementKind = _lit(AGREEMENT_KINDS)
AgreementStatus = _lit(AGREEMENT_STATUSES)
AgreementTerm = _lit(AGREEMENT_TERMS)
ViolationKind = _lit(VIOLATION_KINDS)
Language = _lit(LANGUAGES)


# Vocabulary values by meaning: what a coder may type for the value the schema calls it. A mistyped value is matched
# by meaning before spelling: "injured" is close in spelling to "captured" but means "wounded" (build/ingest.py,
# build/feedback.py).
SYNONYMS = {
    "injured": "wounded", "hurt": "wounded", "wounds": "wounded",
    "dead": "killed", "died": "killed", "death": "killed", "deaths": "killed", "fatalities": "killed",
    "disappeared": "missing", "lost": "missing",
    "detained": "captured", "prisoner": "captured", "prisoners": "captured", "taken_prisoner": "captured", "kidnapped": "captured",
    "soldiers": "military", "troops": "military", "army": "military", "civilians": "civilian", "people": "unknown",
    "telephone": "phone_call", "phone": "phone_call", "call": "phone_call", "in-person": "in_person", "face_to_face": "in_person",
    "planned": "scheduled", "occurred": "held", "took_place": "held", "canceled": "cancelled",
    "denied": "denial", "contradicts": "contradiction",
    "approximately": "about", "around": "about", "some": "about", "over": "more_than", "at_most": "up_to",
    "stated": "explicit", "reported": "explicit",
}  # fmt: skip
"""A value a coder may type for the vocabulary value it means."""


def meaning(given: str, allowed: list[str]) -> str | None:
    """The vocabulary value a mistyped one means, by the synonym table (None if it has none)."""
    target = SYNONYMS.get(str(given).strip().lower().replace(" ", "_"))
    return target if target in allowed and target != given else None
