"""`painclinic score`: the command-line contract of MEASURES.md."""

import argparse
import json

import pytest

from painclinic_desktop.commands import score as score_command


def run_score(argv, capsys):
    parser = argparse.ArgumentParser(prog="painclinic")
    score_command.register(parser.add_subparsers(dest="command"))
    args = parser.parse_args(["score", *argv])
    code = args.func(args)
    out, err = capsys.readouterr()
    return code, out, err


def test_json_matches_the_measures_example(capsys):
    code, out, err = run_score(
        ["bpi", "--items", "null,null,null,null,5,6,5,5,null,null,null", "--json"], capsys
    )
    assert (code, err) == (0, "")
    assert out.count("\n") == 1  # one JSON object on one line
    result = json.loads(out)
    assert result == {
        "instrument": "bpi",
        "valid": False,
        "scores": {"severity": None, "interference": 5.25},
        "bands": {"severity": None},
        "flags": [],
        "prorated": False,
    }
    assert list(result) == ["instrument", "valid", "scores", "bands", "flags", "prorated"]


def test_json_for_prorated_phq9_with_risk_flag(capsys):
    code, out, _ = run_score(["phq9", "--items", "1,2,null,0,3,1,2,0,1", "--json"], capsys)
    assert code == 0
    assert json.loads(out) == {
        "instrument": "phq9",
        "valid": True,
        "scores": {"total": 11},  # 10 x 9 / 8 = 11.25
        "bands": {"total": "moderate"},
        "flags": ["item9_risk"],
        "prorated": True,
    }


def test_json_for_an_unbanded_instrument_has_empty_bands(capsys):
    _, out, _ = run_score(["swemwbs", "--items", "3, 4, 3, 2, 4, 3, 3", "--json"], capsys)
    assert json.loads(out)["scores"] == {"raw": 22, "metric": 19.98}
    assert json.loads(out)["bands"] == {}


@pytest.mark.parametrize(
    "instrument, items, message",
    [
        ("pseq", "4,5,7,6,3,2,5,4,6,3", "item 3: 7 is outside 0-6"),
        ("pseq", "4,5,6", "pseq has 10 items; 3 were given"),
        ("peg", "4,abc,6", "item 2: 'abc' is not a whole number or null"),
        ("peg", "4,2.5,6", "item 2: '2.5' is not a whole number or null"),
        ("peg", "4,,6", "item 2: empty; write null for an unanswered item"),
        ("peg", "4,-1,6", "item 2: -1 is outside 0-10"),
    ],
)
def test_input_errors_exit_2_with_one_line_naming_the_item(capsys, instrument, items, message):
    code, out, err = run_score([instrument, f"--items={items}", "--json"], capsys)
    assert (code, out, err) == (2, "", message + "\n")


def test_unknown_instrument_is_one_line(capsys):
    code, out, err = run_score(["sf36", "--items", "1,2,3"], capsys)
    assert (code, out) == (2, "")
    assert err.count("\n") == 1
    assert err.startswith("unknown instrument 'sf36'; expected one of: pseq, wemwbs")


def test_readable_summary(capsys):
    code, out, _ = run_score(
        ["bpi", "--items", "null,null,null,null,5,6,5,5,null,null,null"], capsys
    )
    assert code == 0
    assert "severity: not scored (too many unanswered items)" in out
    assert "interference: 5.25 (lower is better)" in out
    assert "valid: no" in out


def test_readable_summary_shows_band_proration_and_flag(capsys):
    _, out, _ = run_score(["phq9", "--items", "1,2,null,0,3,1,2,0,1"], capsys)
    assert "total: 11, band moderate (lower is better)" in out
    assert "prorated:" in out
    assert "FLAG item9_risk" in out


def test_register_points_the_subcommand_at_run():
    parser = argparse.ArgumentParser(prog="painclinic")
    score_command.register(parser.add_subparsers(dest="command"))
    args = parser.parse_args(["score", "gad7", "--items", "0,0,0,0,0,0,0"])
    assert args.func is score_command.run
    assert (args.instrument, args.items, args.json) == ("gad7", "0,0,0,0,0,0,0", False)


def test_a_negative_answer_written_with_a_space_still_names_the_item(capsys):
    from painclinic_desktop.cli import main

    assert main(["score", "phq9", "--items", "-1,0,0,0,0,0,0,0,0"]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and "item 1" in err[0]
