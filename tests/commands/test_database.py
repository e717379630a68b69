"""`painclinic init | import | export-bundle | check` as a person runs them."""

import json
import os
import subprocess
import sys

import pytest

from painclinic_desktop.cli import main
from tests.factories import bundle, client, contact, referral


def _write(path, doc):
    path.write_text(json.dumps(doc), encoding="utf-8")
    return path


def test_init_creates_an_empty_database_and_will_not_overwrite_one(tmp_path, capsys):
    db = tmp_path / "service.db"
    assert main(["--db", str(db), "init"]) == 0
    assert db.exists()
    assert main(["--db", str(db), "init"]) == 2
    assert "already exists" in capsys.readouterr().err


def test_import_prints_a_one_line_summary_then_export_gives_the_records_back(tmp_path, capsys):
    db = tmp_path / "service.db"
    source = _write(
        tmp_path / "in.json",
        bundle(clients=[client("ayesha")], referrals=[referral("r1")], contacts=[contact("c1")]),
    )
    assert main(["--db", str(db), "import", str(source)]) == 0
    out = capsys.readouterr().out.strip().splitlines()
    assert len(out) == 1 and "3 added" in out[0]

    target = tmp_path / "out.json"
    assert main(["import", str(source), "--db", str(db)]) == 0  # --db after the command too
    assert main(["--db", str(db), "export-bundle", str(target)]) == 0
    exported = json.loads(target.read_text(encoding="utf-8"))
    assert [c["given_name"] for c in exported["clients"]] == ["Ayesha"]
    assert len(exported["contacts"]) == 1


def test_invalid_bundle_exits_2_listing_every_problem_and_changes_nothing(tmp_path, capsys):
    db = tmp_path / "service.db"
    main(["--db", str(db), "init"])
    bad = _write(
        tmp_path / "bad.json",
        bundle(
            clients=[client("ayesha", gender="F")],
            contacts=[contact("c1", type="fax"), contact("c2", client_id="not-a-uuid")],
        ),
    )
    assert main(["--db", str(db), "import", str(bad)]) == 2
    err = capsys.readouterr().err
    assert "gender" in err and "type" in err and "client_id" in err
    assert err.count("\n") >= 4
    main(["--db", str(db), "export-bundle", str(tmp_path / "after.json")])
    assert json.loads((tmp_path / "after.json").read_text())["clients"] == []


def test_check_passes_an_intact_database_and_fails_a_damaged_one(tmp_path, capsys):
    db = tmp_path / "service.db"
    source = _write(
        tmp_path / "in.json", bundle(clients=[client(f"c{i}", nhs_number=None) for i in range(300)])
    )
    main(["--db", str(db), "import", str(source)])
    assert main(["--db", str(db), "check"]) == 0
    assert "intact" in capsys.readouterr().out

    data = bytearray(db.read_bytes())
    page = 4096
    for offset in range(page * 2, min(len(data), page * 6)):  # scribble over table pages
        data[offset] = 0x5A
    db.write_bytes(bytes(data))
    for suffix in ("-wal", "-shm"):
        (tmp_path / f"service.db{suffix}").unlink(missing_ok=True)
    assert main(["--db", str(db), "check"]) == 1
    assert "restore" in capsys.readouterr().err


def test_check_on_a_file_that_is_not_a_database(tmp_path, capsys):
    other = tmp_path / "holiday.jpg"
    other.write_bytes(os.urandom(8192))
    assert main(["--db", str(other), "check"]) == 1


@pytest.mark.parametrize("command", ["init", "demo", "import", "export-bundle", "check", "score"])
def test_every_command_has_help(command):
    result = subprocess.run(
        [sys.executable, "-m", "painclinic_desktop.cli", command, "--help"],
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0
    assert "usage: painclinic" in result.stdout


def test_demo_creates_a_caseload_marked_demo(tmp_path, capsys):
    from painclinic_desktop.store.database import open_store

    db = tmp_path / "demo.db"
    assert main(["--db", str(db), "demo", "--clients", "20", "--seed", "3"]) == 0
    assert "clients added: 20" in capsys.readouterr().out
    store = open_store(db)
    assert store.is_demo  # every window title and export then says DEMO
    store.close()
