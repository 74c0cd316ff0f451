"""The SQLite export and the Datasette metadata, without a browser (see test_browser.py)."""

from __future__ import annotations

import json
import sqlite3
import sys

import pytest

import karabakh_data as kd
from karabakh_data.access.views import parse
from karabakh_data.cli import main
from karabakh_data.explore.datasette import metadata, serve, view_header
from karabakh_data.extras import MissingExtra
from karabakh_data.paths import view_files
from karabakh_data.schema.table_specs import TABLES


@pytest.fixture
def db(use_build, tmp_path):
    path = tmp_path / "k.sqlite"
    assert main(["export", "--format", "sqlite", "-o", str(path)]) == 0
    con = sqlite3.connect(path)
    yield con
    con.close()


def test_every_table_and_view_is_exported_with_its_rows(db):
    names = {r[0] for r in db.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    views = {p.stem for p in view_files()}
    assert names == set(TABLES) | views
    for name in TABLES:
        assert db.execute(f'SELECT count(*) FROM "{name}"').fetchone()[0] == len(kd.load(name)), name
    con = kd.connect()
    for view in views:
        assert db.execute(f'SELECT count(*) FROM "{view}"').fetchone()[0] == con.execute(f'SELECT count(*) FROM "{view}"').fetchone()[0], view


def test_types_keys_and_vocabularies_survive(db):
    cols = {r[1]: r for r in db.execute("PRAGMA table_info(events)")}
    assert cols["event_id"][2] == "TEXT" and cols["event_id"][5] == 1  # primary key
    assert cols["date_start"][2] == "DATE" and cols["historical"][2] == "BOOLEAN" and cols["quote_start"][2] == "INTEGER"
    assert cols["claimant_id"][3] == 1  # NOT NULL
    row = db.execute("SELECT date_start, historical, quote_start FROM events WHERE date_start IS NOT NULL LIMIT 1").fetchone()
    assert len(row[0]) == 10 and row[0][4] == "-" and row[1] in (0, 1) and isinstance(row[2], int)
    actors = kd.load("actors").set_index("actor_id")
    for actor_id, aliases in db.execute("SELECT actor_id, aliases FROM actors"):
        assert json.loads(aliases) == list(actors.loc[actor_id, "aliases"])
    assert db.execute("PRAGMA foreign_key_check").fetchall() == []
    targets = {(r[2], r[3]) for r in db.execute("PRAGMA foreign_key_list(events)")}
    assert ("actors", "claimant_id") in targets and ("places", "place_id") in targets
    with pytest.raises(sqlite3.IntegrityError):
        db.execute("UPDATE events SET event_type = 'picnic'")


def test_export_sqlite_arguments(use_build, tmp_path, capsys):
    assert main(["export", "events", "--format", "sqlite", "-o", str(tmp_path / "x.sqlite")]) == 2
    assert main(["export", "--format", "sqlite"]) == 2
    assert "give -o FILE" in capsys.readouterr().err
    assert main(["export", "--format", "csv"]) == 2


def test_metadata_comes_from_the_schemas_and_the_view_files(db):
    meta = metadata()
    assert meta["license"] == "CC BY 4.0" and kd.__version__ in meta["title"] and meta["source"]
    tables = meta["databases"]["karabakh"]["tables"]
    for name, t in TABLES.items():
        assert tables[name]["description"] == t.description
        assert tables[name]["columns"] == {c.name: c.description for c in t.columns}
    queries = meta["databases"]["karabakh"]["queries"]
    assert len(queries) == len(view_files())
    for path in view_files():
        q = queries[f"ask_{path.stem}"]
        assert q["title"] == parse(path).question == view_header(path)[0]
        if ":known_on" in q["sql"]:  # "as known on": one day of the calendar, the last when left empty
            days = {r[0] for r in db.execute(q["sql"], {"known_on": "2020-10-10"}).fetchall()}
            assert days == {"2020-10-10"}, path.name
            assert db.execute(q["sql"], {"known_on": ""}).fetchall(), path.name
        else:
            db.execute(q["sql"]).fetchall()  # the canned query runs on the export
    assert {n for n, q in queries.items() if ":known_on" in q["sql"]} == {"ask_claims_known_on", "ask_totals_known_on"}


def test_serve_without_datasette_says_how_to_install(monkeypatch, capsys):
    monkeypatch.setitem(sys.modules, "datasette", None)
    monkeypatch.setitem(sys.modules, "datasette.cli", None)
    with pytest.raises(MissingExtra, match=r"pip install 'karabakh-data\[explore\]'"):
        serve(port=1)
    assert main(["serve", "--port", "8001"]) == 4
    assert capsys.readouterr().err.strip() == "karabakh-data serve: datasette is not installed; install it with:  pip install 'karabakh-data[explore]'"
