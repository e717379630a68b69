import sqlite3
from pathlib import Path

import pytest

from painclinic_desktop.core.errors import DatabaseTooNew, NotADatabase
from painclinic_desktop.store import migrations
from painclinic_desktop.store.database import open_store

FIXTURES = Path(__file__).parent / "fixtures"


def _tables(conn):
    return {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")}


def test_new_database_gets_every_migration_recorded_in_order(tmp_path):
    store = open_store(tmp_path / "new.db", create=True)
    names = [n for _, n in migrations.applied(store.conn)]
    assert names == [name for name, _ in migrations.MIGRATIONS]
    assert {"clients", "contacts", "assessments", "settings", "exports"} <= _tables(store.conn)
    assert store.conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert store.conn.execute("PRAGMA foreign_keys").fetchone()[0] == 1
    assert store.conn.execute("PRAGMA synchronous").fetchone()[0] == 2  # FULL
    store.close()
    # nothing to migrate on an empty database, so no copy is taken
    assert not list(tmp_path.glob("*before-migration*"))


RELEASED = [
    "0001_caseload_records",
    "0002_indexes_settings_exports",
    "0003_drafts",
    "0004_contact_note_versions",
    "0005_accounts_audit",
    "0006_registers_agendas_budgets",
    "0007_caseload_covering_indexes",
    "0008_clients_name_order",
    "0009_sync_outbox",
    "0010_training_costing",
    "0011_discharge_reason_optional",
    "0012_intake_drafts",
    "0013_medication_review",
    "0014_client_materials_language",
    "0015_imd_postcodes",
    "0016_programmes",
    "0017_follow_up_strategies",
    "0018_reads_from_indexes",
]


def _saved(tmp_path, fixture):
    path = tmp_path / "saved.db"
    conn = sqlite3.connect(path)
    conn.executescript((FIXTURES / fixture).read_text())
    conn.close()
    return path


def _schema(conn):
    return sorted(conn.execute("SELECT type, name, tbl_name, sql FROM sqlite_master"))


def test_each_step_keeps_the_number_and_name_databases_have_recorded():
    """Released databases record these names: a step's module name gives them, so a renamed
    or reordered module fails here rather than migrate a database twice."""
    assert [name for name, _ in migrations.MIGRATIONS[: len(RELEASED)]] == RELEASED
    numbers = [int(name[:4]) for name, _ in migrations.MIGRATIONS]
    assert numbers == list(range(1, migrations.LATEST + 1))
    for step, (name, apply) in zip(migrations.STEPS, migrations.MIGRATIONS, strict=True):
        assert step.__name__.endswith(f".m{name}") and apply is step.apply


def test_database_saved_at_version_18_opens_without_running_any_step_again(tmp_path):
    path = _saved(tmp_path, "schema_v18_caseload.sql")
    conn = sqlite3.connect(path)
    recorded = list(conn.execute("SELECT * FROM schema_migrations ORDER BY id"))
    schema = _schema(conn)
    conn.close()
    assert [r[1] for r in recorded] == RELEASED

    store = open_store(path)
    assert list(store.conn.execute("SELECT * FROM schema_migrations ORDER BY id"))[:18] == recorded
    if migrations.LATEST == 18:
        assert _schema(store.conn) == schema
    names = [r[0] for r in store.conn.execute("SELECT given_name FROM clients ORDER BY given_name")]
    assert names == ["Bogumiła", "Imran"]
    store.close()
    if migrations.LATEST == 18:  # nothing ran, so no copy was taken
        assert not list(tmp_path.glob("*before-migration*"))


def test_database_saved_at_version_15_gets_the_later_steps_as_that_version_would(tmp_path):
    """Upgraded by the named steps, a version-15 database ends with exactly the schema the
    numbered modules gave a database at version 18."""
    path = _saved(tmp_path, "schema_v15_caseload.sql")
    store = open_store(path)
    names = [name for _, name in migrations.applied(store.conn)]
    assert names[:18] == RELEASED and len(names) == migrations.LATEST
    upgraded = _schema(store.conn)
    assert store.conn.execute("SELECT count(*) FROM contacts").fetchone()[0] == 2
    store.close()
    saved = sqlite3.connect(tmp_path / "v18.db")
    saved.executescript((FIXTURES / "schema_v18_caseload.sql").read_text())
    if migrations.LATEST == 18:
        assert upgraded == _schema(saved)
    else:
        assert set(_schema(saved)) <= set(upgraded)
    saved.close()

    copies = list(tmp_path.glob("saved.before-migration-*.db"))
    assert len(copies) == 1
    copy = sqlite3.connect(copies[0])
    assert [r[0] for r in copy.execute("SELECT id FROM schema_migrations")] == list(range(1, 16))
    copy.close()


def test_version_1_database_is_upgraded_keeping_its_records_and_a_copy(tmp_path):
    path = tmp_path / "old.db"
    conn = sqlite3.connect(path)
    conn.executescript((FIXTURES / "schema_v1_caseload.sql").read_text())
    conn.close()

    store = open_store(path)
    assert migrations.applied(store.conn)[-1][0] == migrations.LATEST
    names = [r[0] for r in store.conn.execute("SELECT given_name FROM clients ORDER BY given_name")]
    assert names == ["Bogumiła", "Imran"]
    assert store.conn.execute("SELECT count(*) FROM contacts").fetchone()[0] == 2
    store.close()

    copies = list(tmp_path.glob("old.before-migration-*.db"))
    assert len(copies) == 1
    saved = sqlite3.connect(copies[0])
    assert [r[0] for r in saved.execute("SELECT id FROM schema_migrations")] == [1]
    saved.close()


def test_database_from_a_newer_version_is_refused_and_left_unchanged(tmp_path):
    path = tmp_path / "future.db"
    open_store(path, create=True).close()
    conn = sqlite3.connect(path)
    conn.execute("INSERT INTO schema_migrations VALUES (99, '0099_future', '2030-01-01')")
    conn.commit()
    conn.close()
    before = path.read_bytes()

    with pytest.raises(DatabaseTooNew, match="newer version"):
        open_store(path)
    assert path.read_bytes() == before


def test_a_failing_migration_leaves_no_trace(tmp_path, monkeypatch):
    def broken(conn):
        conn.execute("CREATE TABLE half_done (x)")
        raise RuntimeError("power cut")

    good = migrations.LATEST
    monkeypatch.setattr(
        migrations, "MIGRATIONS", migrations.MIGRATIONS + (("9999_broken", broken),)
    )
    monkeypatch.setattr(migrations, "LATEST", good + 1)
    with pytest.raises(RuntimeError):
        open_store(tmp_path / "x.db", create=True)
    conn = sqlite3.connect(tmp_path / "x.db")
    assert "half_done" not in _tables(conn)
    recorded = [r[0] for r in conn.execute("SELECT id FROM schema_migrations")]
    assert recorded == list(range(1, good + 1))


def test_missing_file_is_not_silently_created(tmp_path):
    with pytest.raises(NotADatabase):
        open_store(tmp_path / "typo.db")
    assert not (tmp_path / "typo.db").exists()


def test_other_files_are_refused_with_a_clear_message(tmp_path):
    text = tmp_path / "notes.db"
    text.write_text("this is not a database at all, just some text " * 100)
    with pytest.raises(NotADatabase):
        open_store(text)

    other = tmp_path / "other.db"
    conn = sqlite3.connect(other)
    conn.execute("CREATE TABLE recipes (name)")
    conn.commit()
    conn.close()
    with pytest.raises(NotADatabase, match="not a PainClinic database"):
        open_store(other)


def test_programmes_migration_adds_programmes_to_a_database_holding_records(tmp_path):
    path = tmp_path / "old.db"
    conn = sqlite3.connect(path)
    conn.executescript((FIXTURES / "schema_v1_caseload.sql").read_text())
    conn.close()
    store = open_store(path)
    names = dict(migrations.applied(store.conn))
    number = [n for n, name in names.items() if name.endswith("_programmes")]
    assert len(number) == 1 and migrations.MIGRATIONS[number[0] - 1][0].endswith("_programmes")
    columns = {r[1] for r in store.conn.execute("PRAGMA table_info(programme_enrolments)")}
    assert {"programme_id", "client_id", "status", "dropout_reason", "completion_note"} <= columns
    client_id = store.conn.execute("SELECT id FROM clients LIMIT 1").fetchone()[0]
    with pytest.raises(Exception, match="FOREIGN KEY"):  # an enrolment needs its programme
        with store.atomic():
            store.conn.execute(
                "INSERT INTO programme_enrolments (id, programme_id, client_id, enrolled_on) "
                "VALUES ('e1', 'no such programme', ?, '2026-11-01')",
                (client_id,),
            )
    with store.atomic():
        store.conn.execute(
            "INSERT INTO programmes (id, name, planned_sessions, starts_on) "
            "VALUES ('p1', 'Spring', 8, '2026-03-02')"
        )
    rule = store.conn.execute("SELECT attendance_rule_percent FROM programmes").fetchone()[0]
    assert rule == 75  # the published rule, unless the programme says otherwise
    store.close()
