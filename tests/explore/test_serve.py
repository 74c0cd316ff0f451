"""`karabakh-data serve` is safe to leave running on localhost: no arbitrary SQL by default, bounded with --sql, foreign Host headers refused."""

from __future__ import annotations

import asyncio
import sys

import pytest

pytest.importorskip("datasette")

from karabakh_data.explore.datasette import VALUE_BYTES, allowed_hosts, metadata, register, settings  # noqa: E402
from karabakh_data.explore.sqlite_export import export_sqlite  # noqa: E402

PORT = 8001
HOST = {"host": f"127.0.0.1:{PORT}"}


@pytest.fixture
def app(use_build, tmp_path):
    """Datasette with serve's settings and plugin on an export of the build; yields a function making it with or without --sql."""
    from datasette.app import Datasette
    from datasette.plugins import pm

    db = tmp_path / "karabakh.db"
    export_sqlite(db)
    plugin = register(PORT)
    try:
        yield lambda sql=False: Datasette([], immutables=[str(db)], metadata=metadata(), settings=settings(sql))
    finally:
        pm.unregister(plugin)


def _get(ds, path: str, headers: dict = HOST):
    async def run():
        return await ds.client.get(path, headers=headers)

    return asyncio.run(run())


def test_arbitrary_sql_is_off_by_default_and_the_canned_queries_stay(app):
    ds = app()
    assert _get(ds, "/karabakh.json?sql=select+zeroblob(1000000000)").status_code == 403
    assert _get(ds, "/karabakh/events.json?_where=1%3D1").status_code == 403
    assert _get(ds, "/karabakh/events.json").status_code == 200
    assert _get(ds, "/karabakh/ask_disputed_claims.json").status_code == 200


def test_with_sql_a_query_is_bounded_in_rows_and_value_size(app):
    ds = app(sql=True)
    rows = _get(ds, "/karabakh.json?sql=select+value+from+generate_series(1,5000)&_shape=array")
    if rows.status_code != 200:  # SQLite without generate_series: a recursive count instead
        rows = _get(ds, "/karabakh.json?sql=with+recursive+c(x)+as+(select+1+union+all+select+x%2B1+from+c+where+x<5000)+select+x+from+c&_shape=array")
    assert rows.status_code == 200 and len(rows.json()) == settings(True)["max_returned_rows"]
    if sys.version_info >= (3, 11):  # sqlite3.Connection.setlimit
        big = _get(ds, f"/karabakh.json?sql=select+length(zeroblob({VALUE_BYTES + 1}))")
        assert big.status_code == 400 and "too big" in big.text


@pytest.mark.parametrize("host", ["evil.example", f"evil.example:{PORT}", "127.0.0.1:9999", ""])
def test_a_foreign_host_header_is_refused(app, host):
    """A page on another site that rebinds its name to 127.0.0.1 sends its own name as Host."""
    response = _get(app(sql=True), "/karabakh/events.json", {"host": host})
    assert response.status_code == 403
    assert response.text == f"Host {host!r} refused: this server answers only {', '.join(sorted(allowed_hosts(PORT)))}\n"


@pytest.mark.parametrize("host", sorted(allowed_hosts(PORT)))
def test_the_servers_own_names_are_served(app, host):
    assert _get(app(), "/karabakh/events.json", {"host": host}).status_code == 200
