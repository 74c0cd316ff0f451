"""Resolve any spelling of an actor's name to the actor.

The sources spell names differently (Mnatsakanian / Mnatsakanyan, curly or
straight apostrophes, Turkish or English orthography), and actors.yaml
keeps every spelling seen as an alias. resolve() matches a name against
those aliases ignoring case, accents and typographic variants, so a user
need not know which spelling the coders kept; for a name it does not know
it fails with near matches rather than guessing. Only the standard library
is imported here; the actors table is read on first use.

    >>> karabakh_data.resolve("MNATSAKANIAN")
    ActorMatch(actor_id='zohrab-mnatsakanyan', name='Zohrab Mnatsakanyan', alias='Mnatsakanian')
"""

from __future__ import annotations

import difflib
import unicodedata
from pathlib import Path
from typing import NamedTuple


class ActorMatch(NamedTuple):
    actor_id: str
    name: str
    alias: str
    """The spelling in the data that matched (an alias, the canonical name or the id)."""


class UnknownActor(LookupError):
    """No actor has this name; suggestions holds the nearest known spellings."""

    def __init__(self, name: str, suggestions: list[ActorMatch]):
        self.name, self.suggestions = name, suggestions
        hint = "; ".join(f"{s.alias!r} ({s.actor_id})" for s in suggestions)
        super().__init__(f"no actor is called {name!r}" + (f". Did you mean: {hint}?" if hint else " (and no spelling is close)"))

    def __str__(self) -> str:  # KeyError-style repr quoting would hide the hint
        return self.args[0]


class AmbiguousActor(LookupError):
    """The name is a spelling of several actors; candidates lists them."""

    def __init__(self, name: str, candidates: list[ActorMatch]):
        self.name, self.candidates = name, candidates
        ids = ", ".join(c.actor_id for c in candidates)
        super().__init__(f"{name!r} may refer to several actors: {ids}; use the actor id")


# Characters NFKD does not decompose but that differ only typographically.
_FOLD = str.maketrans({"’": "'", "‘": "'", "ʼ": "'", "`": "'", "“": '"', "”": '"', "ı": "i", "–": "-", "—": "-", "‐": "-"})


def normalize(name: str) -> str:
    """Case-, accent- and whitespace-insensitive key: 'Gazançetsots' -> 'gazancetsots'."""
    text = unicodedata.normalize("NFKD", str(name).translate(_FOLD))
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    return " ".join(text.casefold().split())


_cache: dict = {}


def _index() -> dict[str, list[ActorMatch]]:
    """normalized spelling -> matches, rebuilt when the actors file changes."""
    from . import data_dir, load

    path = Path(data_dir()) / "actors.parquet"
    stamp = (str(path), path.stat().st_mtime_ns)
    if _cache.get("stamp") != stamp:
        index: dict[str, list[ActorMatch]] = {}
        rows = load("actors", backend="arrow").select(["actor_id", "name", "aliases"]).to_pylist()
        for r in rows:
            for spelling in [r["name"], *(r["aliases"] or [])]:
                index.setdefault(normalize(spelling), []).append(ActorMatch(r["actor_id"], r["name"], spelling))
        for r in rows:  # an id is a spelling too, unless it is already one
            index.setdefault(normalize(r["actor_id"]), [ActorMatch(r["actor_id"], r["name"], r["actor_id"])])
        _cache.update(stamp=stamp, index=index)
    return _cache["index"]


def resolve(name: str) -> ActorMatch:
    """The actor a name refers to; UnknownActor (a LookupError) with near matches if none."""
    index = _index()
    key = normalize(name)
    matches = index.get(key)
    if not matches:
        close = difflib.get_close_matches(key, list(index), n=20, cutoff=0.6)
        best = {}  # one suggestion per actor, its closest spelling first
        for k in close:
            best.setdefault(index[k][0].actor_id, index[k][0])
        raise UnknownActor(name, list(best.values())[:5])
    if len({m.actor_id for m in matches}) > 1:
        raise AmbiguousActor(name, matches)
    exact = [m for m in matches if m.alias == name]
    return (exact or matches)[0]
