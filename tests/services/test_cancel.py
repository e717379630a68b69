"""Cancel means nothing happened: a cancelled bundle import leaves the database as it was, a
cancelled export or evaluation leaves no file (not even part of one) and no export in the
audit trail."""

from datetime import date

import pytest

from painclinic_desktop.core.errors import Cancelled
from painclinic_desktop.services import bundles
from painclinic_desktop.services.bundles import export_bundle_to, import_bundle
from painclinic_desktop.services.returns import write_evaluation_for
from painclinic_desktop.store.database import open_store
from tests.factories import assessment, bundle, client, contact, referral


class CancelAt:
    """Cancel is pressed at the ``at``-th report or check."""

    def __init__(self, at: int):
        self.at, self.asked = at, 0

    def report(self, done: int, total: int, text: str = "") -> None:
        self.check()

    def check(self) -> None:
        self.asked += 1
        if self.asked >= self.at:
            raise Cancelled()


def _caseload(n: int = 3) -> dict:
    names = [f"client{i}" for i in range(n)]
    return bundle(
        clients=[client(name, nhs_number=None) for name in names],
        referrals=[referral(f"r{i}", name) for i, name in enumerate(names)],
        contacts=[contact(f"c{i}", name) for i, name in enumerate(names)],
        assessments=[assessment(f"a{i}", name) for i, name in enumerate(names)],
    )


def _counts(store) -> dict:
    tables = ("clients", "referrals", "contacts", "assessments", "audit_log")
    return {t: store.conn.execute(f"SELECT count(*) FROM {t}").fetchone()[0] for t in tables}


@pytest.fixture
def store(tmp_path):
    store = open_store(tmp_path / "c.db", create=True)
    import_bundle(store, _caseload(2))
    yield store
    store.close()


@pytest.mark.parametrize("at", [1, 2, 8, 16])
def test_a_cancelled_import_changes_nothing(store, at):
    before = _counts(store)
    more = _caseload(6)  # two already held (merged), four new
    with pytest.raises(Cancelled):
        import_bundle(store, more, CancelAt(at))
    assert _counts(store) == before
    assert not store.conn.in_transaction
    import_bundle(store, more)  # and the same import, not cancelled, still goes in whole
    assert _counts(store)["clients"] == 6


def test_cancel_at_the_last_moment_still_undoes_every_record(store, tmp_path):
    """The last question comes after every insert and the audit row, inside the transaction."""
    counting = CancelAt(10_000)
    other = open_store(tmp_path / "other.db", create=True)
    import_bundle(other, _caseload(2))
    import_bundle(other, _caseload(6), counting)
    other.close()
    before = _counts(store)
    with pytest.raises(Cancelled):
        import_bundle(store, _caseload(6), CancelAt(counting.asked))
    assert _counts(store) == before


@pytest.mark.parametrize("at", [1, 3, 15])
def test_a_cancelled_export_leaves_no_file(store, tmp_path, at):
    out = tmp_path / "out" / "export.json"
    out.parent.mkdir()
    before = _counts(store)
    with pytest.raises(Cancelled):
        export_bundle_to(store, out, CancelAt(at))
    assert list(out.parent.iterdir()) == []  # no file, no temporary left behind
    assert _counts(store) == before  # no export recorded


def test_cancel_while_the_file_is_written_leaves_the_earlier_file(store, tmp_path, monkeypatch):
    monkeypatch.setattr(bundles, "WRITE_BATCH", 10)  # ask often, so a small file is asked
    out = tmp_path / "export.json"
    out.write_text("the earlier export\n")
    steps = len(bundles.BUNDLE_COLLECTIONS) + 1
    with pytest.raises(Cancelled):
        export_bundle_to(store, out, CancelAt(steps + 2))  # in the middle of json.dump
    assert out.read_text() == "the earlier export\n"
    assert sorted(
        p.name for p in tmp_path.iterdir() if p.suffix != ".db" and "c.db" not in p.name
    ) == ["export.json"]


def test_an_export_not_cancelled_is_whole(store, tmp_path):
    out = tmp_path / "export.json"
    assert export_bundle_to(store, out, CancelAt(10_000)) == 2
    assert bundles.read_bundle_file(out)["clients"]


@pytest.mark.parametrize("suffix", [".xlsx", ".pdf"])
@pytest.mark.parametrize("at", [1, 3, 99])
def test_a_cancelled_evaluation_leaves_no_file(store, tmp_path, suffix, at):
    out = tmp_path / "out" / f"evaluation{suffix}"
    out.parent.mkdir()
    before = _counts(store)
    progress = CancelAt(at)
    if at == 99:  # never cancelled: the file is made (the test of the test)
        write_evaluation_for(
            store, date(2026, 1, 1), date(2026, 11, 30), out, "x", progress=progress
        )
        assert out.exists()
        return
    with pytest.raises(Cancelled):
        write_evaluation_for(
            store, date(2026, 1, 1), date(2026, 11, 30), out, "x", progress=progress
        )
    assert list(out.parent.iterdir()) == []
    assert _counts(store) == before


def test_the_bundle_file_is_what_json_dump_writes_byte_for_byte(store, tmp_path, monkeypatch):
    import json

    monkeypatch.setattr(bundles, "WRITE_BATCH", 7)  # batches end in the middle of records
    doc = bundles.export_bundle(store)
    out = tmp_path / "export.json"
    bundles.write_bundle_file(doc, out)
    expected = json.dumps(doc, ensure_ascii=False, indent=1) + "\n"
    assert out.read_bytes() == expected.encode("utf-8")
