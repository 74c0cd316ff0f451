"""`karabakh-data regenerate`: the README's data-printing examples are rewritten from what they print now; outside a checkout nothing is written."""

from __future__ import annotations

import re

from karabakh_data.cli import main
from karabakh_data.cli.regenerate import STEPS, _block, _doctest


def test_a_stale_doctest_output_is_replaced_by_what_the_code_prints(use_build):
    stale = '>>> import karabakh_data as kd\n>>> kd.load("events").shape[0]\n999\n>>> print("two\\nlines")\nold\n'
    fresh = _doctest(stale)
    rows = len(__import__("karabakh_data").load("events"))
    assert fresh == f'>>> import karabakh_data as kd\n>>> kd.load("events").shape[0]\n{rows}\n>>> print("two\\nlines")\ntwo\nlines\n'
    assert _doctest(fresh) == fresh  # a true example is left as it is


def test_a_stale_shell_example_is_replaced_by_the_command_output(use_build):
    block = '```text\n$ karabakh-data query "SELECT count(*) AS n FROM sources" --format csv\nn\n7\n```'
    m = re.match(r"^```(python|text)\n(.*?)^```", block, re.M | re.S)
    assert _block(m) == '```text\n$ karabakh-data query "SELECT count(*) AS n FROM sources" --format csv\nn\n2\n```'


def test_regenerate_refuses_outside_a_checkout(tmp_path, capsys):
    assert main(["regenerate", "--root", str(tmp_path)]) == 4  # environment: not a checkout
    assert "checkout" in capsys.readouterr().err and list(tmp_path.iterdir()) == []


def test_every_generated_kind_has_a_step():
    names = " ".join(name for name, _ in STEPS)
    for kind in ("package copy", "JSON Schemas", "dictionary", "common questions", "README examples", "figures", "reliability"):
        assert kind in names, kind
