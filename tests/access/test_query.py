"""The query command's statement runner (access/query.py): a stop request reaches a statement that begins late."""

from __future__ import annotations

import threading
import time

import duckdb
import pytest

from karabakh_data.access.query import QueryStopped, _interruptible

LONG = "SELECT count(*) FROM range(20000000000) t(i) WHERE i % 7 = 3"  # tens of seconds unless stopped


class LateStart:
    """A connection whose statements begin half a second after they are asked for, as on a busy machine."""

    def __init__(self, con):
        self.con = con

    def execute(self, sql):
        time.sleep(0.5)
        return self.con.execute(sql)

    def interrupt(self):
        self.con.interrupt()


def test_a_statement_that_begins_after_the_stop_request_is_still_stopped():
    con = duckdb.connect(":memory:")
    with pytest.raises(QueryStopped) as err:
        _interruptible(LateStart(con), LONG, timeout=0.1)  # the time runs out before the statement begins
    assert err.value.timed_out
    running = [t for t in threading.enumerate() if t.name == "karabakh-data query" and t.is_alive()]
    assert running == [], "the statement kept running after the command said it was stopped"
    con.close()
