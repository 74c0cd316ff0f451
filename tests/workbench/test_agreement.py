"""`karabakh-data agreement`: identical codings agree perfectly; a known disagreement gives the alpha computed by hand."""

from __future__ import annotations

import json

import pytest

from karabakh_data.cli import main
from karabakh_data.workbench.agreement import agreement

from ..conftest import RAW

TEXT = "Alpha said one. Beta said two. Gamma said three. Delta said four.\n"  # invented, four sentences


def _coding(folder, claimants: list[str], counts: list[int], tables: list[str] | None = None):
    """A records file of four records, one per sentence; the text beside it under sources/."""
    (folder / "sources").mkdir(parents=True, exist_ok=True)
    (folder / "sources" / "t.txt").write_text(TEXT, encoding="utf-8")
    (folder / "records").mkdir(exist_ok=True)
    quotes = ["Alpha said one.", "Beta said two.", "Gamma said three.", "Delta said four."]
    lines = ["source:", "  source_id: src-900", "  file: sources/t.txt", "casualties:"]
    for k, (c, n, q) in enumerate(zip(claimants, counts, quotes)):
        lines += [
            f"  - casualty_id: cas-900-{k}",
            f"    claimant_id: {c}",
            f"    quote: {q}",
            f"    count_best: {n}",
            "    count_qualifier: exact",
        ]
    path = folder / "records" / "src-900.yaml"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def test_identical_codings_agree_perfectly_on_every_field(tmp_path):
    a = _coding(tmp_path / "a", ["x", "x", "y", "z"], [10, 20, 30, 40])
    b = _coding(tmp_path / "b", ["x", "x", "y", "z"], [10, 20, 30, 40])
    r = agreement(a, b, tmp_path / "a")
    assert len(r.pairs) == 4 and not r.only_a and not r.only_b and not r.disagreements
    assert r.alphas["claimant_id"][0] == 1.0 and r.alphas["count_best"][0] == 1.0


def test_the_real_coding_agrees_with_itself():
    r = agreement(RAW / "records" / "src-003.yaml", RAW / "records" / "src-003.yaml", RAW)
    assert r.pairs and not r.disagreements and not r.unplaced
    assert all(a == 1.0 for a, _, _ in r.alphas.values() if a is not None)


def test_a_known_disagreement_gives_the_alpha_computed_by_hand(tmp_path):
    a = _coding(tmp_path / "a", ["x", "x", "y", "y"], [10, 20, 30, 10])
    b = _coding(tmp_path / "b", ["x", "x", "y", "z"], [10, 20, 40, 10])
    r = agreement(a, b, tmp_path / "a")
    # Nominal, values A x x y y / B x x y z: coincidences o(x,x)=4, o(y,y)=2, o(y,z)=o(z,y)=1; n=8,
    # n_x=4, n_y=3, n_z=1. D_o = 2/8; D_e = (8^2 - (16 + 9 + 1)) / (8 * 7) = 38/56; alpha = 1 - D_o/D_e = 24/38.
    assert r.alphas["claimant_id"][0] == pytest.approx(24 / 38)
    # Interval, A 10 20 30 10 / B 10 20 40 10: D_o = 2 * 10^2 / 8 = 25; the 8 values 10 10 10 10 20 20 30 40 give
    # a sum of squared differences over ordered pairs of 2 * (8*100 + 4*400 + 4*900 + 2*100 + 2*400 + 100) = 14200,
    # D_e = 14200 / 56; alpha = 1 - 25 * 56 / 14200 = 0.9014.
    assert r.alphas["count_best"][0] == pytest.approx(1 - 25 * 56 / 14200)
    assert ("claimant_id", "cas-900-3", "cas-900-3", "y", "z") in r.disagreements
    assert r.alphas["claimant_id"][1:] == (4, 3)


def test_records_pair_by_quote_and_the_rest_are_listed(tmp_path, capsys):
    a = _coding(tmp_path / "a", ["x", "x", "y", "y"], [10, 20, 30, 10])
    b = _coding(tmp_path / "b", ["x", "x", "y", "z"], [10, 20, 40, 10])
    text = b.read_text(encoding="utf-8").replace("Delta said four.", "Delta said")
    text = text.replace("  - casualty_id: cas-900-1\n    claimant_id: x\n    quote: Beta said two.\n    count_best: 20\n    count_qualifier: exact\n", "")
    b.write_text(text, encoding="utf-8")
    r = agreement(a, b, tmp_path / "a")
    assert [x.id for x in r.only_a] == ["cas-900-1"] and not r.only_b and len(r.pairs) == 3
    assert r.alphas["sentence coded (yes/no)"][1] == 4
    assert main(["agreement", str(a), str(b), "--raw", str(tmp_path / "a"), "--format", "json"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert out["only_a"] == ["cas-900-1"] and out["alpha"]["claimant_id"]["units"] == 3
