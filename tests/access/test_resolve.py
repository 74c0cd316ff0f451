"""karabakh_data.resolve(): any spelling of an actor, case- and accent-insensitively."""

from __future__ import annotations

import importlib
import subprocess
import sys

import duckdb
import pytest

import karabakh_data
from karabakh_data import AmbiguousActor, UnknownActor, resolve

resolve_module = importlib.import_module("karabakh_data.access.resolve")


@pytest.mark.parametrize("name", ["Mnatsakanian", "mnatsakanian", "MNATSAKANYAN", "Zohrab  Mnatsakanyan", "zohrab-mnatsakanyan"])
def test_both_spellings_of_the_foreign_minister(use_build, name):
    # src-000 spells him "Mnatsakanian", src-003 "Mnatsakanyan"
    match = resolve(name)
    assert (match.actor_id, match.name) == ("zohrab-mnatsakanyan", "Zohrab Mnatsakanyan")


def test_matched_alias_is_the_spelling_in_the_data(use_build):
    assert resolve("mnatsakanian").alias == "Mnatsakanian"
    assert resolve("Azerbaijan's Defense Ministry").alias == "Azerbaijan's Defense Ministry"


def test_accents_and_typographic_apostrophes_are_folded(use_build):
    assert resolve("Shushan Stepanián").actor_id == "shushan-stepanyan"
    assert resolve("AZERBAIJAN’S DEFENSE MINISTRY").actor_id == "azerbaijan-mod"
    assert resolve_module.normalize("Gazançetsots") == "gazancetsots"


def test_unknown_name_suggests_near_matches(use_build):
    with pytest.raises(UnknownActor) as err:
        resolve("Mnatsakyan")
    assert isinstance(err.value, LookupError)
    assert "zohrab-mnatsakanyan" in str(err.value) and "Did you mean" in str(err.value)
    assert err.value.suggestions[0].actor_id == "zohrab-mnatsakanyan"
    with pytest.raises(LookupError, match="no spelling is close"):
        resolve("Xyzzy Qwerty")


def test_every_alias_of_actor_lookup_resolves_to_its_actor(use_build, built):
    con = duckdb.connect(str(built / "data" / "karabakh.duckdb"), read_only=True)
    for alias, actor_id in con.execute("SELECT alias, actor_id FROM actor_lookup").fetchall():
        try:
            assert resolve(alias).actor_id == actor_id, alias
        except AmbiguousActor as err:
            assert actor_id in {c.actor_id for c in err.candidates}


def test_a_spelling_of_two_actors_is_ambiguous(monkeypatch):
    a, b = resolve_module.ActorMatch("x-1", "X one", "Ex"), resolve_module.ActorMatch("x-2", "X two", "Ex")
    monkeypatch.setattr(resolve_module, "_index", lambda: {"ex": [a, b]})
    with pytest.raises(AmbiguousActor, match="x-1, x-2"):
        resolve("EX")


def test_import_stays_light():
    code = "import sys, karabakh_data; print(sorted(m for m in ('pandas', 'duckdb', 'pyarrow') if m in sys.modules))"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "[]"
    assert karabakh_data.resolve is resolve
