"""Synthetic corpus generator: a raw/-shaped tree of N records over D documents.

    python benchmarks/generate.py OUT_DIR --records 100000 --docs 1000 [--seed 0]

writes OUT_DIR/raw/ with
  sources/NNNNN_<hash>.txt        a synthetic news text per document, one
                                  unique sentence per record (plus a headline
                                  and filler sentences);
  sources/NNNNN_<hash>.exclusions.yaml   for some documents, the filler
                                  sentences listed as excluded;
  records/src-NNNNN.yaml          the hand-coding format: a source block whose
                                  sha256 matches the text, then the records;
  actors.yaml, places.yaml        synthetic reference tables;
  retired_ids.yaml                a few retired ids (never used by a record).

Everything is deterministic from the seed (same arguments, same bytes). Every
record is valid by the real Pydantic models, every quote occurs exactly once
in its text, and every reference (actors, places, events, disputed records)
resolves, so the corpus builds. The YAML is written the way coders write it
(block mappings, folded >- scalars for long text, flow lists for aliases).

Proportions across tables (by record) follow ACLED-style event data with the
statement-heavy coding of the real sources; see SHARES. Meetings carry 2-4
participants each, so meeting_participants has about 3 rows per meeting.
"""

from __future__ import annotations

import argparse
import datetime as dt
import hashlib
import json
import random
import re
import sys
from pathlib import Path

SHARES = {
    "events": 0.30,
    "casualties": 0.15,
    "materiel": 0.10,
    "meetings": 0.06,
    "territory": 0.09,
    "statements": 0.25,
    "disputes": 0.05,
}
WAR_START = dt.date(2020, 9, 27)
WAR_END = dt.date(2020, 11, 10)

SUB_EVENTS = {
    "armed_clash": "battles",
    "government_regains_territory": "battles",
    "air_drone_strike": "explosions_remote_violence",
    "shelling_artillery_missile_attack": "explosions_remote_violence",
    "remote_explosive": "explosions_remote_violence",
    "attack": "violence_against_civilians",
    "disrupted_weapons_use": "strategic_developments",
    "looting_property_destruction": "strategic_developments",
    "change_to_group_activity": "strategic_developments",
    "agreement": "strategic_developments",
    "peaceful_protest": "protests",
}
EVENT_VERBS = {
    "armed_clash": "clashed with",
    "government_regains_territory": "retook positions from",
    "air_drone_strike": "carried out a drone strike on",
    "shelling_artillery_missile_attack": "shelled positions of",
    "remote_explosive": "detonated a mine against",
    "attack": "attacked civilians held by",
    "disrupted_weapons_use": "shot down a drone launched by",
    "looting_property_destruction": "destroyed depots of",
    "change_to_group_activity": "redeployed units facing",
    "agreement": "agreed a local truce with",
    "peaceful_protest": "protested against",
}
MATERIEL = {
    "tank": ["T-72 tanks", "T-90 tanks", "tanks"],
    "armoured_vehicle": ["BMP-2 fighting vehicles", "armoured personnel carriers"],
    "rocket_artillery": ["Grad launchers", "Smerch launchers"],
    "artillery": ["howitzers", "D-30 guns", "artillery pieces"],
    "drone": ["Bayraktar TB2 drones", "Orbiter drones", "reconnaissance drones"],
    "aircraft": ["Su-25 aircraft", "helicopters"],
    "missile": ["Scud missiles", "Tochka-U missiles"],
    "vehicle": ["military trucks", "fuel trucks"],
    "other": ["radar stations", "air defence systems"],
}
MATERIEL_OUTCOMES = {"destroyed": "destroyed", "shot_down": "shot down", "intercepted": "intercepted", "seized": "seized", "damaged": "damaged"}
TERRITORY = {
    "area": ("km2", "covers"),
    "population": ("persons", "has a population of"),
    "troops_deployed": ("soldiers", "hosts"),
    "contact_line_length": ("km", "has a contact line of"),
    "share_of_territory": ("percent", "makes up"),
}
TERRITORY_TEXT = {
    "control": "is controlled by",
    "status": "has the status of",
    "recognition": "is recognised by",
}
STATEMENT_TYPES = ["position", "demand", "appeal", "commitment", "accusation", "assessment", "announcement"]
STATEMENT_VERBS = {
    "position": "said it was committed to",
    "demand": "demanded an end to",
    "appeal": "called for restraint over",
    "commitment": "pledged to respect",
    "accusation": "accused the other side of breaking",
    "assessment": "described as fragile",
    "announcement": "announced new measures on",
}
TOPICS = [
    "the humanitarian cease-fire",
    "the exchange of bodies",
    "the Minsk Group talks",
    "the return of prisoners",
    "the protection of civilians",
    "the monitoring mission",
    "the corridor to the region",
    "the safety of journalists",
]
DISPUTE_KINDS = ["denial", "denial", "denial", "contradiction", "conflicting_figure", "conflicting_date"]
SYLLABLES = ["ar", "ba", "da", "gar", "han", "ka", "lan", "mar", "nar", "ra", "sa", "tal", "var", "yer", "zan", "sha", "go", "ri", "lu", "be"]
FIRST = [
    "Ali",
    "Anar",
    "Armen",
    "Aram",
    "David",
    "Elmar",
    "Gevorg",
    "Hikmet",
    "Ilham",
    "Karen",
    "Leyla",
    "Mariam",
    "Narek",
    "Orkhan",
    "Ruben",
    "Samir",
    "Tigran",
    "Vugar",
    "Zaur",
    "Anna",
]
_PLAIN = re.compile(r"^[A-Za-z][^:#\n\"'\\]*[^\s:]$")
_SPECIAL = {"yes", "no", "true", "false", "on", "off", "null", "y", "n"}


