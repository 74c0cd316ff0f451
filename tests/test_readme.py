"""The README's examples run: every Python example, every shell command and its printed output.

* ```python blocks with ``>>>`` are doctests, run against a fresh build;
* ```text blocks whose lines start with ``$ karabakh-data`` run the command
  and compare what it prints with the lines that follow;
* ```bash blocks: every ``karabakh-data`` line runs and must exit 0, except
  the few in NOT_RUN, each with the reason and the test that covers it.
The set-up block is run by .ci/run itself, which reads it from the README.
"""

from __future__ import annotations

import doctest
import re
import shlex

import pytest

from karabakh_data.cli import main

from .conftest import ROOT

README = (ROOT / "README.md").read_text(encoding="utf-8")
BLOCKS = re.findall(r"^```(\w+)\n(.*?)^```", README, re.M | re.S)
NOT_RUN = {
    "serve": "starts a web server that runs until stopped; tests/test_explore.py and tests/test_browser.py drive it",
    "add-source": "copies a document into raw/; tests/test_add_source.py runs it on a copy of raw/",
}


def _python_blocks() -> list[str]:
    return [body for lang, body in BLOCKS if lang == "python" and ">>>" in body]


def _text_commands() -> list[tuple[str, str]]:
    out = []
    for lang, body in BLOCKS:
        if lang != "text" or not body.startswith("$ karabakh-data"):
            continue
        command, _, expected = body.partition("\n")
        out.append((command[2:], expected))
    return out


def _bash_commands() -> list[str]:
    lines = []
    for lang, body in BLOCKS[1:]:  # BLOCKS[0] is the set-up, run by .ci/run
        if lang == "bash":
            for line in body.splitlines():
                line = line.split("  #")[0].strip()
                if line.startswith("karabakh-data ") and line.split()[1] not in NOT_RUN:
                    lines.append(line)
    return lines


def test_readme_has_examples_of_each_kind():
    assert _python_blocks() and _text_commands() and _bash_commands()


@pytest.mark.parametrize("index", range(len(_python_blocks())))
def test_python_example_prints_what_the_readme_says(use_build, index):
    test = doctest.DocTestParser().get_doctest(_python_blocks()[index], {}, f"README python block {index + 1}", "README.md", 0)
    runner = doctest.DocTestRunner(optionflags=doctest.NORMALIZE_WHITESPACE | doctest.ELLIPSIS)
    failures = []
    runner.run(test, out=failures.append)
    assert runner.failures == 0, "".join(failures)


@pytest.mark.parametrize(("command", "expected"), _text_commands())
def test_shell_example_prints_what_the_readme_says(use_build, capsys, command, expected):
    assert main(shlex.split(command)[1:]) == 0
    assert capsys.readouterr().out.rstrip("\n") == expected.rstrip("\n")


@pytest.mark.parametrize("command", _bash_commands())
def test_shell_command_runs(use_build, tmp_path, monkeypatch, command):
    monkeypatch.chdir(tmp_path)
    assert main(shlex.split(command)[1:]) == 0