# --- YAML writing ------------------------------------------------------------------


def _wrap(text: str, indent: int, width: int = 78) -> list[str]:
    lines, cur = [], ""
    for word in text.split(" "):
        if cur and indent + len(cur) + 1 + len(word) > width:
            lines.append(cur)
            cur = word
        else:
            cur = f"{cur} {word}" if cur else word
    lines.append(cur)
    return [" " * indent + line for line in lines]


def _scalar(value: object, indent: int, key_len: int) -> list[str] | str:
    """YAML text of a value: plain where safe, folded >- when long, else quoted."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float, dt.date)):
        return str(value)
    s = str(value)
    if indent + key_len + 2 + len(s) > 78 and "  " not in s and s == s.strip():
        return _wrap(s, indent + 2)
    if _PLAIN.match(s) and s.lower() not in _SPECIAL and ": " not in s and " #" not in s:
        return s
    return json.dumps(s, ensure_ascii=False)


def _mapping(rec: dict, indent: int, first_prefix: str = "") -> list[str]:
    out = []
    pad = " " * indent
    for i, (key, value) in enumerate(rec.items()):
        lead = (first_prefix if i == 0 else " " * len(first_prefix)) if first_prefix else ""
        at = pad + lead
        if isinstance(value, list) and value and isinstance(value[0], dict):
            out.append(f"{at}{key}:")
            for item in value:
                out += _mapping(item, len(at) + 2, "- ")
            continue
        if isinstance(value, list):
            out.append(
                f"{at}{key}: ["
                + ", ".join(
                    v if _PLAIN.match(v) and v.lower() not in _SPECIAL and not re.search(r"[,\\[\\]{}]", v) else json.dumps(v, ensure_ascii=False)
                    for v in value
                )
                + "]"
            )
            continue
        s = _scalar(value, len(at), len(key))
        if isinstance(s, list):
            out.append(f"{at}{key}: >-")
            out += s
        else:
            out.append(f"{at}{key}: {s}")
    return out


# --- reference tables ----------------------------------------------------------------------


def _name(rng: random.Random) -> str:
    return "".join(rng.choice(SYLLABLES) for _ in range(rng.randint(2, 3))).capitalize()


def make_actors(rng: random.Random, n_people: int) -> list[dict]:
    actors = []
    states = [
        ("azerbaijan", "Azerbaijan", "AZE"),
        ("armenia", "Armenia", "ARM"),
        ("russia", "Russia", "RUS"),
        ("turkey", "Turkey", "TUR"),
        ("france", "France", "FRA"),
        ("united-states", "United States", "USA"),
        ("iran", "Iran", "IRN"),
    ]
    for sid, name, iso in states:
        actors.append({"actor_id": sid, "name": name, "actor_type": "state", "country": iso, "aliases": [name]})
        actors.append(
            {
                "actor_id": f"{sid}-mod",
                "name": f"Ministry of Defence of {name}",
                "actor_type": "government_body",
                "country": iso,
                "parent_id": sid,
                "aliases": [f"{name} Defence Ministry", f"{name} Defense Ministry"],
            }
        )
        actors.append(
            {
                "actor_id": f"{sid}-mfa",
                "name": f"Ministry of Foreign Affairs of {name}",
                "actor_type": "government_body",
                "country": iso,
                "parent_id": sid,
                "aliases": [f"{name} Foreign Ministry"],
            }
        )
    actors.append(
        {
            "actor_id": "nagorno-karabakh-republic",
            "name": "Nagorno-Karabakh Republic",
            "actor_type": "state",
            "role": "De facto state declared in 1991",
            "aliases": ["Nagorno-Karabakh Republic", "Artsakh"],
        }
    )
    for fid, name, iso, parent in [
        ("azerbaijani-forces", "Azerbaijani Armed Forces", "AZE", "azerbaijan"),
        ("armenian-forces", "Armenian Armed Forces", "ARM", "armenia"),
        ("artsakh-defence-army", "Artsakh Defence Army", None, "nagorno-karabakh-republic"),
    ]:
        actors.append({"actor_id": fid, "name": name, "actor_type": "armed_force", "country": iso, "parent_id": parent, "aliases": [name]})
    for oid, name in [("osce-minsk-group", "OSCE Minsk Group"), ("icrc", "International Committee of the Red Cross"), ("united-nations", "United Nations")]:
        actors.append({"actor_id": oid, "name": name, "actor_type": "international_organisation", "aliases": [name]})
    actors.append({"actor_id": "source-author", "name": "Author of the source", "actor_type": "unattributed", "aliases": []})
    actors.append({"actor_id": "unattributed", "name": "Unattributed", "actor_type": "unattributed", "aliases": []})
    for i in range(40):
        name = f"{_name(rng)} News"
        actors.append({"actor_id": f"media-{i:03d}", "name": name, "actor_type": "media", "aliases": [name, name.upper()]})
    parents = [a["actor_id"] for a in actors if a["actor_type"] == "government_body"]
    for i in range(n_people):
        first, last = rng.choice(FIRST), _name(rng) + rng.choice(["yan", "ov", "li", "ian", "zade"])
        person = {
            "actor_id": f"person-{i:04d}",
            "name": f"{first} {last}",
            "actor_type": "person",
            "role": rng.choice(["spokesperson", "minister", "commander", "deputy minister", "adviser"]),
            "parent_id": rng.choice(parents),
            "aliases": [f"{first} {last}", last],
        }
        if rng.random() < 0.1:
            person["note"] = "Spelling varies across the sources; both forms kept as aliases."
        actors.append(person)
    return actors


def make_places(rng: random.Random, n_places: int) -> list[dict]:
    places = [
        {
            "place_id": "azerbaijan",
            "name": "Azerbaijan",
            "place_type": "country",
            "country": "AZE",
            "latitude": 40.3,
            "longitude": 47.7,
            "coord_precision": "centroid",
            "aliases": ["Azerbaijan"],
        },
        {
            "place_id": "armenia",
            "name": "Armenia",
            "place_type": "country",
            "country": "ARM",
            "latitude": 40.1,
            "longitude": 45.0,
            "coord_precision": "centroid",
            "aliases": ["Armenia"],
        },
        {
            "place_id": "nagorno-karabakh",
            "name": "Nagorno-Karabakh",
            "place_type": "region",
            "country": "AZE",
            "parent_id": "azerbaijan",
            "latitude": 39.82,
            "longitude": 46.75,
            "coord_precision": "centroid",
            "aliases": ["Nagorno-Karabakh", "Karabakh"],
        },
    ]
    districts = []
    for i in range(max(4, n_places // 20)):
        name = _name(rng)
        pid = f"district-{i:03d}"
        districts.append(pid)
        places.append(
            {
                "place_id": pid,
                "name": f"{name} District",
                "place_type": "district",
                "country": "AZE",
                "parent_id": "nagorno-karabakh",
                "latitude": round(rng.uniform(39.0, 40.6), 3),
                "longitude": round(rng.uniform(45.8, 47.5), 3),
                "coord_precision": "centroid",
                "aliases": [f"{name} District", f"{name} region"],
            }
        )
    while len(places) < n_places:
        i = len(places)
        name = _name(rng)
        kind = rng.choice(["city", "village", "village", "building", "front_sector", "feature"])
        place = {
            "place_id": f"place-{i:04d}",
            "name": name,
            "place_type": kind,
            "country": "AZE",
            "parent_id": rng.choice(districts),
            "latitude": round(rng.uniform(39.0, 40.6), 4),
            "longitude": round(rng.uniform(45.8, 47.5), 4),
            "coord_precision": rng.choice(["point", "approximate"]),
            "aliases": [name],
        }
        if rng.random() < 0.05:
            place["note"] = "Two villages share this name; this is the one in the district named."
        places.append(place)
    return places


# --- documents ---------------------------------------------------------------------------------


class Doc:
    """One synthetic source document: its sentences and the records citing them."""

    def __init__(self, index: int, rng: random.Random, published: dt.date):
        self.index, self.rng, self.published = index, rng, published
        self.sentences: list[str] = []
        self.records: dict[str, list[dict]] = {t: [] for t in SHARES}
        self.serial = 0

    def sentence(self, text: str) -> tuple[str, str]:
        """Add a unique sentence; return (sentence, quote) where quote is verbatim and unique."""
        self.serial += 1
        marker = f"according to report {self.index}/{self.serial}"
        sent = f"{text[0].upper()}{text[1:]}, {marker}."
        self.sentences.append(sent)
        if self.rng.random() < 0.3:  # quote only the end of the sentence (it still holds the marker)
            words = sent.split(" ")
            cut = self.rng.randint(1, max(1, len(words) // 3))
            return sent, " ".join(words[cut:])
        return sent, sent


def _date_block(rng: random.Random, published: dt.date, historical_ok: bool = False) -> dict:
    r = rng.random()
    if historical_ok and r < 0.05:
        year = rng.randint(1988, 1994)
        return {"date_start": dt.date(year, 1, 1), "date_end": dt.date(year, 12, 31), "date_precision": "year", "date_basis": "explicit", "historical": True}
    if r < 0.07:
        return {"date_start": None, "date_end": None, "date_precision": "unknown", "date_basis": "undated"}
    day = published - dt.timedelta(days=rng.choice([0, 0, 0, 1, 1, 2, 3]))
    day = max(day, WAR_START)
    if r < 0.15:
        start = max(WAR_START, day - dt.timedelta(days=rng.randint(1, 3)))
        return {"date_start": start, "date_end": day, "date_precision": "days" if start < day else "day", "date_basis": "inferred"}
    basis = rng.choice(["explicit", "explicit", "bounded_by_claim", "relative", "inferred"])
    out = {"date_start": day, "date_end": day, "date_precision": "day", "date_basis": basis}
    if basis == "relative":
        out["date_phrase"] = rng.choice(["on Friday", "today", "yesterday", "in the last 24 hours", "this morning"])
    if basis == "bounded_by_claim":  # undated: on or before the report
        out["date_start"], out["date_end"] = WAR_START, published
        out["date_precision"] = "day" if published == WAR_START else "range"
    return out


class Corpus:
    def __init__(self, seed: int, n_people: int = 300, n_places: int = 400):
        self.rng = random.Random(seed)
        self.actors = make_actors(self.rng, n_people)
        self.places = make_places(self.rng, n_places)
        self.people = [a["actor_id"] for a in self.actors if a["actor_type"] == "person"]
        self.media = [a["actor_id"] for a in self.actors if a["actor_type"] == "media"]
        self.sides = [
            ("azerbaijan", "azerbaijani-forces", "azerbaijan-mod"),
            ("armenia", "armenian-forces", "armenia-mod"),
            ("nagorno-karabakh-republic", "artsakh-defence-army", "armenia-mod"),
        ]
        self.claimants = ["azerbaijan-mod", "armenia-mod", "source-author", "unattributed", "azerbaijan-mfa", "armenia-mfa", "russia-mfa"]
        self.place_ids = [p["place_id"] for p in self.places]
        self.names = {a["actor_id"]: a["name"] for a in self.actors} | {p["place_id"]: p["name"] for p in self.places}
        self.recent: list[str] = []  # record ids of earlier documents, for cross-document disputes

    # each maker adds one sentence to the document and returns the record
    def _common(self, doc: Doc, quote: str, historical_ok: bool = False) -> dict:
        rng = doc.rng
        d = _date_block(rng, doc.published, historical_ok)
        out = {"quote": quote}
        if rng.random() < 0.2:
            out["reported_via_id"] = rng.choice(self.media)
        out |= {k: d[k] for k in ("date_start", "date_end", "date_precision", "date_basis")}
        if "date_phrase" in d:
            out["date_phrase"] = d["date_phrase"]
        if rng.random() < 0.75:
            out["place_id"] = rng.choice(self.place_ids)
        if d.get("historical"):
            out["historical"] = True
        if rng.random() < 0.25:
            out["note"] = rng.choice(
                [
                    "The text does not say who fired first; actor order follows the sentence.",
                    "Figure read as exact: the sentence gives no qualifier.",
                    "Date resolved against the publication date of the report.",
                    "The claimant repeats an earlier figure; coded again because the source restates it.",
                ]
            )
        return out

    def event(self, doc: Doc, rid: str) -> dict:
        rng = doc.rng
        sub = rng.choice(list(SUB_EVENTS))
        a, b = rng.sample(self.sides, 2)
        claimant = rng.choice(self.claimants)
        place = rng.choice(self.place_ids)
        _, quote = doc.sentence(f"{self.names[a[1]]} {EVENT_VERBS[sub]} {self.names[b[1]]} near {self.names[place]}")
        rec = {
            "event_id": rid,
            "claimant_id": claimant,
            "event_type": SUB_EVENTS[sub],
            "sub_event_type": sub,
            "description": f"{self.names[a[1]]} {EVENT_VERBS[sub]} {self.names[b[1]]} near {self.names[place]}.",
            "actor1_id": a[1],
            "actor2_id": b[1],
        }
        return rec | self._common(doc, quote)

    def _counts(self, rng: random.Random, n: int) -> dict:
        q = rng.choice(["exact", "exact", "exact", "at_least", "more_than", "about", "up_to", "range", "unspecified"])
        best = low = high = None
        if q == "exact" or q == "about":
            best = n
        elif q in ("at_least", "more_than"):
            best = low = n
        elif q == "up_to":
            best = high = n
        elif q == "range":
            low, high = n, n + rng.randint(1, 20)
        return {"count_best": best, "count_low": low, "count_high": high, "count_qualifier": q}

    def casualty(self, doc: Doc, rid: str, events: list[str]) -> dict:
        rng = doc.rng
        side = rng.choice(self.sides)
        n = rng.randint(1, 1200)
        kind = rng.choice(["cumulative", "cumulative", "increment", "increment", "incident"])
        pop = rng.choice(["military", "military", "civilian", "unknown"])
        outcome = rng.choice(["killed", "killed", "wounded", "missing", "captured"])
        counts = self._counts(rng, n if kind != "incident" else rng.randint(1, 12))
        _, quote = doc.sentence(f"{n} {pop} personnel of {self.names[side[0]]} were {outcome}")
        rec = {
            "casualty_id": rid,
            "claimant_id": rng.choice(self.claimants),
            "party_id": side[0] if pop != "unknown" else None,
            "population": pop,
            "outcome": outcome,
            "count_kind": kind,
        } | counts
        common = self._common(doc, quote)
        end = common["date_end"] or doc.published
        if kind == "cumulative":
            rec |= {"period_start": WAR_START, "period_end": end}
        elif kind == "increment":
            rec |= {"period_start": max(WAR_START, end - dt.timedelta(days=1)), "period_end": end}
        else:
            if rng.random() < 0.4:
                rec |= {
                    "person_name": f"{rng.choice(FIRST)} {_name(rng)}",
                    "person_age": rng.randint(18, 70),
                    "person_role": rng.choice(["soldier", "teacher", "journalist", "farmer"]),
                }
            if events and rng.random() < 0.5:
                rec["event_id"] = rng.choice(events)
        return rec | common

    def materiel(self, doc: Doc, rid: str, events: list[str]) -> dict:
        rng = doc.rng
        cls = rng.choice(list(MATERIEL))
        equipment = rng.choice(MATERIEL[cls])
        outcome = rng.choice(["destroyed", "destroyed", "shot_down", "intercepted", "seized", "damaged"])
        side = rng.choice(self.sides)
        n = rng.randint(1, 40)
        _, quote = doc.sentence(f"{n} {equipment} of {self.names[side[1]]} were {MATERIEL_OUTCOMES[outcome]}")
        rec = {
            "materiel_id": rid,
            "claimant_id": rng.choice(self.claimants),
            "party_id": side[1],
            "equipment": equipment,
            "materiel_class": cls,
            "materiel_outcome": outcome,
        } | self._counts(rng, n)
        if rec["count_qualifier"] == "unspecified":
            rec["count_qualifier"] = "exact"
            rec["count_best"] = n
        if events and rng.random() < 0.4:
            rec["event_id"] = rng.choice(events)
        return rec | self._common(doc, quote)

    def meeting(self, doc: Doc, rid: str) -> dict:
        rng = doc.rng
        people = rng.sample(self.people, rng.randint(2, 4))
        topic = rng.choice(TOPICS)
        _, quote = doc.sentence(f"{', '.join(self.names[p] for p in people[:-1])} and {self.names[people[-1]]} discussed {topic}")
        roles = ["participant"] * len(people)
        if rng.random() < 0.5:
            roles[-1] = rng.choice(["host", "mediator", "absent"])
        rec = {
            "meeting_id": rid,
            "claimant_id": rng.choice(self.claimants),
            "meeting_format": rng.choice(["in_person", "phone_call", "video_call", "unknown"]),
            "status": rng.choice(["held", "held", "held", "scheduled", "expected", "declined", "cancelled"]),
            "mediator_id": people[-1] if roles[-1] == "mediator" else None,
            "topic": f"Talks on {topic}.",
            "participants": [{"actor_id": p, "role": r} for p, r in zip(people, roles)],
        }
        if rng.random() < 0.4:
            rec["outcome"] = rng.choice(["The sides agreed to meet again.", "No agreement was reached.", "A joint statement was issued."])
        return rec | self._common(doc, quote)

    def territory(self, doc: Doc, rid: str) -> dict:
        rng = doc.rng
        place = rng.choice(self.place_ids)
        rec = {"territory_id": rid, "claimant_id": rng.choice(self.claimants)}
        if rng.random() < 0.65:
            attr = rng.choice(list(TERRITORY))
            unit, verb = TERRITORY[attr]
            value = round(rng.uniform(1, 100), 1) if unit == "percent" else rng.randint(10, 150000)
            _, quote = doc.sentence(f"{self.names[place]} {verb} {value} {unit}")
            rec |= {"attribute": attr, "value_num": value, "unit": unit, "value_qualifier": rng.choice([None, "exact", "about", "more_than"])}
            if attr == "share_of_territory":
                rec["reference_place_id"] = "azerbaijan"
            if attr == "troops_deployed":
                rec["party_id"] = rng.choice(self.sides)[1]
        else:
            attr = rng.choice(list(TERRITORY_TEXT))
            holder = rng.choice(self.sides)[0]
            _, quote = doc.sentence(f"{self.names[place]} {TERRITORY_TEXT[attr]} {self.names[holder]}")
            rec |= {"attribute": attr, "value_text": f"{TERRITORY_TEXT[attr]} {self.names[holder]}", "party_id": holder}
        return rec | self._common(doc, quote, historical_ok=True)

    def statement(self, doc: Doc, rid: str) -> dict:
        rng = doc.rng
        kind = rng.choice(STATEMENT_TYPES)
        who = rng.choice(self.people + self.claimants)
        topic = rng.choice(TOPICS)
        _, quote = doc.sentence(f"{self.names[who]} {STATEMENT_VERBS[kind]} {topic}")
        rec = {
            "statement_id": rid,
            "claimant_id": who,
            "statement_type": kind,
            "subject_id": rng.choice([None, None, "azerbaijan", "armenia", "russia"]),
            "summary": f"{self.names[who]} {STATEMENT_VERBS[kind]} {topic}.",
        }
        return rec | self._common(doc, quote, historical_ok=True)

    def dispute(self, doc: Doc, rid: str, same_doc: list[str]) -> dict:
        rng = doc.rng
        pool = self.recent if (self.recent and (rng.random() < 0.15 or not same_doc)) else same_doc
        target = rng.choice(pool)
        kind = rng.choice(DISPUTE_KINDS)
        by = rng.choice(["azerbaijan-mod", "armenia-mod", "azerbaijan-mfa", "armenia-mfa"])
        _, quote = doc.sentence(f"{self.names[by]} called the claim in item {target} completely false")
        rec = {"dispute_id": rid, "record_id": target, "disputed_by_id": by, "kind": kind}
        if kind.startswith("conflicting") or kind == "contradiction":
            others = [r for r in same_doc + self.recent[-50:] if r != target]
            if not others:
                rec["kind"] = "denial"
            else:
                rec["other_record_id"] = rng.choice(others)
        return rec | self._common(doc, quote)


def _counts_per_doc(n_records: int, n_docs: int) -> list[int]:
    base, extra = divmod(n_records, n_docs)
    return [base + (1 if i < extra else 0) for i in range(n_docs)]


def _tables_for(rng: random.Random, k: int) -> list[str]:
    """k table names with the SHARES proportions; disputes never first (they point back)."""
    names = list(SHARES)
    quota = {t: SHARES[t] * k for t in names}
    counts = {t: int(q) for t, q in quota.items()}
    rest = sorted(names, key=lambda t: (counts[t] - quota[t], rng.random()))
    for t in rest[: k - sum(counts.values())]:
        counts[t] += 1
    if k < 2:
        counts = {t: 0 for t in names} | {"events": k}
    return [t for t in names for _ in range(counts[t])]


def generate(out: Path, n_records: int, n_docs: int, seed: int = 0, n_people: int = 300, n_places: int = 400) -> Path:
    """Write out/raw/ and return its path."""
    raw = Path(out) / "raw"
    (raw / "records").mkdir(parents=True, exist_ok=True)
    (raw / "sources").mkdir(parents=True, exist_ok=True)
    corpus = Corpus(seed, n_people, n_places)
    header = "# Synthetic {what} for benchmarks (benchmarks/generate.py, seed {seed}).\n"
    (raw / "actors.yaml").write_text(
        header.format(what="actors", seed=seed) + "\n".join(["actors:"] + [l for a in corpus.actors for l in _mapping(a, 2, "- ")]) + "\n", encoding="utf-8"
    )
    (raw / "places.yaml").write_text(
        header.format(what="places", seed=seed) + "\n".join(["places:"] + [l for p in corpus.places for l in _mapping(p, 2, "- ")]) + "\n", encoding="utf-8"
    )
    (raw / "retired_ids.yaml").write_text("retired:\n  - id: ev-retired-01\n    reason: Duplicate of another event, removed.\n", encoding="utf-8")
    span = (WAR_END - WAR_START).days
    incidents: list[dict] = []
    for d, k in enumerate(_counts_per_doc(n_records, n_docs)):
        rng = random.Random(f"{seed}-{d}")
        published = WAR_START + dt.timedelta(days=(d * span) // max(1, n_docs - 1) if n_docs > 1 else 0)
        doc = Doc(d, rng, published)
        tables = _tables_for(rng, k)
        events: list[str] = []
        ids: list[str] = []
        counters = {t: 0 for t in SHARES}
        prefixes = {"events": "ev", "casualties": "cas", "materiel": "mat", "meetings": "mtg", "territory": "ter", "statements": "st", "disputes": "dis"}
        for t in tables:
            counters[t] += 1
            rid = f"{prefixes[t]}-{d:05d}-{counters[t]:03d}"
            if t == "events":
                rec = corpus.event(doc, rid)
                if not events:  # each document's first event is an incident of its own
                    rec |= {"incident_id": f"inc-{d:05d}", "incident_basis": "single_claim"}
                    incidents.append({"incident_id": f"inc-{d:05d}", "incident_kind": "clash", "description": f"The first event of report {d}."})
                events.append(rid)
            elif t == "casualties":
                rec = corpus.casualty(doc, rid, events)
            elif t == "materiel":
                rec = corpus.materiel(doc, rid, events)
            elif t == "meetings":
                rec = corpus.meeting(doc, rid)
            elif t == "territory":
                rec = corpus.territory(doc, rid)
            elif t == "statements":
                rec = corpus.statement(doc, rid)
            else:
                rec = corpus.dispute(doc, rid, ids)
            doc.records[t].append(rec)
            if t != "disputes":
                ids.append(rid)
        corpus.recent = (corpus.recent + ids)[-500:]
        # the text: a headline, the sentences in a shuffled order, filler sentences
        fillers = [
            f"Residents of {corpus.names[rng.choice(corpus.place_ids)]} described a quiet night before dispatch {d}/{i}." for i in range(rng.randint(0, 2))
        ]
        body = doc.sentences + fillers
        rng.shuffle(body)
        paragraphs = [" ".join(body[i : i + 4]) for i in range(0, len(body), 4)]
        text = f"Fighting report number {d} from the front\n" + "\n".join(paragraphs) + "\n"
        data = text.encode("utf-8")
        digest = hashlib.sha256(data).hexdigest()
        stem = f"{d:05d}_{digest[:16]}"
        (raw / "sources" / f"{stem}.txt").write_bytes(data)
        if fillers:
            lines = [f"# Sentences of raw/sources/{stem}.txt with nothing codable.", "exclusions:"]
            for f in fillers:
                lines += [f"  - sentence: {json.dumps(f, ensure_ascii=False)}", "    reason: Scene-setting with no event, figure or position."]
            (raw / "sources" / f"{stem}.exclusions.yaml").write_text("\n".join(lines) + "\n", encoding="utf-8")
        source = {
            "source_id": f"src-{d:05d}",
            "file": f"sources/{stem}.txt",
            "sha256": digest,
            "publisher": None,
            "title": f"Fighting report number {d} from the front",
            "published_date": published,
            "date_basis": "Internal evidence: the report dates its latest events to the day of publication.",
            "language": "en",
        }
        lines = [f"# Records coded from raw/sources/{stem}.txt (synthetic).", "source:"] + _mapping(source, 2)
        for t in SHARES:
            if doc.records[t]:
                lines.append("")
                lines.append(f"{t}:")
                for rec in doc.records[t]:
                    lines += _mapping(rec, 2, "- ")
                    lines.append("")
        (raw / "records" / f"src-{d:05d}.yaml").write_text("\n".join(lines).rstrip("\n") + "\n", encoding="utf-8")
    lines = ["incidents:"] + [l for inc in incidents for l in _mapping(inc, 2, "- ")] if incidents else ["incidents: []"]
    (raw / "incidents.yaml").write_text(header.format(what="incidents", seed=seed) + "\n".join(lines) + "\n", encoding="utf-8")
    return raw


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("out", type=Path, help="folder to write raw/ into")
    p.add_argument("--records", type=int, default=10_000)
    p.add_argument("--docs", type=int, default=100)
    p.add_argument("--seed", type=int, default=0)
    args = p.parse_args(argv)
    raw = generate(args.out, args.records, args.docs, args.seed)
    print(f"wrote {raw}: {args.records} records over {args.docs} documents")
    return 0


if __name__ == "__main__":
    sys.exit(main())
